import {
  ConfidentialClientApplication,
  LogLevel,
  type AuthenticationResult,
  type Configuration,
} from "@azure/msal-node";
import { AuthenticationError } from "../errors";
import { redact, registerSecret } from "../redact";
import type { ResolvedConnection } from "../connections/resolve";
import { forgetPersonalAccessToken, forgetPersonalTokens, personalAccessToken } from "./personal";
import { forgetNewestRefreshTokens } from "./rotation";

/**
 * Access tokens: the platform's token when present and valid; otherwise one
 * acquired with msal-node from the connection's credential (secret or certificate assertion, or
 * the platform's refresh token for delegated connections), cached in-process by connection
 * identity and reused until shortly before it expires.
 */

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

const tokens = new Map<string, CachedToken>();
const clients = new Map<string, ConfidentialClientApplication>();
/** Token requests under way, by connection identity. */
const acquiring = new Map<string, Promise<string>>();
/** Tokens Graph refused (a platform token revoked early, say): never offered again. */
const rejected = new Set<string>();

/** How long before expiry a token stops being reused: two minutes, or a tenth of a short lifetime. */
function renewalMargin(lifetimeMs: number): number {
  return Math.min(120_000, lifetimeMs / 10);
}

/** Forgets a token Graph refused, so the next call acquires a new one. */
export function invalidateToken(conn: ResolvedConnection, token: string): void {
  tokens.delete(conn.identity);
  rejected.add(token);
  if (conn.credential.kind === "refreshToken") forgetPersonalAccessToken(conn);
}

/** Forgets every token, client and refresh token this process holds, as a new process starts (tests). */
export function clearTokenCaches(): void {
  tokens.clear();
  clients.clear();
  rejected.clear();
  forgetPersonalTokens();
  forgetNewestRefreshTokens();
}

/** The expiry a JWT declares, if the token is one (Graph's are; personal accounts' may not be). */
function jwtExpiry(token: string): number | undefined {
  const part = token.split(".")[1];
  if (!part) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as { exp?: number }).exp;
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function platformTokenIfValid(conn: ResolvedConnection): string | undefined {
  const t = conn.platformToken;
  if (!t?.accessToken || rejected.has(t.accessToken)) return undefined;
  const expiresAt = t.expiresAt ?? jwtExpiry(t.accessToken);
  if (expiresAt !== undefined && expiresAt - Date.now() < 60_000) return undefined;
  return t.accessToken;
}

function msalClient(conn: ResolvedConnection): ConfidentialClientApplication {
  let client = clients.get(conn.identity);
  if (client) return client;
  const auth: Configuration["auth"] = {
    clientId: conn.clientId,
    authority: `${conn.authorityHost}/${conn.tenant}`,
    // Known authorities skip instance discovery, so national clouds and private endpoints resolve.
    knownAuthorities: [new URL(conn.authorityHost).host],
  };
  if (conn.credential.kind === "secret") auth.clientSecret = conn.credential.secret;
  else if (conn.credential.kind === "certificate") {
    const c = conn.credential.certificate;
    auth.clientCertificate = c.useSha1
      ? { thumbprint: c.thumbprintSha1, privateKey: c.privateKey }
      : { thumbprintSha256: c.thumbprintSha256, privateKey: c.privateKey };
  }
  client = new ConfidentialClientApplication({
    auth,
    system: { loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined } },
  });
  clients.set(conn.identity, client);
  return client;
}

/** Which connection input an AADSTS code blames. */
function propertyFor(code: number | undefined, conn: ResolvedConnection): string | undefined {
  if (code === undefined) return undefined;
  // An Apprise URL carries tenant, client and secret in its one field.
  if (conn.key === "appriseUrl" && [90002, 90013, 50059, 700016, 700021, 7000215, 7000222, 7000218].includes(code))
    return "connection.url";
  if ([90002, 90013, 50059].includes(code))
    return (
      { authorizationCode: "connection.tokenUrl", oauth2: "connection.tenantUrl" }[conn.key as string] ??
      "connection.tenant"
    );
  if ([700016, 700021].includes(code)) return "connection.clientId";
  if ([7000215, 7000222, 7000218].includes(code))
    return conn.credential.kind === "secret" ? "connection.clientSecret" : "connection.certificate";
  if ([700027, 700024, 50027].includes(code)) return "connection.certificate";
  if ([70002, 50012].includes(code)) return "connection.entraEndpoint";
  if ([70011, 1002012, 500011, 28000, 65001].includes(code)) return "connection.scopes";
  return "connection";
}

const HINTS: Record<number, string> = {
  90002: "The tenant does not exist in this cloud: check the Tenant (ID or domain) and the Cloud.",
  700016:
    "No application with this Client ID exists in the tenant: check the Client ID and Tenant, and that the app is " +
    "consented there.",
  7000215: "The client secret is wrong: use the secret's Value, not its ID.",
  7000222: "The client secret has expired: create a new one in the app registration and update the connection.",
  7000218: "The request carried no credential: set the client secret or certificate.",
  700027:
    "The certificate is not registered on the app, or its key does not match: upload the certificate to the app " +
    "registration.",
  700024: "The client assertion is outside its validity window: check this machine's clock.",
  70011: "A scope is not valid: check the Scopes.",
  1002012: "Client credentials need a single '{Graph root}/.default' scope.",
  500011: "The scope names a resource that does not exist in this tenant: check the Scopes and Base URL.",
  65001: "The app lacks consent for the requested permissions: have an administrator grant consent.",
  700082: "The refresh token expired from inactivity: re-authorize the connection.",
  50173: "The refresh token was revoked: re-authorize the connection.",
  54005: "The authorization code was already used: re-authorize the connection.",
  9002313: "The refresh token is not valid: re-authorize the connection.",
};

/** Turns msal-node and identity-platform failures into AuthenticationError, carrying the AADSTS codes. */
async function authenticationError(e: unknown, conn: ResolvedConnection): Promise<AuthenticationError> {
  const err = e as { errorCode?: string; errorMessage?: string; message?: string };
  let text = `${err.errorMessage ?? ""} ${err.message ?? ""}`;
  let codes = [...new Set([...text.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1])))];
  let oauthError = err.errorCode;
  if (!codes.length && err.errorCode === "endpoints_resolution_error") {
    // msal-node hides why the authority's metadata failed; ask once to learn the AADSTS code (e.g. 90002).
    try {
      const res = await fetch(
        `${conn.authorityHost}/${encodeURIComponent(conn.tenant)}/v2.0/.well-known/openid-configuration`,
      );
      const body = (await res.json()) as { error?: string; error_codes?: number[]; error_description?: string };
      if (body.error_codes?.length) {
        codes = body.error_codes;
        oauthError = body.error;
        text = body.error_description ?? text;
      }
    } catch {
      text = `The identity platform at ${conn.authorityHost} could not be reached.`;
    }
  }
  const code = codes[0];
  // msal wraps the description in
  // "Error(s): n - Timestamp: t - Description: d - Correlation ID: c - Trace ID: x"; keep d.
  const description = /Description: ([\s\S]*?)(?: - Correlation ID:|$)/.exec(text)?.[1] ?? text;
  const detail = redact(description.split(/\r?\n|Trace ID:/)[0].trim()) || "The identity platform refused the request.";
  const hint = code !== undefined && HINTS[code] ? ` ${HINTS[code]}` : "";
  return new AuthenticationError(
    `Authentication failed (${code ? `AADSTS${code}` : (oauthError ?? "unknown error")}): ${detail}${hint}`,
    codes,
    propertyFor(code, conn),
    oauthError,
  );
}

function remember(conn: ResolvedConnection, result: AuthenticationResult | null): string {
  if (!result?.accessToken)
    throw new AuthenticationError(
      "Authentication failed: the identity platform returned no access token.",
      [],
      "connection",
    );
  registerSecret(result.accessToken);
  const expiresAt = result.expiresOn?.getTime() ?? Date.now() + 3600_000;
  const lifetime = expiresAt - Date.now();
  tokens.set(conn.identity, { accessToken: result.accessToken, expiresAt: expiresAt - renewalMargin(lifetime) });
  return result.accessToken;
}

/** A copy of an error, so callers sharing one failed acquisition can each prefix or scrub their own. */
function copyError(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  return Object.assign(Object.create(Object.getPrototypeOf(e) as object) as Error, e, {
    message: e.message,
    stack: e.stack,
  });
}

/** An access token for Graph for this connection. */
export async function accessToken(conn: ResolvedConnection): Promise<string> {
  if (conn.credential.kind === "refreshToken")
    return personalAccessToken(conn).catch((e: unknown) => {
      throw copyError(e);
    });
  const cached = tokens.get(conn.identity);
  if (cached && cached.expiresAt > Date.now()) return cached.accessToken;
  const fromPlatform = platformTokenIfValid(conn);
  if (fromPlatform) return fromPlatform;
  // Concurrent actions on one connection (a loop step, parallel branches) share one acquisition.
  let pending = acquiring.get(conn.identity);
  if (!pending) {
    pending = acquire(conn).finally(() => acquiring.delete(conn.identity));
    acquiring.set(conn.identity, pending);
  }
  return pending.catch((e: unknown) => {
    throw copyError(e);
  });
}

async function acquire(conn: ResolvedConnection): Promise<string> {
  const client = msalClient(conn);
  try {
    if (conn.delegated) {
      const refreshToken = conn.platformToken?.refreshToken;
      if (!refreshToken) {
        throw new AuthenticationError(
          "The connection's access token has expired and it holds no refresh token: re-authorize the connection " +
            "(keep offline_access in its scopes).",
          [],
          "connection",
        );
      }
      return remember(
        conn,
        await client.acquireTokenByRefreshToken({
          refreshToken,
          scopes: conn.scopes.filter((s) => s !== "offline_access"),
          forceCache: false,
        }),
      );
    }
    return remember(conn, await client.acquireTokenByClientCredential({ scopes: conn.scopes, skipCache: true }));
  } catch (e) {
    if (e instanceof AuthenticationError) throw e;
    throw await authenticationError(e, conn);
  }
}
