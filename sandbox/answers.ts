import type { ServerResponse } from "node:http";
import type { Clock } from "./clock";
import { GraphError, IdentityError, sendJson } from "./http";
import { identityErrorBody } from "./identity/errors";

/** The ids every answer carries: the sandbox's request-id and the caller's client-request-id. */
export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

/** Graph's error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}. */
export function graphErrorBody(
  code: string,
  message: string,
  ids: RequestIds,
  clock: Clock,
  inner: Record<string, string> = {},
): object {
  return {
    error: {
      code,
      message,
      innerError: {
        ...inner,
        date: clock.iso(),
        "request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
      },
    },
  };
}

/**
 * Answers a failed request: identity errors in Entra's shape, Graph errors in Graph's, and anything
 * unexpected as Graph's 500 without a stack trace (SANDBOX_DEBUG=1 prints it on stderr).
 */
export function answerError(res: ServerResponse, err: unknown, ids: RequestIds, clock: Clock): void {
  if (err instanceof IdentityError) {
    const { status, body } = identityErrorBody(err, ids.requestId, clock);
    sendJson(res, status, body);
    return;
  }
  const e =
    err instanceof GraphError
      ? err
      : new GraphError(
          500,
          "generalException",
          "An internal server error occurred in the sandbox; the request was not processed.",
        );
  if (!(err instanceof GraphError) && process.env.SANDBOX_DEBUG) console.error(err);
  sendJson(res, e.status, graphErrorBody(e.code, e.message, ids, clock, e.inner), e.headers);
}

/** What Node's HTTP parser reports, as Graph's front door would answer it. */
function parserFailure(code: string | undefined): { status: number; code: string; message: string } {
  if (code === "HPE_HEADER_OVERFLOW")
    return { status: 431, code: "RequestHeaderFieldsTooLarge", message: "The request's headers are too large." };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT")
    return { status: 408, code: "RequestTimeout", message: "The request did not arrive in time." };
  return { status: 400, code: "BadRequest", message: "The request is not valid HTTP and could not be read." };
}

/**
 * The raw answer to a request Node's HTTP parser refused (malformed request line, headers or
 * chunked body; headers too large; too slow): Graph's error body, then the connection closes.
 * Undefined when nothing should be written (the peer is gone, or an answer already started).
 */
export function clientErrorAnswer(
  err: Error & { code?: string },
  ids: RequestIds,
  clock: Clock,
): { status: number; bytes: Buffer } | undefined {
  if (err.code === "ECONNRESET" || err.code === "EPIPE") return undefined;
  const failure = parserFailure(err.code);
  const body = Buffer.from(JSON.stringify(graphErrorBody(failure.code, failure.message, ids, clock)));
  const head = [
    `HTTP/1.1 ${failure.status} ${failure.code}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${body.length}`,
    `request-id: ${ids.requestId}`,
    `client-request-id: ${ids.clientRequestId}`,
    `Date: ${clock.date().toUTCString()}`,
    "Connection: close",
  ];
  return { status: failure.status, bytes: Buffer.concat([Buffer.from(head.join("\r\n") + "\r\n\r\n"), body]) };
}
