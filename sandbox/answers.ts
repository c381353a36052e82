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
export function graphErrorBody(code: string, message: string, ids: RequestIds, clock: Clock): object {
  return {
    error: {
      code,
      message,
      innerError: { date: clock.iso(), "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
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
  sendJson(res, e.status, graphErrorBody(e.code, e.message, ids, clock), e.headers);
}
