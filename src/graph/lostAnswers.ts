import { HTTPMessageHandler, type Context } from "@microsoft/microsoft-graph-client";
import { GraphServiceError } from "../errors";
import { redact } from "../redact";
import { sleep } from "./retry";

/**
 * Lost answers: Graph may have carried out a request whose answer never arrived whole (the connection
 * dropped after the request went out, the answer was cut short, or Graph's gateway gave up with a 504).
 * A call that sends or creates something declares how to find out whether it took effect (`confirm`);
 * the client runs that lookup after a lost answer and then reports what it found, or sends the call
 * again because it did not take effect. This module tells lost answers from requests that never left,
 * and holds the lookups' shared parts.
 */

/** Methods HTTP defines as idempotent: after a lost answer they are simply sent again (by the road and by batches). */
export const IDEMPOTENT_METHODS: readonly string[] = ["GET", "PUT", "PATCH", "DELETE"];

/** How a call that sends or creates ended, as actions report it. */
export type Outcome = "answered" | "confirmedAfterLostAnswer" | "retriedAfterLostAnswer";

/** What a lookup after a lost answer found: it took effect (and what the call returns), or it did not. */
export type Confirmation = { tookEffect: true; result?: unknown } | { tookEffect: false };

/** A lookup's verdict from what it found: the call took effect (returning what was found) when anything was. */
export function confirmation(found: unknown): Confirmation {
  return found ? { tookEffect: true, result: found } : { tookEffect: false };
}

/** What a create returns: its result, with how it ended when that was not a plain answer. */
export function withOutcome<T extends object>(result: T, outcome: Outcome): T & { outcome?: Outcome } {
  return outcome === "answered" ? result : { ...result, outcome };
}

/** The outcome of several steps: a confirmation anywhere is worth telling, then a retry, else a plain answer. */
export function combine(...outcomes: Outcome[]): Outcome {
  if (outcomes.includes("confirmedAfterLostAnswer")) return "confirmedAfterLostAnswer";
  return outcomes.includes("retriedAfterLostAnswer") ? "retriedAfterLostAnswer" : "answered";
}

/**
 * How long a lookup keeps looking before concluding "did not take effect": Graph may file a sent
 * message's Sent Items copy, or take a sent draft out of Drafts, a little after answering. Hosts and
 * tests facing a store that files at once (the sandbox) may shorten it.
 */
export const confirmPolicy = { settleMs: 10_000, intervalMs: 1_000 };

/** Looks until `find` finds something, or until the settle time has passed (then undefined). */
export async function lookFor<T>(find: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + confirmPolicy.settleMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(confirmPolicy.intervalMs, left));
  }
}

/**
 * Causes of a fetch failure after the connection was open: the request may have been written and carried out.
 * Anything else (refused, unknown host, certificate) never reached Graph.
 */
const DROPPED_CAUSES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** The Graph client's name for a fetch failure whose request may have been carried out (see DroppedAwareHandler). */
export const CONNECTION_LOST = "ConnectionLost";

/** A fetch failure as an Error named ConnectionLost or ConnectionFailed, its cause kept in the message. */
export function transportError(e: unknown): Error {
  const error = e as Error & { cause?: { code?: string; message?: string } };
  const cause = error.cause;
  const lost = error.name === "AbortError" || error.name === "TimeoutError" || DROPPED_CAUSES.has(cause?.code ?? "");
  const detail = cause?.message ? `: ${cause.message}${cause.code ? ` (${cause.code})` : ""}` : "";
  const out = new Error(`${error.message}${detail}`);
  out.name = lost ? CONNECTION_LOST : "ConnectionFailed";
  return out;
}

/**
 * The Graph client's last middleware, fetching as its own does, but naming a failure by whether the
 * connection dropped after opening (the Graph client keeps the name as the error's code).
 */
export class DroppedAwareHandler extends HTTPMessageHandler {
  override async execute(context: Context): Promise<void> {
    try {
      await super.execute(context);
    } catch (e) {
      throw transportError(e);
    }
  }
}

/** How a failed call ended: no answer and never sent, an answer lost (maybe carried out), or Graph's answer. */
export type FailureKind = "unreached" | "lost" | "answered";

export function failureKind(e: { statusCode: number; code?: string | null }): FailureKind {
  // A 2xx whose body was cut short, or Graph's gateway giving up: the request may have been carried out.
  if ((e.statusCode >= 200 && e.statusCode < 300) || e.statusCode === 504) return "lost";
  if (e.statusCode > 0) return "answered";
  return e.code === CONNECTION_LOST ? "lost" : "unreached";
}

/** Why the answer counts as lost, for messages. */
export function lostReason(e: { statusCode: number; message?: string }): string {
  if (e.statusCode === 504) return "Graph answered 504 GatewayTimeout";
  if (e.statusCode > 0) return `Graph's ${e.statusCode} answer was cut short`;
  return `the connection dropped (${redact(e.message ?? "")})`;
}

/** The lookup after a lost answer failed too: nobody can tell whether the call took effect, so it was not repeated. */
export function outcomeUnknown(what: string, delivers: boolean, reason: string, lookup: Error): GraphServiceError {
  const effect = delivers ? "been sent" : "taken effect";
  return new GraphServiceError(
    `The answer to ${what} was lost (${reason}) and checking whether it took effect failed ` +
      `(${redact(lookup.message)}): it may or may not have ${effect}, so it was not repeated. ` +
      (delivers ? "Check the recipient's mailbox or Sent Items before retrying." : "Check before retrying."),
    "OutcomeUnknown",
    0,
  );
}

/** Lost answers kept coming; each time the lookup found the call had not taken effect. */
export function notDone(what: string, delivers: boolean, reason: string, attempts: number): GraphServiceError {
  return new GraphServiceError(
    `The answer to ${what} was lost ${attempts} time${attempts === 1 ? "" : "s"} (last: ${reason}); each time ` +
      `Graph was checked and it had not ${delivers ? "been sent" : "taken effect"}, and the retry budget is spent. ` +
      "Nothing was done; try again later.",
    "AnswerLost",
    0,
  );
}

/**
 * A lost answer handed to the caller to check (GraphCall.checkedByCaller): JSON batching looks at each of the batch's
 * requests before sending any again. Its message is the one a call with no way to check would report.
 */
export class LostAnswerError extends GraphServiceError {
  constructor(readonly reported: GraphServiceError) {
    super(reported.message, reported.graphCode, reported.status, reported.requestId);
  }
}

/**
 * A call with no way to check lost its answer (a call that sends mail, or another POST): it may or
 * may not have taken effect, so it was not repeated.
 */
export function maybeDone(
  what: string,
  reason: string,
  e: { statusCode: number; requestId?: string | null },
  delivers: boolean,
): GraphServiceError {
  const id = e.requestId ? ` (request-id ${e.requestId})` : "";
  const effect = delivers
    ? "the message may or may not have been sent, so it was not sent again. Check the recipient's mailbox or Sent " +
      "Items before retrying."
    : "it may or may not have taken effect, so it was not repeated. Check before retrying.";
  return new GraphServiceError(
    `The answer to ${what} was lost (${reason}); ${effect}${id}`,
    e.statusCode === 504 ? "GatewayTimeout" : "NetworkError",
    Math.max(e.statusCode, 0),
    e.requestId ?? undefined,
  );
}
