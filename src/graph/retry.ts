/**
 * Graph's throttling answers (429, 503, 504): wait as Retry-After says, or back off exponentially
 * with full jitter when it says nothing, within a bounded budget of retries and total wait.
 */
export interface RetryPolicy {
  maxRetries: number;
  /** Total time the retries of one request may wait, in ms. */
  maxTotalWaitMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The policy in force; tests and hosts with tighter run-time limits may adjust it. */
export const retryPolicy: RetryPolicy = {
  maxRetries: 5,
  maxTotalWaitMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 32_000,
};

export const RETRYABLE_STATUSES = [429, 503, 504];

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before retry number `attempt` (0-based) when Graph gave no Retry-After. */
export function backoffMs(attempt: number, policy: RetryPolicy = retryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(Math.random() * ceiling);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Tracks one request's retries against the budget. */
export class RetryBudget {
  attempts = 0;
  waitedMs = 0;

  constructor(private readonly policy: RetryPolicy = retryPolicy) {}

  /** The wait before the next try, or undefined when the budget does not allow one. */
  next(retryAfter: number | undefined): number | undefined {
    if (this.attempts >= this.policy.maxRetries) return undefined;
    const wait = retryAfter ?? backoffMs(this.attempts, this.policy);
    if (this.waitedMs + wait > this.policy.maxTotalWaitMs) return undefined;
    this.attempts++;
    this.waitedMs += wait;
    return wait;
  }
}
