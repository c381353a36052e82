import type { BulkMessages } from "./bulk";
import type { AfterFaultKind, BeforeFaultKind } from "./faults";
import type { NotifierOptions } from "./notifier";
import type { Seed } from "./store";

/** How to start a sandbox (`start(options)`; the CLI's flags map onto these). */
export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** A seed object, or the path of a seed file; the built-in seed when omitted. */
  seed?: Seed | string;
  /** Serve HTTPS with this certificate and key (PEM text or file paths). */
  tls?: { cert: string; key: string };
  /** Serve plain HTTP (MSAL refuses plain-HTTP authorities; Graph clients do not). */
  http?: boolean;
  latencyMs?: number;
  /** "outlook" enforces Outlook's per app and mailbox limits (4 concurrent requests, 10,000 per 10 minutes). */
  throttle?: "outlook" | "off";
  /** Fraction (0..1) of Graph and upload requests that meet one of `faultBeforeKinds` before they change anything. */
  faultRate?: number;
  /** The faults `faultRate` draws from (default: 503 and 504): throttle (429), unavailable, gatewayTimeout, reset. */
  faultBeforeKinds?: BeforeFaultKind[];
  /** The Retry-After, in seconds, of the 429, 503 and 504 answers `faultRate` draws (default 1). */
  faultRetryAfterSeconds?: number;
  /** Fraction (0..1) of Graph and upload requests that take effect, then meet one of `faultKinds`. */
  faultAfterRate?: number;
  /** The faults `faultAfterRate` draws from (default: all of them). */
  faultKinds?: AfterFaultKind[];
  /** How long a "slow" answer takes to trickle out, in ms (default 5000). */
  slowMs?: number;
  /** Append one JSON line per request to this file. */
  requestLog?: string;
  /** Lifetime of issued access tokens in seconds (Graph's are 60 to 90 minutes). */
  tokenLifetimeSeconds?: number;
  /**
   * A refresh token works once: redeeming it ends it (Entra keeps old ones valid). Proves a client always stores and
   * uses the newest one.
   */
  singleUseRefreshTokens?: boolean;
  /** Change notification delivery: first retry delay, attempts, longest wait. */
  notifications?: NotifierOptions;
  /** Lifetime of delta and skip tokens (delta links) on the sandbox's clock, in seconds; 0 keeps them forever. */
  deltaTokenLifetimeSeconds?: number;
  /** How long a request's headers or body may take to arrive, in ms (default 30000): slow clients get 408. */
  requestTimeoutMs?: number;
  /** The URL links name when a request's Host is none of the certificate's host names (default: the listening URL). */
  publicUrl?: string;
  /** The most items a delta page carries, whatever the client prefers (Graph may return fewer than asked). */
  maxPageSize?: number;
  /** Received messages added at start, many at once (for load and benchmark runs): see sandbox/bulk.ts. */
  messages?: BulkMessages[];
}
