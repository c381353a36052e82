import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { InnerRequest } from "./router";

/**
 * The request and response objects a request inside a JSON batch is answered with: the same
 * route handlers, error answers and recording as a top-level request, but written to memory, so
 * the batch can carry each answer in its own body.
 */

/** Headers Graph's front door adds to the batch itself, not to each answer inside it. */
const FRONT_DOOR_HEADERS = new Set(["content-length", "x-ms-ags-diagnostic", "strict-transport-security", "date"]);

/** The inner request as route handlers read it: method, url, headers (the batch's Authorization and Host). */
export function innerRequest(outer: IncomingMessage, item: InnerRequest, target: string): IncomingMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(item.headers)) headers[name.toLowerCase()] = value;
  if (outer.headers.authorization) headers.authorization = outer.headers.authorization;
  if (outer.headers.host) headers.host = outer.headers.host;
  headers["content-length"] = String(item.body.length);
  const request = {
    method: item.method,
    url: target,
    headers,
    readableEnded: true,
    socket: outer.socket,
    on: () => request,
    once: () => request,
    off: () => request,
    resume: () => request,
  };
  return request as unknown as IncomingMessage;
}

/** A response written to memory: status, headers and body, read back once the handler has answered. */
export class InnerResponse {
  statusCode = 200;
  headersSent = false;
  destroyed = false;
  writableEnded = false;
  readonly socket = null;
  private readonly headers = new Map<string, { name: string; value: OutgoingHttpHeader }>();
  private readonly chunks: Buffer[] = [];

  setHeader(name: string, value: OutgoingHttpHeader): this {
    this.headers.set(name.toLowerCase(), { name, value });
    return this;
  }

  getHeader(name: string): OutgoingHttpHeader | undefined {
    return this.headers.get(name.toLowerCase())?.value;
  }

  getHeaders(): OutgoingHttpHeaders {
    return Object.fromEntries([...this.headers].map(([key, h]) => [key, h.value]));
  }

  getHeaderNames(): string[] {
    return [...this.headers.keys()];
  }

  hasHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }

  writeHead(status: number, ...rest: unknown[]): this {
    this.statusCode = status;
    const given = rest.find((r) => r && typeof r === "object") as OutgoingHttpHeaders | undefined;
    for (const [name, value] of Object.entries(given ?? {})) if (value !== undefined) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  write(chunk: unknown): boolean {
    if (chunk && typeof chunk !== "function") this.chunks.push(Buffer.from(chunk as Buffer));
    this.headersSent = true;
    return true;
  }

  end(chunk?: unknown): this {
    this.write(chunk);
    this.writableEnded = true;
    return this;
  }

  destroy(): void {
    this.destroyed = true;
  }

  on(): this {
    return this;
  }

  once(): this {
    return this;
  }

  /** Drops what was written (a fault replaces the answer). */
  clear(): void {
    this.chunks.length = 0;
    for (const name of this.getHeaderNames()) if (!BASE_HEADERS.has(name)) this.headers.delete(name);
    this.headersSent = false;
    this.statusCode = 200;
  }

  /** The answer as a batch carries it: headers as written (without the front door's), and the body's bytes. */
  answer(): { status: number; headers: Record<string, string>; body: Buffer } {
    const headers: Record<string, string> = {};
    for (const [key, h] of this.headers) {
      if (FRONT_DOOR_HEADERS.has(key)) continue;
      headers[h.name] = Array.isArray(h.value) ? h.value.join(", ") : String(h.value);
    }
    return { status: this.statusCode, headers, body: Buffer.concat(this.chunks) };
  }

  asServerResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}

/** Headers every answer carries from the start (set before the handler runs). */
const BASE_HEADERS = new Set(["request-id", "client-request-id", "date", "cache-control"]);
