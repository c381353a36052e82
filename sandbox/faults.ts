import type { Clock } from "./clock";
import { GraphError } from "./http";

interface Forced {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds: number | null;
}

const OUTLOOK_CONCURRENCY = 4;
const OUTLOOK_WINDOW_MS = 10 * 60 * 1000;
const OUTLOOK_REQUESTS_PER_WINDOW = 10_000;

/**
 * Throttling and faults, applied to Graph and upload requests before they change anything:
 * scripted answers for tests (`throttleNext`, `failNext`), a random fault rate, and Outlook's
 * documented per app and mailbox limits when `throttle` is "outlook".
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

  /** The next `count` Graph requests get 429 ApplicationThrottled, with Retry-After when given. */
  throttleNext(count: number, retryAfterSeconds: number | null = 1): void {
    for (let i = 0; i < count; i++) {
      this.forced.push({ status: 429, code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit.", retryAfterSeconds });
    }
  }

  /** The next `count` Graph requests fail with this status (503 or 504 are Graph's transient ones). */
  failNext(count: number, status = 503, retryAfterSeconds: number | null = null): void {
    const code = status === 504 ? "GatewayTimeout" : status === 503 ? "ServiceUnavailable" : "InternalServerError";
    for (let i = 0; i < count; i++) this.forced.push({ status, code, message: "The service is temporarily unavailable. Please retry.", retryAfterSeconds });
  }

  clear(): void {
    this.forced.length = 0;
  }

  /** Admits a request or throws the fault it gets; the returned function releases its concurrency slot. */
  admit(appId: string, mailbox: string, _method: string): () => void {
    const f = this.forced.shift();
    if (f) throw this.toError(f);
    if (this.faultRate > 0 && Math.random() < this.faultRate) {
      throw this.toError({ status: Math.random() < 0.5 ? 503 : 504, code: "ServiceUnavailable", message: "The service is temporarily unavailable. Please retry.", retryAfterSeconds: 1 });
    }
    if (this.throttle !== "outlook") return () => undefined;
    const key = `${appId}|${mailbox}`;
    const now = this.clock.now();
    const recent = (this.history.get(key) ?? []).filter((t) => t > now - OUTLOOK_WINDOW_MS);
    if (recent.length >= OUTLOOK_REQUESTS_PER_WINDOW) {
      const retry = Math.ceil((recent[0] + OUTLOOK_WINDOW_MS - now) / 1000);
      throw this.toError({ status: 429, code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit.", retryAfterSeconds: retry });
    }
    const running = this.inFlight.get(key) ?? 0;
    if (running >= OUTLOOK_CONCURRENCY) {
      throw this.toError({ status: 429, code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit.", retryAfterSeconds: 1 });
    }
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

  private toError(f: Forced): GraphError {
    return new GraphError(f.status, f.code, f.message, f.retryAfterSeconds === null ? {} : { "Retry-After": String(f.retryAfterSeconds) });
  }
}
