import type { TriggerPayload } from "@prismatic-io/spectral";

/**
 * What a webhook request carries, read defensively: anyone on the internet can POST anything to a
 * flow's URL (null, arrays, text that is not JSON, `__proto__` keys, huge bodies, wrong types
 * everywhere), so nothing here trusts a shape, and nothing here throws.
 */

/** Larger bodies are not read (Graph's notification POSTs stay far below this). */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

/** An own property only (never `__proto__`, `constructor` or anything else inherited). */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function parsedBody(payload: TriggerPayload | undefined): unknown {
  const raw = payload?.rawBody?.data ?? payload?.body?.data;
  if (isRecord(raw)) return raw;
  const size = Buffer.isBuffer(raw) ? raw.length : typeof raw === "string" ? raw.length : 0;
  if (!size || size > MAX_BODY_BYTES) return undefined;
  try {
    return JSON.parse(Buffer.isBuffer(raw) ? raw.toString("utf8") : (raw as string));
  } catch {
    return undefined;
  }
}

/** The request's notifications (each an object; anything else in `value` is dropped) and validation tokens. */
export function notificationItems(payload: TriggerPayload | undefined): {
  items: Record<string, unknown>[];
  validationTokens: unknown;
} {
  const body = parsedBody(payload);
  if (!isRecord(body)) return { items: [], validationTokens: undefined };
  const value = own(body, "value");
  return {
    items: Array.isArray(value) ? value.filter(isRecord) : [],
    validationTokens: own(body, "validationTokens"),
  };
}

/** Graph's validation request: POST with ?validationToken=...; answer with the decoded token as text/plain. */
export function validationToken(payload: TriggerPayload | undefined): string | undefined {
  const query: unknown = payload?.queryParameters;
  if (!isRecord(query)) return undefined;
  const token = own(query, "validationToken") ?? own(query, "validationtoken");
  return typeof token === "string" ? token : undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Buffer.isBuffer(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

/**
 * The platform's scheduled invocation of a trigger: no HTTP request behind it, so no headers, no
 * query and no body. A request that came over HTTP always has headers (Host at least), so nobody
 * can pose as the schedule by POSTing an empty body.
 */
export function isScheduledInvocation(payload: TriggerPayload | undefined): boolean {
  return (
    isEmpty(payload?.headers) &&
    isEmpty(payload?.queryParameters) &&
    isEmpty(payload?.rawBody?.data) &&
    isEmpty(payload?.body?.data)
  );
}

/** Header names that carry credentials: never passed on to the flow. */
const SECRET_HEADER = /auth|token|secret|key|signature|cookie|session|password|credential/i;

function publicHeaders(headers: unknown): Record<string, string> {
  if (!isRecord(headers)) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string" && !SECRET_HEADER.test(name)) out[name] = value;
  }
  return out;
}

/**
 * The trigger's payload as the flow sees it: the request without its raw body (which holds the
 * subscriptions' clientState secrets), without headers that carry credentials, and without the
 * flows' webhook API keys. The trigger puts what it verified into `body.data`.
 */
export function publicPayload(payload: TriggerPayload | undefined, data: unknown): TriggerPayload {
  const { rawBody: _raw, webhookApiKeys: _keys, headers, body, ...rest } = (payload ?? {}) as TriggerPayload;
  const contentType = isRecord(body) && typeof body.contentType === "string" ? body.contentType : undefined;
  return {
    ...rest,
    headers: publicHeaders(headers),
    body: { data, ...(contentType ? { contentType } : {}) },
  } as TriggerPayload;
}
