import { createHash } from "node:crypto";
import type { Connection } from "@prismatic-io/spectral";
import { CLOUDS, type CloudKey } from "../auth/clouds";
import { loadCertificate, type LoadedCertificate } from "../auth/certificate";
import { ArgumentError, PropertyEmptyError, PropertyNullError } from "../errors";
import { asText } from "../inputs/common";
import { registerSecret } from "../redact";
import { appriseConnection, isNoTenant, personalConnection } from "./refreshTokenConnections";

/** A connection's fields, checked and normalised: everything the token and Graph layers need. */
export interface ResolvedConnection {
  key: "oauth2" | "authorizationCode" | "clientCredentials" | "certificate" | "personal" | "appriseUrl";
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

/** Control characters: no connection field (an id, a secret, a URL, a scope list) holds one. */
const CONTROL = /\p{Cc}/u;

/**
 * A connection field as text, trimmed: a typed error naming it when it is not text or holds a control character
 * (line breaks are allowed only where they belong, in a PEM certificate).
 */
export function field(conn: Connection, key: string, required: boolean, lines = false): string | undefined {
  const raw = conn.fields[key];
  const property = `connection.${key}`;
  if (raw === undefined || raw === null) {
    if (required) throw new PropertyNullError(property);
    return undefined;
  }
  const value = asText(property, raw).trim();
  if (!value) {
    if (required) throw new PropertyEmptyError(property);
    return undefined;
  }
  if (CONTROL.test(lines ? value.replace(/\r?\n/g, "") : value))
    throw new ArgumentError(property, `'${property}' holds a line break or control character.`);
  return value;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/** A tenant the identity platform can name: a GUID, a verified domain, or common, organizations or consumers. */
function checkedTenant(property: string, tenant: string): string {
  if (GUID.test(tenant) || DOMAIN.test(tenant) || /^(common|organizations|consumers)$/i.test(tenant)) return tenant;
  throw new ArgumentError(
    property,
    `'${property}' must name a tenant: its ID (a GUID), one of its domains such as contoso.onmicrosoft.com, or ` +
      `common, organizations or consumers (got '${tenant.slice(0, 80)}').`,
  );
}

/** The connection value itself: an object with its fields, as the platform passes it. */
function checkedShape(conn: unknown): asserts conn is Connection {
  const c = conn as { fields?: unknown; key?: unknown } | null;
  const ok =
    typeof c === "object" &&
    c !== null &&
    !Array.isArray(c) &&
    typeof c.key === "string" &&
    typeof c.fields === "object" &&
    c.fields !== null &&
    !Array.isArray(c.fields);
  if (!ok)
    throw new ArgumentError(
      "connection",
      "'connection' must be a Microsoft Outlook connection (an object with its key and fields); choose one.",
    );
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
  if (conn === undefined || conn === null || (conn as unknown) === "")
    throw new PropertyNullError("connection", "Choose a Microsoft Outlook connection.");
  checkedShape(conn);
  if (conn.key === "appriseUrl") return appriseConnection(conn);
  const key = conn.key as ResolvedConnection["key"];
  const signIn = key === "oauth2" ? signInOfTenantUrl(conn) : undefined;
  const cloud = signIn ? signIn.cloud : cloudOf(conn);
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
  if (signIn) return delegatedConnection(conn, common, signIn);
  if (key === "authorizationCode") return delegatedConnection(conn, common, signInOfTokenUrl(conn));
  if (key === "personal") return personalConnection(conn, common);
  return appOnlyConnection(conn, key, common);
}

/** Where a signed-in user's tokens come from: the identity host and tenant, and the cloud they belong to. */
interface SignIn {
  origin: string;
  tenant: string;
  cloud: (typeof CLOUDS)[CloudKey];
}

/** The older authorization code form: the tenant and identity host come from the Token URL. */
function signInOfTokenUrl(conn: Connection): SignIn {
  const parsed = new URL(url(conn, "tokenUrl", field(conn, "tokenUrl", true)!));
  const tenant = checkedTenant("connection.tokenUrl", parsed.pathname.split("/").filter(Boolean)[0] ?? "common");
  return { origin: parsed.origin, tenant, cloud: cloudOf(conn) };
}

/**
 * The current authorization code form: the Tenant URL ("login.microsoftonline.com/common", no scheme: the platform
 * makes "https://{Tenant URL}/oauth2/v2.0/token" of it) names the identity host and tenant, and by its host the cloud.
 */
function signInOfTenantUrl(conn: Connection): SignIn {
  const property = "connection.tenantUrl";
  const value = field(conn, "tenantUrl", false) ?? "login.microsoftonline.com/common";
  const wrong = (why: string) =>
    new ArgumentError(
      property,
      `'${property}' must be the sign-in host and tenant, such as login.microsoftonline.com/common: ${why} (got ` +
        `'${value.slice(0, 80)}').`,
    );
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw wrong("leave out the https://, the sign-in URLs add it");
  let parsed: URL;
  try {
    parsed = new URL(`https://${value}`);
  } catch {
    throw wrong("it is not a host name followed by a tenant");
  }
  const segments = parsed.pathname.split("/").filter(Boolean);
  if (segments.length !== 1 || parsed.search || parsed.hash || parsed.username)
    throw wrong("give the host, one '/', then the tenant, and nothing more");
  const cloud = Object.values(CLOUDS).find((c) => new URL(c.login).host === parsed.host) ?? GLOBAL;
  return { origin: parsed.origin, tenant: checkedTenant(property, decodeURIComponent(segments[0])), cloud };
}

/** Authorization code (either form): a signed-in user, whose tokens come from `signIn`. */
function delegatedConnection(conn: Connection, c: Common, signIn: SignIn): ResolvedConnection {
  const { graphBaseUrl, clientId, userId, platformToken } = c;
  const { origin, tenant } = signIn;
  const key = conn.key === "oauth2" ? "oauth2" : "authorizationCode";
  const secret = field(conn, "clientSecret", true)!;
  registerSecret(secret);
  const scopes = scopesOf(conn, graphBaseUrl, "https://graph.microsoft.com/User.Read offline_access");
  return {
    key,
    graphBaseUrl,
    authorityHost: origin,
    tenant,
    clientId,
    credential: { kind: "secret", secret },
    scopes,
    delegated: true,
    userId,
    platformToken,
    identity: hash(
      key,
      origin,
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
  const tenant = checkedTenant("connection.tenant", field(conn, "tenant", true)!);
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
    const pem = field(conn, "certificate", true, true)!;
    const password =
      conn.fields.certificatePassword === undefined || conn.fields.certificatePassword === null
        ? undefined
        : asText("connection.certificatePassword", conn.fields.certificatePassword);
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
    `Unknown connection type '${String(conn.key)}'; use oauth2, authorizationCode, clientCredentials, certificate, ` +
      "personal or appriseUrl.",
  );
}
