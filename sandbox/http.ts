import type { IncomingMessage, ServerResponse } from "node:http";

/** An error answered in Graph's shape: {"error":{"code","message","innerError":{...}}}. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
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

/** Reads a body up to `limit` bytes; beyond it answers 413 as Graph's front door does. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    req.resume();
    throw new GraphError(
      413,
      "RequestEntityTooLarge",
      `The request body is ${declared} bytes; the limit for this request is ${limit} bytes.`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new GraphError(
        413,
        "RequestEntityTooLarge",
        `The request body exceeds the limit of ${limit} bytes for this request.`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
