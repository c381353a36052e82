import { formatWithOptions } from "node:util";
import { errorReport, type ErrorReport } from "./errors";

/**
 * Everything the runner writes goes through here: results as JSON on stdout, errors as one JSON
 * object on stderr, notes for a person on stderr only when it is a terminal. Every write is
 * scrubbed of the secrets the runner knows (client secrets, passwords, refresh tokens) and of
 * anything shaped like a token or a private key. `signin` prints its refresh token through
 * `printSecretOnce`, the only way around the scrubbing.
 */

const secrets = new Set<string>();

/** Remembers a secret so no output ever shows it. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
/** An upload session's URL carries its own bearer token. */
const URL_TOKEN = /([?&](?:authtoken|access_token|code)=)[^&"\s]+/gi;

export function redact(text: string): string {
  let out = text
    .replace(PRIVATE_KEY, "[redacted private key]")
    .replace(JWT, "[redacted token]")
    .replace(URL_TOKEN, "$1[redacted]");
  for (const s of secrets) out = out.split(s).join("[redacted]");
  return out;
}

/** Fields that hold a secret wherever they appear (a subscription's clientState, a token set's tokens). */
const SECRET_FIELDS = /^(clientState|access_?token|refresh_?token|id_?token|client_?secret|password)$/i;

/**
 * Secret fields are blanked; Buffers (file content) come out as base64 with their size, not as
 * arrays of numbers.
 */
function jsonReplacer(key: string, value: unknown): unknown {
  if (typeof value === "string" && value && SECRET_FIELDS.test(key)) return "[redacted]";
  if (value && typeof value === "object" && (value as { type?: unknown }).type === "Buffer") {
    const data = (value as { data?: unknown }).data;
    if (Array.isArray(data)) {
      const bytes = Buffer.from(data as number[]);
      return { base64: bytes.toString("base64"), size: bytes.length };
    }
  }
  return value;
}

export function toJson(value: unknown, pretty: boolean): string {
  return redact(JSON.stringify(value === undefined ? null : value, jsonReplacer, pretty ? 2 : undefined));
}

/** Writes to stdout and resolves once the bytes are handed to the OS (so exiting next loses nothing). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

export function printJson(value: unknown, pretty = process.stdout.isTTY === true): Promise<void> {
  return writeOut(toJson(value, pretty) + "\n");
}

export function printError(error: unknown): void {
  const report: ErrorReport = errorReport(error);
  process.stderr.write(toJson({ error: report }, false) + "\n");
}

/** A line for a person watching (progress, what is being listened to): only on a terminal. */
export function note(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(redact(text) + "\n");
}

/** A line a person must act on (a sign-in URL, a device code): always shown, on stderr. */
export function prompt(text: string): void {
  process.stderr.write(redact(text) + "\n");
}

/** The one intended secret output: the refresh token `signin` obtained, on stdout, once. */
export function printSecretOnce(secret: string): Promise<void> {
  return writeOut(secret + "\n");
}

/**
 * Library output must not mix with results: console.log and friends go to stderr, scrubbed like
 * everything else.
 * Results are written with process.stdout directly.
 */
export function keepStdoutForResults(): void {
  const toStderr = (...args: unknown[]) => process.stderr.write(redact(formatWithOptions({}, ...args)) + "\n");
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  console.warn = toStderr;
  console.error = toStderr;
}
