import { createHash } from "node:crypto";
import type { Connection } from "@prismatic-io/spectral";
import { CLOUDS, type CloudKey } from "../auth/clouds";
import { loadCertificate, type LoadedCertificate } from "../auth/certificate";
import { ArgumentError, PropertyEmptyError, PropertyNullError } from "../errors";
import { registerSecret } from "../redact";
import { appriseConnection, isNoTenant, personalConnection } from "./refreshTokenConnections";

/** A connection's fields, checked and normalised: everything the token and Graph layers need. */
export interface ResolvedConnection {
  key: "authorizationCode" | "clientCredentials" | "certificate" | "personal" | "appriseUrl";
  /** Graph's root without version, e.g. "https://graph.microsoft.com". */
  graphBaseUrl: string;
  /** The identity platform's root, e.g. "https://login.microsoftonline.com". */
  authorityHost: string;
  tenant: string;
  clientId: string;
  credential:
    | { kind: "secret"; secret: string }
    | { kind: "certificate"; certificate: LoadedCertificate }
    | { kind: "refreshToken"; refreshToken: string };
  scopes: string[];
  /** Delegated (a signed-in user, /me) or app-only. */
  delegated: boolean;
  /** The connection's default mailbox (User ID), if any. */
  userId?: string;
  /** The platform's token, when it supplied one. */
  platformToken?: { accessToken?: string; refreshToken?: string; expiresAt?: number };
  /**
   * A stable key for caches (authority, tenant, client, credential fingerprint, scopes): never contains a secret. A
   * token is only ever reused for the same scopes.
   */
  identity: string;
  /**
   * Connections living on a rotating refresh token (personal accounts): where the newest one is kept, a key made
   * from the configured token and client (never a secret). See src/auth/rotation.ts.
   */
  rotationKey?: string;
}

const GLOBAL = CLOUDS.global;

export function field(conn: Connection, key: string, required: boolean): string | undefined {
  const raw = conn.fields[key];
  const property = `connection.${key}`;
  if (raw === undefined || raw === null) {
    if (required) throw new PropertyNullError(property);
    return undefined;
  }
  // Connection fields are text: anything else (an object, a list) is refused, not turned into "[object Object]".
  if (!["string", "number", "boolean"].includes(typeof raw))
    throw new ArgumentError(
      property,
      `'${property}' must be text (got ${Array.isArray(raw) ? "a list" : typeof raw}).`,
    );
  const value = String(raw).trim();
  if (!value) {
    if (required) throw new PropertyEmptyError(property);
    return undefined;
  }
  return value;
}

export function url(conn: Connection, key: string, value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error();
    return u.origin + u.pathname.replace(/\/+$/, "");
  } catch {
    throw new ArgumentError(
      `connection.${key}`,
      `'connection.${key}' must be an absolute http(s) URL (got '${value}').`,
    );
  }
}

function cloudOf(conn: Connection): (typeof CLOUDS)[CloudKey] {
  const key = field(conn, "cloud", false) ?? "global";
  if (!(key in CLOUDS))
    throw new ArgumentError(
      "connection.cloud",
      `'connection.cloud' must be one of ${Object.keys(CLOUDS).join(", ")} (got '${key}').`,
    );
  return CLOUDS[key as CloudKey];
}

/** An input left at the global cloud's default follows the chosen national cloud. */
function followCloud(value: string, globalDefault: string, cloudValue: string): string {
  return value.replace(/\/+$/, "") === globalDefault ? cloudValue : value;
}

export function scopesOf(conn: Connection, graphBaseUrl: string, fallback: string): string[] {
  const raw = field(conn, "scopes", false) ?? fallback;
  return raw
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((s) =>
      s.startsWith(`${GLOBAL.graph}/`) &&
      graphBaseUrl !== GLOBAL.graph &&
      Object.values(CLOUDS).some((c) => c.graph === graphBaseUrl)
        ? s.replace(GLOBAL.graph, graphBaseUrl)
        : s,
    );
}

export function hash(...parts: (string | undefined)[]): string {
  return createHash("sha256")
    .update(parts.map((p) => p ?? "").join("\0"))
    .digest("hex")
    .slice(0, 32);
}

function tokenOf(conn: Connection): ResolvedConnection["platformToken"] {
  const t = conn.token as Record<string, unknown> | undefined;
  if (!t) return undefined;
  const accessToken = typeof t.access_token === "string" && t.access_token ? t.access_token : undefined;
  const refreshToken = typeof t.refresh_token === "string" && t.refresh_token ? t.refresh_token : undefined;
  registerSecret(accessToken);
  registerSecret(refreshToken);
  const expiresAt =
    typeof t.expires_at === "string" || typeof t.expires_at === "number" ? new Date(t.expires_at).getTime() : undefined;
  if (!accessToken && !refreshToken) return undefined;
  return { accessToken, refreshToken, expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt };
}

/** What every kind of connection has, read first (so errors come in the same order for all). */
export type Common = Pick<ResolvedConnection, "graphBaseUrl" | "clientId" | "userId" | "platformToken"> & {
  cloud: (typeof CLOUDS)[CloudKey];
};

/** Reads and checks a connection's fields before any request is made. */
export function resolveConnection(conn: Connection | undefined | null): ResolvedConnection {
  if (!conn) throw new PropertyNullError("connection", "Choose a Microsoft Outlook connection.");
  if (conn.key === "appriseUrl") return appriseConnection(conn);
  const key = conn.key as ResolvedConnection["key"];
  const cloud = cloudOf(conn);
  const graphBaseUrl = followCloud(
    url(conn, "baseUrl", field(conn, "baseUrl", false) ?? cloud.graph),
    GLOBAL.graph,
    cloud.graph,
  );
  const common: Common = {
    cloud,
    graphBaseUrl,
    clientId: field(conn, "clientId", true)!,
    userId: field(conn, "userId", false),
    platformToken: tokenOf(conn),
  };
  if (key === "authorizationCode") return delegatedConnection(conn, common);
  if (key === "personal") return personalConnection(conn, common);
  return appOnlyConnection(conn, key, common);
}

/** Authorization code: a signed-in user; the tenant and identity host come from the Token URL. */
function delegatedConnection(conn: Connection, c: Common): ResolvedConnection {
  const { graphBaseUrl, clientId, userId, platformToken } = c;
  const tokenUrl = url(conn, "tokenUrl", field(conn, "tokenUrl", true)!);
  const parsed = new URL(tokenUrl);
  const tenant = parsed.pathname.split("/").filter(Boolean)[0] ?? "common";
  const secret = field(conn, "clientSecret", true)!;
  registerSecret(secret);
  const scopes = scopesOf(conn, graphBaseUrl, "https://graph.microsoft.com/User.Read offline_access");
  return {
    key: "authorizationCode",
    graphBaseUrl,
    authorityHost: parsed.origin,
    tenant,
    clientId,
    credential: { kind: "secret", secret },
    scopes,
    delegated: true,
    userId,
    platformToken,
    identity: hash(
      "authorizationCode",
      parsed.origin,
      tenant,
      clientId,
      hash(secret),
      scopes.join(" "),
      platformToken?.refreshToken ? hash(platformToken.refreshToken) : undefined,
    ),
  };
}

/** Client credentials (a secret) or a certificate: app-only, in the tenant given. */
function appOnlyConnection(conn: Connection, key: ResolvedConnection["key"], c: Common): ResolvedConnection {
  const { cloud, graphBaseUrl, clientId, userId, platformToken } = c;
  const tenant = field(conn, "tenant", true)!;
  if (/[/?#\s]/.test(tenant))
    throw new ArgumentError(
      "connection.tenant",
      `'connection.tenant' must be a tenant ID or domain name, not a URL or path (got '${tenant}').`,
    );
  if (isNoTenant(tenant))
    throw new ArgumentError(
      "connection.tenant",
      `'connection.tenant' is '${tenant}', which names no organization; app-only access needs your tenant's ID or ` +
        "domain (personal Microsoft accounts use the Personal Microsoft Account connection).",
    );
  const authorityHost = followCloud(
    url(conn, "entraEndpoint", field(conn, "entraEndpoint", false) ?? cloud.login),
    GLOBAL.login,
    cloud.login,
  );
  const scopes = scopesOf(conn, graphBaseUrl, `${GLOBAL.graph}/.default`);
  const base = { graphBaseUrl, authorityHost, tenant, clientId, scopes, delegated: false, userId };
  if (key === "clientCredentials") {
    const secret = field(conn, "clientSecret", true)!;
    registerSecret(secret);
    return {
      key,
      ...base,
      credential: { kind: "secret", secret },
      platformToken,
      identity: hash(key, authorityHost, tenant, clientId, hash(secret), scopes.join(" ")),
    };
  }
  if (key === "certificate") {
    const pem = field(conn, "certificate", true)!;
    const password =
      conn.fields.certificatePassword === undefined || conn.fields.certificatePassword === null
        ? undefined
        : String(conn.fields.certificatePassword);
    const certificate = loadCertificate(pem, password, field(conn, "thumbprint", false));
    return {
      key,
      ...base,
      credential: { kind: "certificate", certificate },
      identity: hash(key, authorityHost, tenant, clientId, certificate.thumbprintSha256, scopes.join(" ")),
    };
  }
  throw new ArgumentError(
    "connection",
    `Unknown connection type '${String(conn.key)}'; use authorizationCode, clientCredentials, certificate, ` +
      "personal or appriseUrl.",
  );
}
