import { ArgumentError } from "../errors";
import { asText, choice, flag, isBlank, requiredText, wholeNumber } from "./common";

/** Raw Request's inputs, checked: method, answer type, headers, query, a JSON body or a multipart form, retries. */

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const RESPONSE_TYPES = ["json", "text", "binary"] as const;

/** An HTTP header name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

interface Pair {
  key: string;
  value: unknown;
  /** Where the pair stands, e.g. "headers[2]". */
  at: string;
}

/**
 * A key-value list: [{key, value}, ...] as the platform passes it, or one object of names and values. Every pair is
 * kept or refused naming where it stands: a pair without a key is an error, not a pair silently left out.
 */
function pairs(property: string, value: unknown): Pair[] {
  if (isBlank(value)) return [];
  if (Array.isArray(value))
    return value.map((p, i) => {
      const at = `${property}[${i}]`;
      if (typeof p !== "object" || p === null || Array.isArray(p))
        throw new ArgumentError(at, `'${at}' must be {"key": ..., "value": ...}.`);
      const { key, value: v } = p as { key?: unknown; value?: unknown };
      return { key: requiredText(`${at}.key`, key), value: v, at };
    });
  if (typeof value === "object" && !Buffer.isBuffer(value))
    return Object.entries(value as object).map(([key, v]) => ({ key, value: v, at: `${property}.${key}` }));
  throw new ArgumentError(property, `'${property}' must be a list of {"key": ..., "value": ...} pairs.`);
}

/** A pair's value as text ("" when empty). */
const pairText = (p: Pair) => (p.value === undefined || p.value === null ? "" : asText(`${p.at}.value`, p.value));

function headersOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs("headers", value)) {
    if (!TOKEN.test(p.key)) throw new ArgumentError(`${p.at}.key`, `'headers' has '${p.key}', not a header name.`);
    if (p.key.toLowerCase() === "authorization")
      throw new ArgumentError("headers", "'headers' cannot set Authorization: the connection supplies the token.");
    const text = pairText(p);
    if (/(?!\t)\p{Cc}/u.test(text))
      throw new ArgumentError(
        `${p.at}.value`,
        `'headers' value of '${p.key}' holds a line break or control character.`,
      );
    out[p.key] = text;
  }
  return out;
}

/** Query parameters, decoded: the road encodes them once. */
function queryOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const p of pairs("queryParams", value)) {
    if (p.key === "__proto__")
      throw new ArgumentError(`${p.at}.key`, "'queryParams' has a parameter name Graph has not.");
    out[p.key] = pairText(p);
  }
  return out;
}

/** The JSON body, if any. */
function jsonBody(raw: unknown): unknown {
  if (isBlank(raw)) return undefined;
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ArgumentError("data", "'data' must be JSON.");
  }
}

/** A file's bytes: a Buffer, spectral's {data, contentType}, or text. */
function fileOf(p: Pair): Blob {
  const v = p.value;
  const wrapped = typeof v === "object" && v !== null && !Buffer.isBuffer(v) ? (v as Record<string, unknown>) : {};
  const data = Buffer.isBuffer(v) ? v : typeof v === "string" ? Buffer.from(v) : wrapped.data;
  if (!Buffer.isBuffer(data) && !(data instanceof Uint8Array))
    throw new ArgumentError(`${p.at}.value`, `'fileData' value of '${p.key}' is not file data.`);
  const type = typeof wrapped.contentType === "string" ? wrapped.contentType : "application/octet-stream";
  return new Blob([new Uint8Array(data)], { type });
}

/** A multipart form from Form Data and File Data (named by File Data File Names), if either is given. */
function multipartBody(params: Record<string, unknown>, body: unknown): FormData | undefined {
  const files = pairs("fileData", params.fileData);
  const fields = pairs("formData", params.formData);
  if (!fields.length && !files.length) return undefined;
  if (body !== undefined)
    throw new ArgumentError("data", "'data' and a multipart form (Form Data, File Data) can not both be given.");
  const names = Object.fromEntries(
    pairs("fileDataFileNames", params.fileDataFileNames).map((p) => [p.key, pairText(p)]),
  );
  const form = new FormData();
  for (const f of fields) form.append(f.key, pairText(f));
  for (const f of files) form.append(f.key, fileOf(f), names[f.key] || f.key);
  return form;
}

/** Everything but the path and the retries, checked before any request. */
export function readRawRequest(params: Record<string, unknown>) {
  const method = choice("method", params.method, METHODS, "GET");
  const responseType = choice("responseType", params.responseType, RESPONSE_TYPES, "json");
  const headers = headersOf(params.headers);
  const query = queryOf(params.queryParams);
  const json = jsonBody(params.data);
  const body = multipartBody(params, json) ?? json;
  const timeoutMs = wholeNumber("timeout", params.timeout, 0, 600_000) ?? 0;
  return {
    method,
    query,
    body,
    headers,
    responseType: responseType === "binary" ? ("bytes" as const) : responseType,
    timeoutMs: timeoutMs || undefined,
    timeoutInput: "timeout",
    binary: responseType === "binary",
  };
}

/** Retries beyond throttling: how many, how long between, on any error or only 5xx and network errors. */
export function readRawRetries(params: Record<string, unknown>) {
  return {
    max: wholeNumber("maxRetries", params.maxRetries, 0, 10) ?? 0,
    delayMs: wholeNumber("retryDelayMS", params.retryDelayMS, 0, 60_000) ?? 0,
    exponential: flag("useExponentialBackoff", params.useExponentialBackoff, false),
    allErrors: flag("retryAllErrors", params.retryAllErrors, false),
  };
}
