import type { IncomingMessage, ServerResponse } from "node:http";

/** An error answered in Graph's shape: {"error":{"code","message","innerError":{...}}}. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Fields Graph adds to `innerError` beyond date and ids (its throttling answer carries code, message, status). */
    readonly inner: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = "BadRequest") => new GraphError(400, code, message);
export const notFound = (message = "The specified object was not found in the store.", code = "ErrorItemNotFound") =>
  new GraphError(404, code, message);
export const accessDenied = (message = "Access is denied. Check credentials and try again.") =>
  new GraphError(403, "ErrorAccessDenied", message);

/** An identity-platform error: {"error","error_description":"AADSTSn: ...","error_codes",...}. */
export class IdentityError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly codes: number[],
    readonly description: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(description);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    "Content-Type":
      "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8",
    "Content-Length": String(data.length),
    ...headers,
  });
  res.end(data);
}

/** Graph's 202/204 answers: no body and no JSON content type (clients parse JSON when told it is JSON). */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Length": "0", ...headers });
  res.end();
}

export function sendBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  data: Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": String(data.length), ...headers });
  res.end(data);
}

/** The front door's answer to a body larger than a request may carry. */
function tooLarge(message: string): GraphError {
  return new GraphError(413, "RequestEntityTooLarge", message, { Connection: "close" });
}

/**
 * Reads and drops the rest of a body (within the timeout) before a 413 goes out: closing the
 * connection under a client still sending would reset it, and the client would never see the 413.
 */
function drain(req: IncomingMessage, timeoutMs: number): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    req.once("end", done).once("error", done).once("aborted", done);
    req.resume();
  });
}

/**
 * Reads a body up to `limit` bytes; beyond it answers 413 as Graph's front door does. A body that
 * has not arrived in full within `timeoutMs` gets 408 (a client that never finishes its body
 * cannot hold a connection open), and so does a client that goes away mid-body.
 */
export async function readBody(req: IncomingMessage, limit: number, timeoutMs = 30_000): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    await drain(req, timeoutMs);
    throw tooLarge(`The request body is ${declared} bytes; the limit for this request is ${limit} bytes.`);
  }
  if (req.readableEnded) return Buffer.alloc(0);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err?: Error) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onAborted);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks));
    };
    const timer = setTimeout(() => {
      req.pause();
      done(new GraphError(408, "RequestTimeout", `The request body did not arrive within ${timeoutMs} ms.`, CLOSE));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        const error = tooLarge(`The request body exceeds the limit of ${limit} bytes for this request.`);
        clearTimeout(timer);
        req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onAborted);
        void drain(req, timeoutMs).then(() => reject(error));
      }
    };
    const onEnd = () => done();
    const onError = () => done(new GraphError(400, "BadRequest", "The request body could not be read.", CLOSE));
    const onAborted = () => done(new GraphError(400, "BadRequest", "The client went away mid-body.", CLOSE));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onAborted);
  });
}

const CLOSE = { Connection: "close" };
