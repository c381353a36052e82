import type { Clock } from "./clock";
import { GraphError } from "./http";
import { CONCURRENCY_MESSAGE, OutlookThrottle, throttled } from "./throttle";

/**
 * Faults for Graph and upload requests, scripted (for tests) or at random rates (for soak runs):
 * - before the request changes anything: 429 (`throttleNext`), 503/504 and others (`failNext`,
 *   `faultRate`), or the connection reset with no answer (`resetNext`);
 * - after the request took effect (`afterNext`, `afterRate`): a 504, a reset, a reset half-way
 *   through the answer, an answer cut short of its Content-Length, or an answer that trickles out.
 * Outlook's own limits per app and mailbox apply when `throttle` is "outlook".
 */

/** Which requests a scripted fault applies to (all Graph and upload requests when empty). */
export interface FaultMatch {
  method?: string;
  /** Tested against the request path. */
  path?: RegExp;
  /** Tested against the query string ("?$skiptoken=..."). */
  query?: RegExp;
  kind?: "graph" | "upload";
}

/** What can go wrong after the sandbox acted on a request. */
export type AfterFaultKind = "gatewayTimeout" | "reset" | "resetMidResponse" | "truncate" | "slow";

export const AFTER_FAULT_KINDS: AfterFaultKind[] = ["gatewayTimeout", "reset", "resetMidResponse", "truncate", "slow"];

/** What can go wrong before the sandbox acts on a request: 429, 503, 504, or the connection reset with no answer. */
export type BeforeFaultKind = "throttle" | "unavailable" | "gatewayTimeout" | "reset";

export const BEFORE_FAULT_KINDS: BeforeFaultKind[] = ["throttle", "unavailable", "gatewayTimeout", "reset"];

export interface AfterFaultOptions {
  /** For "slow": how long the answer takes to trickle out (default 5 s). */
  slowMs?: number;
}

export interface AfterFault {
  kind: AfterFaultKind;
  slowMs: number;
}

const DEFAULT_SLOW_MS = 5000;

/** Thrown by `admit` when the connection is to be reset before the request does anything. */
export class ResetBeforeActing extends Error {
  constructor() {
    super("connection reset before the request was acted on");
  }
}

type Before = { kind: "answer"; error: GraphError } | { kind: "reset" };

interface Scripted<T> extends FaultMatch {
  fault: T;
}

export interface Admission {
  appId: string;
  /** The mailbox's owner (user id) the request works on, or "" when it names none. */
  mailbox: string;
  method: string;
  path: string;
  query: string;
  kind: string;
}

/** An admitted request: free its concurrency slot when answered; `after` is the fault to apply once it acted. */
export interface Admitted {
  release: () => void;
  after?: AfterFault;
}

function matches(f: FaultMatch, r: Admission): boolean {
  return (
    (!f.method || f.method.toUpperCase() === r.method.toUpperCase()) &&
    (!f.path || f.path.test(r.path)) &&
    (!f.query || f.query.test(r.query)) &&
    (!f.kind || f.kind === r.kind)
  );
}

/** Takes the first scripted fault matching the request out of the queue. */
function take<T>(queue: Scripted<T>[], r: Admission): T | undefined {
  const i = queue.findIndex((f) => matches(f, r));
  return i >= 0 ? queue.splice(i, 1)[0].fault : undefined;
}

const UNAVAILABLE = "The service is temporarily unavailable. Please retry.";

function failure(status: number, retryAfterSeconds: number | null): GraphError {
  const code =
    status === 504
      ? "GatewayTimeout"
      : status === 503
        ? "ServiceUnavailable"
        : status === 500
          ? "InternalServerError"
          : "ErrorInternalServerTransientError";
  const headers: Record<string, string> =
    retryAfterSeconds === null ? {} : { "Retry-After": String(retryAfterSeconds) };
  return new GraphError(status, code, UNAVAILABLE, headers);
}

/** A scripted fault not yet used, as the web UI lists it: what it does and which requests it waits for. */
export interface PendingFault extends FaultMatch {
  /** "429 TooManyRequests (Retry-After 1)", "503 ServiceUnavailable", "reset", "slow (5000 ms)", ... */
  fault: string;
}

function describeBefore(f: Before): string {
  if (f.kind === "reset") return "reset";
  const retryAfter = f.error.headers["Retry-After"];
  return `${f.error.status} ${f.error.code}${retryAfter === undefined ? "" : ` (Retry-After ${retryAfter})`}`;
}

function pendingCopy<T>(queue: Scripted<T>[], describe: (fault: T) => string): PendingFault[] {
  return queue.map(({ fault, ...match }) => ({ ...match, fault: describe(fault) }));
}

export class Faults {
  private readonly before: Scripted<Before>[] = [];
  private readonly after: Scripted<AfterFault>[] = [];
  /** Outlook's per app and mailbox limits (enforced when `throttle` is "outlook"). */
  readonly outlook: OutlookThrottle;
  /** Fraction of Graph and upload requests that act and then meet one of `afterKinds`. */
  afterRate = 0;
  afterKinds: AfterFaultKind[] = [...AFTER_FAULT_KINDS];
  /** How long "slow" answers take when chosen at random. */
  slowMs = DEFAULT_SLOW_MS;
  /** The faults `faultRate` draws from: by default 503 and 504, as before 429s and resets were drawn too. */
  beforeKinds: BeforeFaultKind[] = ["unavailable", "gatewayTimeout"];
  /** The Retry-After (seconds) of the 429, 503 and 504 answers `faultRate` draws. */
  retryAfterSeconds = 1;

  constructor(
    clock: Clock,
    public throttle: "outlook" | "off",
    /** Fraction of Graph and upload requests answered 503 or 504 before they change anything. */
    public faultRate: number,
    private readonly random: () => number = Math.random,
  ) {
    this.outlook = new OutlookThrottle(clock);
  }

  /** The next `count` (matching) requests get 429 TooManyRequests, with Retry-After when given. */
  throttleNext(count: number, retryAfterSeconds: number | null = 1, match: FaultMatch = {}): void {
    const error = () => throttled(CONCURRENCY_MESSAGE, retryAfterSeconds);
    for (let i = 0; i < count; i++) this.before.push({ ...match, fault: { kind: "answer", error: error() } });
  }

  /**
   * The next `count` (matching) requests fail with this status before they change anything: 503/504
   * are Graph's transient ones, others are not retried by clients.
   */
  failNext(count: number, status = 503, retryAfterSeconds: number | null = null, match: FaultMatch = {}): void {
    for (let i = 0; i < count; i++)
      this.before.push({ ...match, fault: { kind: "answer", error: failure(status, retryAfterSeconds) } });
  }

  /** The next `count` (matching) requests lose their connection before they change anything: no answer at all. */
  resetNext(count: number, match: FaultMatch = {}): void {
    for (let i = 0; i < count; i++) this.before.push({ ...match, fault: { kind: "reset" } });
  }

  /** The next `count` (matching) requests take effect, then meet `kind` instead of their answer. */
  afterNext(count: number, kind: AfterFaultKind, match: FaultMatch = {}, options: AfterFaultOptions = {}): void {
    if (!AFTER_FAULT_KINDS.includes(kind)) throw new Error(`unknown fault kind ${kind}`);
    const fault = { kind, slowMs: options.slowMs ?? DEFAULT_SLOW_MS };
    for (let i = 0; i < count; i++) this.after.push({ ...match, fault });
  }

  /** Scripted faults not yet used, in the order requests will meet them (copies: changing them changes nothing). */
  pending(): { before: PendingFault[]; after: PendingFault[] } {
    return {
      before: pendingCopy(this.before, describeBefore),
      after: pendingCopy(this.after, (f) => (f.kind === "slow" ? `slow (${f.slowMs} ms)` : f.kind)),
    };
  }

  /** Drops every scripted fault not yet used. */
  clear(): void {
    this.before.length = 0;
    this.after.length = 0;
  }

  /**
   * Admits a request, or throws what it gets instead: a GraphError to answer, or ResetBeforeActing.
   * An admitted request may carry a fault to apply after it acted.
   */
  admit(r: Admission): Admitted {
    const scripted = take(this.before, r);
    if (scripted?.kind === "reset") throw new ResetBeforeActing();
    if (scripted) throw scripted.error;
    if (this.faultRate > 0 && this.beforeKinds.length && this.random() < this.faultRate) this.randomBefore();
    const release = this.throttle === "outlook" && r.mailbox ? this.outlook.admit(r.appId, r.mailbox) : () => {};
    return { release, after: take(this.after, r) ?? this.randomAfter() };
  }

  /** Throws the fault drawn before acting: an answer, or ResetBeforeActing. */
  private randomBefore(): never {
    const kind = this.beforeKinds[Math.floor(this.random() * this.beforeKinds.length)];
    if (kind === "reset") throw new ResetBeforeActing();
    if (kind === "throttle") throw throttled(CONCURRENCY_MESSAGE, this.retryAfterSeconds);
    throw failure(kind === "unavailable" ? 503 : 504, this.retryAfterSeconds);
  }

  private randomAfter(): AfterFault | undefined {
    if (!(this.afterRate > 0) || !this.afterKinds.length || this.random() >= this.afterRate) return undefined;
    const kind = this.afterKinds[Math.floor(this.random() * this.afterKinds.length)];
    return { kind, slowMs: this.slowMs };
  }
}
