import type { ResolvedConnection } from "../connections/resolve";
import { AuthenticationError } from "../errors";
import { redact, registerSecret } from "../redact";
import { recordNewest, refreshTokenCandidates, rememberRefreshToken, type HeldToken } from "./rotation";

/**
 * Access tokens for a personal Microsoft account, bought with its refresh token at the `consumers` authority.
 * A plain OAuth request rather than msal-node: msal keeps refresh tokens to itself, and the new one each answer
 * carries is what keeps the connection alive. The newest known refresh token is tried first (this process's, then
 * the instance state's, then the configured one); one the platform refuses is not offered again, and the next
 * is tried. Concurrent runs that hold the same token share one redemption, so a token is never redeemed twice at
 * once from this process (an identity platform that ends a token once redeemed would refuse the second).
 */

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
}

/** An identity-platform refusal, before it becomes the connection's typed error. */
class Refusal extends Error {
  constructor(
    readonly oauthError: string,
    readonly codes: number[],
    readonly description: string,
  ) {
    super(description);
  }
}

const accessTokens = new Map<string, { accessToken: string; expiresAt: number }>();
const redeeming = new Map<string, Promise<string>>();
/** Refresh tokens the platform refused: never offered again by this process. */
const refused = new Set<string>();

async function redeem(conn: ResolvedConnection, refreshToken: string): Promise<TokenAnswer> {
  const endpoint = `${conn.authorityHost}/${encodeURIComponent(conn.tenant)}/oauth2/v2.0/token`;
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: conn.clientId,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        scope: conn.scopes.join(" "),
      }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (e) {
    const cause = (e as { cause?: Error }).cause?.message ?? (e as Error).message;
    throw new AuthenticationError(
      `Could not reach the identity platform at ${conn.authorityHost}: ${redact(cause)}`,
      [],
      propertyOf(conn, "entraEndpoint"),
    );
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok && typeof body.access_token === "string") {
    registerSecret(body.access_token);
    registerSecret(body.refresh_token);
    return body as unknown as TokenAnswer;
  }
  const description = redact(String(body.error_description ?? `HTTP ${res.status}`).split(/\r?\n/)[0]);
  const codes = Array.isArray(body.error_codes) ? body.error_codes.filter((c) => typeof c === "number") : [];
  throw new Refusal(String(body.error ?? `http_${res.status}`), codes as number[], description);
}

type Field = "clientId" | "refreshToken" | "scopes" | "entraEndpoint" | undefined;

/** An Apprise URL holds every credential in one field; the personal connection has one field per value. */
function propertyOf(conn: ResolvedConnection, field: Field): string {
  if (!field) return "connection";
  return conn.key === "appriseUrl" && (field === "clientId" || field === "refreshToken")
    ? "connection.url"
    : `connection.${field}`;
}

/** A refresh token the platform will not take (expired, revoked, already used): the next candidate may do. */
const isRefusedToken = (e: unknown): e is Refusal =>
  e instanceof Refusal && e.oauthError === "invalid_grant" && !e.codes.includes(65001);

const HINTS: Record<number, string> = {
  700016:
    "The app is not registered for personal Microsoft accounts: choose 'Personal Microsoft accounts only' (or " +
    "any organization and personal accounts) under Supported account types, and check the client ID.",
  9002331: "The app serves personal accounts only; this connection already uses the consumers authority.",
  70002: "Turn on 'Allow public client flows' under Authentication in the app registration.",
  65001: "The account has not consented to these scopes: sign in again with them (signin --scopes).",
  70011: "A scope is not valid: check the Scopes.",
};

function refusalError(conn: ResolvedConnection, r: Refusal): AuthenticationError {
  const code = r.codes[0];
  const field: Field =
    code === 700016 || code === 9002331 || code === 70002
      ? "clientId"
      : [65001, 70011, 28000, 500011, 1002012].includes(code)
        ? "scopes"
        : undefined;
  return new AuthenticationError(
    `Authentication failed (${code ? `AADSTS${code}` : r.oauthError}): ${r.description}` +
      (code && HINTS[code] ? ` ${HINTS[code]}` : ""),
    r.codes,
    propertyOf(conn, field),
    r.oauthError,
  );
}

/** Every refresh token at hand was refused: how to get a new one. */
function signInAgain(conn: ResolvedConnection, r: Refusal): AuthenticationError {
  const code = r.codes[0];
  const where =
    conn.key === "appriseUrl"
      ? "the Apprise URL in place of its refresh_token part"
      : "the connection's Refresh Token field";
  return new AuthenticationError(
    `The refresh token was refused (${code ? `AADSTS${code}` : r.oauthError}: ${r.description}). It lapses after ` +
      "90 days unused or when the account's password changes. Get a new one: run 'npm run signin -- --personal " +
      `--client-id ${conn.clientId}', sign in with the account, and put the token it prints in ${where} ` +
      "(README: Personal Microsoft accounts).",
    r.codes,
    propertyOf(conn, "refreshToken"),
    r.oauthError,
  );
}

/** Tries the candidates newest first; keeps the new refresh token and the access token of the first that works. */
async function redeemNewest(conn: ResolvedConnection, candidates: HeldToken[]): Promise<string> {
  let lastRefusal: Refusal | undefined;
  for (const candidate of candidates) {
    try {
      const answer = await redeem(conn, candidate.token);
      rememberRefreshToken(conn, answer.refresh_token ?? candidate.token);
      const lifetime = (Number(answer.expires_in) || 3600) * 1000;
      const expiresAt = Date.now() + lifetime - Math.min(120_000, lifetime / 10);
      accessTokens.set(conn.identity, { accessToken: answer.access_token, expiresAt });
      return answer.access_token;
    } catch (e) {
      if (!isRefusedToken(e)) throw e instanceof Refusal ? refusalError(conn, e) : e;
      refused.add(candidate.token);
      lastRefusal = e;
    }
  }
  throw signInAgain(conn, lastRefusal ?? new Refusal("invalid_grant", [], "no refresh token is left to try"));
}

/** An access token for a refresh-token connection; the newest refresh token ends up in the run's state. */
export async function personalAccessToken(conn: ResolvedConnection): Promise<string> {
  const cached = accessTokens.get(conn.identity);
  if (cached && cached.expiresAt > Date.now()) {
    recordNewest(conn);
    return cached.accessToken;
  }
  const candidates = refreshTokenCandidates(conn).filter((c) => !refused.has(c.token));
  const flight = `${conn.identity}\0${candidates[0]?.token ?? ""}`;
  let pending = redeeming.get(flight);
  if (!pending) {
    pending = redeemNewest(conn, candidates).finally(() => redeeming.delete(flight));
    redeeming.set(flight, pending);
  }
  const token = await pending;
  recordNewest(conn);
  return token;
}

/** Forgets an access token Graph refused, so the next call redeems the refresh token again. */
export function forgetPersonalAccessToken(conn: ResolvedConnection): void {
  accessTokens.delete(conn.identity);
}

/** Forgets every access token and refusal of this process (tests: a new process starts with none). */
export function forgetPersonalTokens(): void {
  accessTokens.clear();
  refused.clear();
}
