import type { Clock } from "./clock";
import { GraphError } from "./http";

/** Which requests a scripted fault applies to (all Graph and upload requests when empty). */
export interface FaultMatch {
  method?: string;
  /** Tested against the request path. */
  path?: RegExp;
  /** Tested against the query string ("?$skiptoken=..."). */
  query?: RegExp;
  kind?: "graph" | "upload";
}

interface Forced extends FaultMatch {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds: number | null;
}

export interface Admission {
  appId: string;
  mailbox: string;
  method: string;
  path: string;
  query: string;
  kind: string;
}

const OUTLOOK_CONCURRENCY = 4;
const OUTLOOK_WINDOW_MS = 10 * 60 * 1000;
const OUTLOOK_REQUESTS_PER_WINDOW = 10_000;
const CONCURRENCY_MESSAGE = "Application is over its MailboxConcurrency limit.";

/**
 * Throttling and faults, applied to Graph and upload requests before they change anything:
 * scripted answers for tests (`throttleNext`, `failNext`, optionally for matching requests only),
 * a random fault rate, and Outlook's documented per app and mailbox limits when `throttle` is "outlook".
 */
export class Faults {
  private readonly forced: Forced[] = [];
  private readonly inFlight = new Map<string, number>();
  private readonly history = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    public throttle: "outlook" | "off",
    public faultRate: number,
  ) {}

  /** The next `count` (matching) requests get 429 ApplicationThrottled, with Retry-After when given. */
  throttleNext(count: number, retryAfterSeconds: number | null = 1, match: FaultMatch = {}): void {
    for (let i = 0; i < count; i++)
      this.forced.push({
        ...match,
        status: 429,
        code: "ApplicationThrottled",
        message: CONCURRENCY_MESSAGE,
        retryAfterSeconds,
      });
  }

  /**
   * The next `count` (matching) requests fail with this status: 503/504 are Graph's transient ones, others are not
   * retried by clients.
   */
  failNext(count: number, status = 503, retryAfterSeconds: number | null = null, match: FaultMatch = {}): void {
    const code =
      status === 504
        ? "GatewayTimeout"
        : status === 503
          ? "ServiceUnavailable"
          : status === 500
            ? "InternalServerError"
            : "ErrorInternalServerTransientError";
    for (let i = 0; i < count; i++)
      this.forced.push({
        ...match,
        status,
        code,
        message: "The service is temporarily unavailable. Please retry.",
        retryAfterSeconds,
      });
  }

  clear(): void {
    this.forced.length = 0;
  }

  /** Admits a request or throws the fault it gets; the returned function releases its concurrency slot. */
  admit(r: Admission): () => void {
    const i = this.forced.findIndex(
      (f) =>
        (!f.method || f.method === r.method) &&
        (!f.path || f.path.test(r.path)) &&
        (!f.query || f.query.test(r.query)) &&
        (!f.kind || f.kind === r.kind),
    );
    if (i >= 0) throw this.toError(this.forced.splice(i, 1)[0]);
    if (this.faultRate > 0 && Math.random() < this.faultRate) {
      throw this.toError({
        status: Math.random() < 0.5 ? 503 : 504,
        code: "ServiceUnavailable",
        message: "The service is temporarily unavailable. Please retry.",
        retryAfterSeconds: 1,
      });
    }
    if (this.throttle !== "outlook") return () => undefined;
    const key = `${r.appId}|${r.mailbox}`;
    const now = this.clock.now();
    const recent = (this.history.get(key) ?? []).filter((t) => t > now - OUTLOOK_WINDOW_MS);
    if (recent.length >= OUTLOOK_REQUESTS_PER_WINDOW) {
      const retry = Math.ceil((recent[0] + OUTLOOK_WINDOW_MS - now) / 1000);
      throw this.toError({
        status: 429,
        code: "ApplicationThrottled",
        message: "Application is over its request limit.",
        retryAfterSeconds: retry,
      });
    }
    const running = this.inFlight.get(key) ?? 0;
    if (running >= OUTLOOK_CONCURRENCY)
      throw this.toError({
        status: 429,
        code: "ApplicationThrottled",
        message: CONCURRENCY_MESSAGE,
        retryAfterSeconds: 1,
      });
    recent.push(now);
    this.history.set(key, recent);
    this.inFlight.set(key, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    };
  }

  private toError(f: Omit<Forced, keyof FaultMatch>): GraphError {
    return new GraphError(
      f.status,
      f.code,
      f.message,
      f.retryAfterSeconds === null ? {} : { "Retry-After": String(f.retryAfterSeconds) },
    );
  }
}
