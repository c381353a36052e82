import { ArgumentError } from "../errors";
import { choice, flag, text } from "./common";

/** Raw Request's inputs, checked: method, answer type, headers, query, a JSON body or a multipart form, retries. */

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const RESPONSE_TYPES = ["json", "text", "binary"] as const;

type Pair = { key?: unknown; value?: unknown };
const pairs = (value: unknown): Pair[] =>
  Array.isArray(value) ? (value as Pair[]).filter((p) => p && typeof p.key === "string" && p.key) : [];

function whole(property: string, value: unknown, fallback: number, max: number): number {
  const s = text(value)?.trim();
  if (s === undefined) return fallback;
  if (!/^\d+$/.test(s) || Number(s) > max)
    throw new ArgumentError(property, `'${property}' must be a whole number from 0 to ${max} (got '${s}').`);
  return Number(s);
}

/** The JSON body, if any. */
function jsonBody(raw: unknown): unknown {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ArgumentError("data", "'data' must be JSON.");
  }
}

/** A multipart form from Form Data and File Data (named by File Data File Names), if either is given. */
function multipartBody(params: Record<string, unknown>, body: unknown): FormData | undefined {
  const files = pairs(params.fileData);
  const fields = pairs(params.formData);
  if (!fields.length && !files.length) return undefined;
  if (body !== undefined)
    throw new ArgumentError("data", "'data' and a multipart form (Form Data, File Data) can not both be given.");
  const names = Object.fromEntries(pairs(params.fileDataFileNames).map((p) => [String(p.key), String(p.value)]));
  const form = new FormData();
  for (const f of fields) form.append(String(f.key), String(f.value ?? ""));
  for (const f of files) {
    const v = f.value as { data?: Buffer; contentType?: string } | Buffer;
    const bytes = Buffer.isBuffer(v) ? v : Buffer.isBuffer(v?.data) ? v.data : Buffer.from(String(f.value ?? ""));
    form.append(
      String(f.key),
      new Blob([new Uint8Array(bytes)], {
        type: (v as { contentType?: string })?.contentType ?? "application/octet-stream",
      }),
      names[String(f.key)] ?? String(f.key),
    );
  }
  return form;
}

/** Everything but the path and the retries, checked before any request. */
export function readRawRequest(params: Record<string, unknown>) {
  const method = choice(
    "method",
    typeof params.method === "string" ? params.method.toUpperCase() : params.method,
    METHODS,
    "GET",
  );
  const responseType = choice("responseType", params.responseType, RESPONSE_TYPES, "json");
  const headers = Object.fromEntries(pairs(params.headers).map((p) => [String(p.key), String(p.value ?? "")]));
  if (Object.keys(headers).some((h) => h.toLowerCase() === "authorization"))
    throw new ArgumentError("headers", "'headers' cannot set Authorization: the connection supplies the token.");
  const query = Object.fromEntries(pairs(params.queryParams).map((p) => [String(p.key), String(p.value ?? "")]));
  const json = jsonBody(params.data);
  const body = multipartBody(params, json) ?? json;
  const timeoutMs = whole("timeout", params.timeout, 0, 600_000);
  return {
    method,
    query,
    body,
    headers,
    responseType: responseType === "binary" ? ("bytes" as const) : responseType,
    timeoutMs: timeoutMs || undefined,
    binary: responseType === "binary",
  };
}

/** Retries beyond throttling: how many, how long between, on any error or only 5xx and network errors. */
export function readRawRetries(params: Record<string, unknown>) {
  return {
    max: whole("maxRetries", params.maxRetries, 0, 10),
    delayMs: whole("retryDelayMS", params.retryDelayMS, 0, 60_000),
    exponential: flag("useExponentialBackoff", params.useExponentialBackoff, false),
    allErrors: flag("retryAllErrors", params.retryAllErrors, false),
  };
}
