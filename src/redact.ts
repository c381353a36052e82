/**
 * Keeps secrets out of logs, error messages and outputs. Every credential the component handles
 * (client secrets, tokens, refresh tokens, private keys, passwords) is registered here when it is
 * read; `redact` replaces any of them, and anything shaped like a JWT or a bearer token, in text.
 */
const secrets = new Set<string>();

export function registerSecret(value: unknown): void {
  if (typeof value === "string" && value.length >= 6) secrets.add(value);
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const SECRET_PARAMS =
  /((?:client_secret|client_assertion|refresh_token|access_token|code|password|authtoken)=)[^&\s"']+/gi;

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join("[redacted]");
  return out
    .replace(PEM_KEY, "[redacted private key]")
    .replace(JWT, "[redacted token]")
    .replace(BEARER, "$1[redacted]")
    .replace(SECRET_PARAMS, "$1[redacted]");
}
