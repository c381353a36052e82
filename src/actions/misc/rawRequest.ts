import { action, input } from "@prismatic-io/spectral";
import { ArgumentError } from "../../errors";
import { graphFor } from "../../graph/client";
import { choice, connectionInput, flag, text } from "../../inputs/common";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const RESPONSE_TYPES = ["json", "text", "binary"] as const;
const picklist = (values: readonly string[]) => values.map((v) => ({ label: v, value: v }));

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

/**
 * Seed 003's Raw Request, on the one road: the path is relative to the connection's Graph root and
 * version, so the token only ever goes to Graph; throttling is ridden out as for every action.
 */
export const rawRequest = action({
  display: { label: "Raw Request", description: "Send a raw HTTP request to Microsoft Graph for Outlook." },
  inputs: {
    connection: connectionInput,
    url: input({
      label: "URL",
      type: "string",
      required: true,
      comments:
        "Input the path only (/me/calendars); the base URL and version are added (https://graph.microsoft.com/v1.0).",
    }),
    method: input({ label: "Method", type: "string", model: picklist(METHODS), default: "GET", required: true }),
    data: input({
      label: "Data",
      type: "code",
      language: "json",
      required: false,
      comments: "The HTTP body payload to send to the URL.",
    }),
    formData: input({
      label: "Form Data",
      type: "string",
      collection: "keyvaluelist",
      required: false,
      comments: "The Form Data to be sent as a multipart form upload.",
    }),
    fileData: input({
      label: "File Data",
      type: "data",
      collection: "keyvaluelist",
      required: false,
      comments: "File Data to be sent as a multipart form upload.",
    }),
    fileDataFileNames: input({
      label: "File Data File Names",
      type: "string",
      collection: "keyvaluelist",
      required: false,
      comments: "File names to apply to the file data inputs. Keys must match the file data keys above.",
    }),
    queryParams: input({ label: "Query Parameter", type: "string", collection: "keyvaluelist", required: false }),
    headers: input({ label: "Header", type: "string", collection: "keyvaluelist", required: false }),
    responseType: input({
      label: "Response Type",
      type: "string",
      model: picklist(RESPONSE_TYPES),
      default: "json",
      required: false,
    }),
    timeout: input({
      label: "Timeout",
      type: "string",
      required: false,
      comments: "The most milliseconds to wait for the response.",
    }),
    retryDelayMS: input({ label: "Retry Delay (ms)", type: "string", default: "0", required: false }),
    retryAllErrors: input({
      label: "Retry On All Errors",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Retry on any error; otherwise only on 5xx and network errors. 429/503/504 are always ridden out.",
    }),
    maxRetries: input({ label: "Max Retry Count", type: "string", default: "0", required: false }),
    useExponentialBackoff: input({
      label: "Use Exponential Backoff",
      type: "boolean",
      default: "false",
      required: false,
    }),
  },
  perform: async (_context, params) => {
    const path = text(params.url)?.trim() ?? "";
    if (
      !path.startsWith("/") ||
      path.startsWith("//") ||
      /[\s#]/.test(path) ||
      path.split("?")[0].split("/").includes("..")
    ) {
      throw new ArgumentError(
        "url",
        `'url' must be a path under the Graph root such as /me/messages (got '${path}'); the base URL is added for you.`,
      );
    }
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
    let body: unknown = undefined;
    const raw = params.data;
    if (raw !== undefined && raw !== null && raw !== "") {
      if (typeof raw === "string") {
        try {
          body = JSON.parse(raw);
        } catch {
          throw new ArgumentError("data", "'data' must be JSON.");
        }
      } else body = raw;
    }
    const files = pairs(params.fileData);
    const fields = pairs(params.formData);
    if (fields.length || files.length) {
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
      body = form;
    }
    const timeoutMs = whole("timeout", params.timeout, 0, 600_000);
    const graph = graphFor(params.connection);
    const result = await graph.call<unknown>({
      method,
      path,
      query,
      body,
      headers,
      responseType: responseType === "binary" ? "bytes" : responseType === "text" ? "text" : "json",
      timeoutMs: timeoutMs || undefined,
      extraRetries: {
        max: whole("maxRetries", params.maxRetries, 0, 10),
        delayMs: whole("retryDelayMS", params.retryDelayMS, 0, 60_000),
        exponential: flag("useExponentialBackoff", params.useExponentialBackoff, false),
        allErrors: flag("retryAllErrors", params.retryAllErrors, false),
      },
    });
    if (responseType === "binary") return { data: { data: result as Buffer, contentType: "application/octet-stream" } };
    return { data: result ?? null };
  },
});
