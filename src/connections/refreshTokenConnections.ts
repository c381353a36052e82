import type { Connection } from "@prismatic-io/spectral";
import { CLOUDS } from "../auth/clouds";
import { ArgumentError } from "../errors";
import { registerSecret } from "../redact";
import { AppriseUrlError } from "./apprise/errors";
import { parseAppriseUrl } from "./apprise/parse";
import { field, hash, scopesOf, url, type Common, type ResolvedConnection } from "./resolve";

/**
 * The resolved form of the connections that sign in no app but a person's personal Microsoft account and live on
 * its rotating refresh token (the `personal` connection, and an Apprise URL in personal mode), and of an Apprise
 * URL in organizational mode (client credentials). Every field is checked here, before any request.
 */

/** What a personal connection asks for unless told otherwise: sending mail, and staying signed in. */
export const PERSONAL_SCOPES = "Mail.Send offline_access";
/** Personal Microsoft accounts are served by the `consumers` authority (the consumer tenant). */
export const CONSUMERS = "consumers";

const GLOBAL = CLOUDS.global;
/** Entra's application ids are GUIDs; Apprise's documentation writes shorter ones ("aa-bb-cc-dd-ee"). */
const CLIENT_ID = /^[A-Za-z0-9-]{1,100}$/;
/** A refresh token is one line of printable characters (personal accounts' hold '*', '!' and '$'). */
const REFRESH_TOKEN = /^[\x21-\x7e]{8,16384}$/;
/** A permission name (Mail.Send, offline_access, .default), alone or after its resource's URI or application id. */
const PERMISSION = String.raw`(\.default|[A-Za-z][A-Za-z0-9._-]{0,100})`;
const SCOPE = new RegExp(
  String.raw`^(${PERMISSION}|https?://[A-Za-z0-9.-]{1,100}(:\d{1,5})?/${PERMISSION}|[0-9a-fA-F-]{36}/${PERMISSION})$`,
);
/** The consumer tenant's well-known id: personal accounts, which have no app-only access. */
const CONSUMER_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

/** Authorities that name no one organization: client credentials are refused there (AADSTS9001023, 50059). */
export const isNoTenant = (tenant: string): boolean =>
  ["common", "organizations", "consumers", CONSUMER_TENANT_ID].includes(tenant.toLowerCase());

function checkedClientId(property: string, value: string): string {
  if (!CLIENT_ID.test(value))
    throw new ArgumentError(
      property,
      `'${property}' must be the app registration's Application (client) ID: letters, digits and '-'.`,
    );
  return value;
}

function checkedRefreshToken(property: string, value: string): string {
  if (!REFRESH_TOKEN.test(value))
    throw new ArgumentError(
      property,
      `'${property}' must be the refresh token 'npm run signin -- --personal' printed, on one line with no spaces.`,
    );
  return value;
}

/** The scopes to redeem the refresh token for, each a permission name or URI, offline_access always among them. */
function checkedScopes(conn: Connection, graphBaseUrl: string): string[] {
  const scopes = scopesOf(conn, graphBaseUrl, PERSONAL_SCOPES);
  if (!scopes.length || scopes.some((s) => !SCOPE.test(s)))
    throw new ArgumentError(
      "connection.scopes",
      "'connection.scopes' must be delegated permissions separated by spaces, e.g. 'Mail.Send Mail.ReadWrite " +
        "offline_access'.",
    );
  return scopes.some((s) => s.toLowerCase() === "offline_access") ? scopes : [...scopes, "offline_access"];
}

interface Rotating {
  graphBaseUrl: string;
  authorityHost: string;
  clientId: string;
  refreshToken: string;
  scopes: string[];
  /** What else tells two connections with the same token apart (an Apprise URL's source). */
  distinct?: string;
}

function rotatingConnection(key: "personal" | "appriseUrl", o: Rotating): ResolvedConnection {
  const rotationKey = hash(key, o.authorityHost, CONSUMERS, o.clientId, hash(o.refreshToken), o.distinct);
  return {
    key,
    graphBaseUrl: o.graphBaseUrl,
    authorityHost: o.authorityHost,
    tenant: CONSUMERS,
    clientId: o.clientId,
    credential: { kind: "refreshToken", refreshToken: o.refreshToken },
    scopes: o.scopes,
    delegated: true,
    rotationKey,
    identity: hash(rotationKey, o.graphBaseUrl, o.scopes.join(" ")),
  };
}

/** The `personal` connection: a client ID and the refresh token of a personal Microsoft account; actions on /me. */
export function personalConnection(conn: Connection, c: Common): ResolvedConnection {
  const clientId = checkedClientId("connection.clientId", c.clientId);
  const refreshToken = checkedRefreshToken("connection.refreshToken", field(conn, "refreshToken", true)!);
  registerSecret(refreshToken);
  const authorityHost = url(conn, "entraEndpoint", field(conn, "entraEndpoint", false) ?? GLOBAL.login);
  const scopes = checkedScopes(conn, c.graphBaseUrl);
  return rotatingConnection("personal", {
    graphBaseUrl: c.graphBaseUrl,
    authorityHost,
    clientId,
    refreshToken,
    scopes,
  });
}

/** An Apprise o365:// URL: personal mode as the `personal` connection, organizational as client credentials. */
export function appriseConnection(conn: Connection): ResolvedConnection {
  const raw = field(conn, "url", true)!;
  registerSecret(raw);
  const parsed = parseAppriseUrl(raw, "connection.url");
  const graphBaseUrl = url(conn, "baseUrl", field(conn, "baseUrl", false) ?? GLOBAL.graph);
  const authorityHost = url(conn, "entraEndpoint", field(conn, "entraEndpoint", false) ?? GLOBAL.login);
  const { clientId, secret } = parsed;
  if (parsed.mode === "personal") {
    const scopes = checkedScopes(conn, graphBaseUrl);
    const distinct = parsed.source.address;
    return rotatingConnection("appriseUrl", {
      graphBaseUrl,
      authorityHost,
      clientId,
      refreshToken: secret,
      scopes,
      distinct,
    });
  }
  const tenant = parsed.tenant!;
  if (isNoTenant(tenant))
    throw new AppriseUrlError(
      "connection.url",
      "tenant_id",
      `'${tenant}' names no organization, and client credentials need one: give your tenant's ID or domain. A ` +
        "personal account signs in with a refresh token instead: o365://{source}/{client_id}/{refresh_token}/.",
    );
  const scopes = [`${GLOBAL.graph}/.default`];
  return {
    key: "appriseUrl",
    graphBaseUrl,
    authorityHost,
    tenant,
    clientId,
    credential: { kind: "secret", secret },
    scopes,
    delegated: false,
    userId: parsed.source.address ?? parsed.source.objectId,
    identity: hash("appriseUrl", authorityHost, tenant, clientId, hash(secret), graphBaseUrl),
  };
}
