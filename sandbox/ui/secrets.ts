/**
 * What the web UI never shows: tokens, secrets, codes, upload URL tokens and clientState values.
 * Request paths and queries are shown with such values replaced; notification bodies are shown
 * with clientState, validation tokens and encrypted content replaced.
 */

export const HIDDEN = "[hidden]";

/** Query parameters that carry a secret somewhere in Graph, the identity platform or upload URLs. */
const SECRET_PARAMETERS = [
  "authtoken",
  "code",
  "client_secret",
  "client_assertion",
  "assertion",
  "access_token",
  "refresh_token",
  "id_token",
  "token",
  "device_code",
  "user_code",
  "code_verifier",
  "password",
  "validationtoken",
  "clientstate",
  "sig",
  "signature",
  "key",
  "apikey",
  "api_key",
  "secret",
];

const SECRET_QUERY = new RegExp(`([?&;])(${SECRET_PARAMETERS.join("|")})=([^&;#]*)`, "gi");

/** A query string ("?a=b&code=...") with every secret parameter's value hidden. */
export function maskQuery(query: string): string {
  return query.replace(SECRET_QUERY, (_m, sep: string, name: string) => `${sep}${name}=${HIDDEN}`);
}

/**
 * A subscriber's URL (a notification URL) with any userinfo and every query value hidden: webhook URLs
 * often carry their credentials in query parameters of any name.
 */
export function maskUrl(url: string): string {
  const withoutUserInfo = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, `$1${HIDDEN}@`);
  return withoutUserInfo.replace(
    /([?&;])([^=&;#]*)=([^&;#]*)/g,
    (_m, sep: string, name: string) => `${sep}${name}=${HIDDEN}`,
  );
}

type Json = Record<string, unknown>;

function maskNotification(item: unknown): unknown {
  if (typeof item !== "object" || item === null) return item;
  const copy: Json = { ...(item as Json) };
  if (copy.clientState !== undefined && copy.clientState !== null) copy.clientState = HIDDEN;
  if (copy.encryptedContent !== undefined) copy.encryptedContent = "[encrypted resource data]";
  return copy;
}

/** A notification POST's body as the UI shows it: the same JSON, its secrets replaced. */
export function maskNotificationBody(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `[${Buffer.byteLength(body)} bytes, not JSON]`;
  }
  if (typeof parsed !== "object" || parsed === null) return `[${Buffer.byteLength(body)} bytes]`;
  const copy: Json = { ...(parsed as Json) };
  if (Array.isArray(copy.value)) copy.value = copy.value.map(maskNotification);
  if (Array.isArray(copy.validationTokens)) copy.validationTokens = copy.validationTokens.map(() => HIDDEN);
  return JSON.stringify(copy, null, 2);
}
