import { AsyncLocalStorage } from "node:async_hooks";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import type { ResolvedConnection } from "../connections/resolve";
import { registerSecret } from "../redact";

/**
 * Where a personal account's rotating refresh token lives between runs. The identity platform hands out a new
 * refresh token with every access token; the newest is kept in the instance's crossFlowState (shared by all the
 * instance's flows, as the connection is), under STATE_KEY, one entry per connection, sealed with AES-256-GCM under
 * a key derived from the connection's configured refresh token: the state alone (which people may see in the
 * platform) signs no one in. Within one process the newest is also kept in memory, so concurrent runs of a flow
 * and parallel branches share it.
 *
 * A run is the perform of an action or trigger: `withRunState` gives it its context's crossFlowState, and says
 * whether it changed, so the block returns it (spectral persists state from what a perform returns).
 */

/** The crossFlowState key holding every connection's newest refresh token (sealed). */
export const STATE_KEY = "msOutlookRefreshTokens";
/** A refresh token unused for 90 days is dead: entries older than that are dropped when the state is written. */
const LIFETIME_MS = 90 * 24 * 3600 * 1000;

interface StoredEntry {
  sealed: string;
  rotatedAt: string;
}

export interface HeldToken {
  token: string;
  /** When the identity platform issued it (ms); 0 for the token configured on the connection. */
  rotatedAt: number;
}

interface RunState {
  state?: Record<string, unknown>;
  changed: boolean;
}

const runs = new AsyncLocalStorage<RunState>();
/** This process's newest refresh token per connection (by rotation key). */
const newest = new Map<string, HeldToken>();

/** Runs a perform with its instance state at hand; says whether a newer refresh token was written into it. */
export async function withRunState<T>(
  state: Record<string, unknown> | undefined,
  perform: () => Promise<T>,
): Promise<{ result: T; changed: boolean }> {
  const run: RunState = { state, changed: false };
  const result = await runs.run(run, perform);
  return { result, changed: run.changed };
}

function configured(conn: ResolvedConnection): string {
  if (conn.credential.kind !== "refreshToken" || !conn.rotationKey)
    throw new Error("rotation applies only to refresh-token connections");
  return conn.credential.refreshToken;
}

function keyOf(conn: ResolvedConnection): Buffer {
  return Buffer.from(hkdfSync("sha256", configured(conn), "ms-outlook refresh token", conn.rotationKey!, 32));
}

function seal(conn: ResolvedConnection, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(conn), iv);
  const sealed = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

function unseal(conn: ResolvedConnection, sealed: string): string | undefined {
  try {
    const bytes = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", keyOf(conn), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined; // written for another configured token, or not by us: ignored
  }
}

function entries(state: Record<string, unknown> | undefined): Record<string, StoredEntry> {
  const value = state?.[STATE_KEY];
  return value && typeof value === "object" ? (value as Record<string, StoredEntry>) : {};
}

/** The refresh token the current run's state holds for the connection, if any. */
function fromState(conn: ResolvedConnection): HeldToken | undefined {
  const entry = entries(runs.getStore()?.state)[conn.rotationKey!];
  if (!entry || typeof entry.sealed !== "string") return undefined;
  const token = unseal(conn, entry.sealed);
  if (!token) return undefined;
  registerSecret(token);
  const rotatedAt = Date.parse(entry.rotatedAt);
  return { token, rotatedAt: Number.isNaN(rotatedAt) ? 1 : rotatedAt };
}

/** The refresh tokens to try, newest first: this process's, the state's, then the one configured on the connection. */
export function refreshTokenCandidates(conn: ResolvedConnection): HeldToken[] {
  const all = [newest.get(conn.rotationKey!), fromState(conn), { token: configured(conn), rotatedAt: 0 }];
  const seen = new Set<string>();
  return all
    .filter((t): t is HeldToken => Boolean(t))
    .sort((a, b) => b.rotatedAt - a.rotatedAt)
    .filter((t) => !seen.has(t.token) && Boolean(seen.add(t.token)));
}

/** Keeps the refresh token the identity platform just issued as the connection's newest, and in the run's state. */
export function rememberRefreshToken(conn: ResolvedConnection, token: string): void {
  registerSecret(token);
  newest.set(conn.rotationKey!, { token, rotatedAt: Date.now() });
  recordNewest(conn);
}

/** Writes this process's newest refresh token into the current run's state, unless the state already has it. */
export function recordNewest(conn: ResolvedConnection): void {
  const run = runs.getStore();
  const held = newest.get(conn.rotationKey!);
  if (!run?.state || !held) return;
  const stored = fromState(conn);
  if (stored && (stored.token === held.token || stored.rotatedAt > held.rotatedAt)) return;
  const now = Date.now();
  const kept = Object.entries(entries(run.state)).filter(([, e]) => now - Date.parse(e?.rotatedAt) < LIFETIME_MS);
  run.state[STATE_KEY] = {
    ...Object.fromEntries(kept),
    [conn.rotationKey!]: { sealed: seal(conn, held.token), rotatedAt: new Date(held.rotatedAt).toISOString() },
  };
  run.changed = true;
}

/** The refresh token a state holds for a connection, unsealed (for tests and diagnostics; it is a secret). */
export function storedRefreshToken(conn: ResolvedConnection, state: Record<string, unknown>): string | undefined {
  const entry = entries(state)[conn.rotationKey!];
  return entry ? unseal(conn, entry.sealed) : undefined;
}

/** Forgets this process's newest tokens, as a new process would start (tests). */
export function forgetNewestRefreshTokens(): void {
  newest.clear();
}
