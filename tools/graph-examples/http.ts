import type { JsonType } from "./types";

/** Reads the request and response blocks of a reference page: start line, headers, body. */

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  bodyText: string;
}

export interface HttpResponse {
  status: number;
  bodyText: string;
}

const REQUEST_LINE = /^(GET|POST|PATCH|PUT|DELETE)\s+(https:\/\/graph\.microsoft\.com\/\S.*?)(\s+HTTP\/1\.1)?\s*$/i;
const STATUS_LINE = /^(?:HTTP(?:\/\d(?:\.\d)?)?\s+)?(\d{3})\b/i;

/** The headers a conformance check replays; the others (Authorization, Content-Length, ...) are the client's own. */
const KEPT_HEADERS: Record<string, string> = {
  "content-type": "Content-Type",
  prefer: "Prefer",
  "if-match": "If-Match",
  consistencylevel: "ConsistencyLevel",
};

function splitHead(lines: string[]): { head: string[]; body: string } {
  const blank = lines.findIndex((l) => !l.trim());
  if (blank < 0) return { head: lines, body: "" };
  return { head: lines.slice(0, blank), body: lines.slice(blank + 1).join("\n") };
}

const HEADER_LINE = /^[A-Za-z][\w-]*\s*:\s*\S/;

function keptHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = KEPT_HEADERS[line.slice(0, colon).trim().toLowerCase()];
    if (colon > 0 && name) headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function parseRequest(text: string): HttpRequest | undefined {
  const lines = text.replace(/^\s*\n/, "").split("\n");
  const start = REQUEST_LINE.exec(lines[0].trim());
  if (!start) return undefined;
  let { head, body } = splitHead(lines.slice(1));
  const bodyLines = body.split("\n").filter((l) => l.trim());
  // A page that leaves a blank line between the request line and its headers (and has no body).
  if (bodyLines.length && bodyLines.every((l) => HEADER_LINE.test(l) && !l.trim().startsWith("{"))) {
    head = [...head, ...bodyLines];
    body = "";
  }
  return { method: start[1].toUpperCase(), url: start[2].trim(), headers: keptHeaders(head), bodyText: body.trim() };
}

export function parseResponse(text: string): HttpResponse | undefined {
  const lines = text.replace(/^\s*\n/, "").split("\n");
  const status = STATUS_LINE.exec(lines[0].trim());
  if (!status) return undefined;
  const { body } = splitHead(lines.slice(1));
  return { status: Number(status[1]), bodyText: body.trim() };
}

export function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  return t === "string" || t === "number" || t === "boolean" ? t : "object";
}
