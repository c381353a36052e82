import type { Clock } from "./clock";
import { GraphError } from "./http";

/**
 * Outlook's documented limits per app and mailbox: 4 requests at a time, and 10,000 requests in any
 * 10 minutes (on the sandbox's clock). A request holds its slot from its arrival to its answer, so
 * slow answers (latency, slow responses) count against concurrency as they do in Exchange Online.
 */

export const OUTLOOK_CONCURRENCY = 4;
export const OUTLOOK_WINDOW_MS = 10 * 60 * 1000;
export const OUTLOOK_REQUESTS_PER_WINDOW = 10_000;
export const CONCURRENCY_MESSAGE = "Application is over its MailboxConcurrency limit.";
const RATE_MESSAGE = "Application is over its request limit.";

/**
 * Graph's 429, with the body and headers its throttling guidance documents: `Retry-After` in
 * seconds, code TooManyRequests, and an innerError carrying code and status "429". Which limit
 * was reached (`_reason`) is not part of the answer, as it is not in Graph's.
 */
export function throttled(_reason: string, retryAfterSeconds: number | null): GraphError {
  const headers: Record<string, string> =
    retryAfterSeconds === null ? {} : { "Retry-After": String(retryAfterSeconds) };
  return new GraphError(429, "TooManyRequests", "Please retry again later.", headers, {
    code: "429",
    message: "Please retry after",
    status: "429",
  });
}

/** Arrival times within the window, oldest first; old ones are dropped from the front as the clock moves. */
class Window {
  private readonly times: number[] = [];
  private head = 0;

  prune(now: number): void {
    while (this.head < this.times.length && this.times[this.head] <= now - OUTLOOK_WINDOW_MS) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.times.length - this.head;
  }

  get oldest(): number {
    return this.times[this.head];
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export class OutlookThrottle {
  private readonly inFlight = new Map<string, number>();
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  /** Admits a request for this app and mailbox or throws its 429; the returned function frees its slot. */
  admit(appId: string, mailbox: string): () => void {
    const key = `${appId}|${mailbox.toLowerCase()}`;
    const now = this.clock.now();
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new Window()));
    window.prune(now);
    if (window.size >= OUTLOOK_REQUESTS_PER_WINDOW) {
      throw throttled(RATE_MESSAGE, Math.max(1, Math.ceil((window.oldest + OUTLOOK_WINDOW_MS - now) / 1000)));
    }
    const running = this.inFlight.get(key) ?? 0;
    if (running >= OUTLOOK_CONCURRENCY) throw throttled(CONCURRENCY_MESSAGE, 1);
    window.add(now);
    this.inFlight.set(key, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    };
  }

  /** Requests in flight for this app and mailbox. */
  running(appId: string, mailbox: string): number {
    return this.inFlight.get(`${appId}|${mailbox.toLowerCase()}`) ?? 0;
  }
}
