import {
  AuthenticationHandler,
  Client,
  ResponseType,
  TelemetryHandler,
  type GraphRequest,
} from "@microsoft/microsoft-graph-client";
import type { Connection } from "@prismatic-io/spectral";
import { accessToken, invalidateToken } from "../auth/tokens";
import { resolveConnection, type ResolvedConnection } from "../connections/resolve";
import { AuthenticationError, GraphServiceError, OutlookError, ThrottledError } from "../errors";
import { redact } from "../redact";
import { blame, type GraphFailure, type MailboxScope } from "./blame";
import {
  DroppedAwareHandler,
  failureKind,
  IDEMPOTENT_METHODS,
  LostAnswerError,
  lostReason,
  maybeDone,
  notDone,
  outcomeUnknown,
  type Confirmation,
  type Outcome,
} from "./lostAnswers";
import { GraphPath, type GraphLink } from "./path";
import { withinMailboxLimit } from "./mailboxGate";
import { withPreferences } from "./prefer";
import { encodeQuery, type Query } from "./query";
import { RETRYABLE_STATUSES, RetryBudget, retryAfterMs, sleep } from "./retry";

/**
 * The transport: the one road to Graph. Catalogue modules (this folder) give a path relative to
 * Graph's root and version, made by `graphPath` (e.g. "/users/a%40b.com/messages"), or a link Graph
 * gave; this adds base URL and national cloud, the token, throttling retries (429/503/504 with
 * Retry-After, else backoff, within a budget), one retry with a fresh token when Graph refuses a
 * token, query encoding, typed errors, and lost answers: a call whose answer was lost (dropped
 * connection, cut answer, 504) is repeated when repeating is harmless, and otherwise checked with
 * the lookup it declares (`confirm`) before it is either reported done or sent again.
 */

export type { Query, QueryValue } from "./query";
export type { MailboxScope } from "./blame";

export interface GraphCall {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Relative to the version root (made by `graphPath`), or a link Graph gave (checked in paging.ts). */
  path: GraphPath | GraphLink;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** How to read the answer: JSON (default), text, or raw bytes. */
  responseType?: "json" | "text" | "bytes";
  /**
   * The input to blame when Graph answers 404 and every item the path names (each blamed on the input that named it,
   * see graphPath) is there: an item the body names, such as a destination folder.
   */
  notFound?: string;
  /** Give up waiting after this many ms. */
  timeoutMs?: number;
  /** The input that asked for that timeout: blamed when Graph does not answer in time. */
  timeoutInput?: string;
  /**
   * A call that delivers mail (sendMail, send, reply, forward): after a lost answer it is sent again
   * only when `confirm` found it was not sent; without `confirm` it is never repeated (the mail may be on its way).
   */
  delivers?: boolean;
  /**
   * For a call that sends or creates: how to find out, after its answer was lost, whether it took
   * effect (a stamp found in Sent Items, a draft gone from Drafts, a folder found by name...). When it
   * did, the call returns what the lookup found; when it did not, the call is sent again.
   */
  confirm?: () => Promise<Confirmation>;
  /** A POST that may be repeated after a lost answer without doing twice what it does (an idempotency key). */
  repeatable?: boolean;
  /**
   * The caller checks for itself what a lost answer left done (JSON batching, whose requests each say how to tell):
   * after a lost answer the client neither repeats nor looks, it throws a LostAnswerError.
   */
  checkedByCaller?: boolean;
  /**
   * Retries beyond throttling, for Raw Request's options: any failure, or only 5xx and network errors; exponential
   * backoff starts at 1 s and ignores delayMs.
   */
  extraRetries?: { max: number; delayMs: number; exponential: boolean; allErrors: boolean };
}

/** Graph's error answer as the Graph JS client reports it (statusCode -1 for transport failures). */
type GraphClientError = GraphFailure;

/**
 * An HTTP answer from Graph; the client reports transport failures with statusCode -1, which are network errors here.
 */
function isGraphClientError(e: unknown): e is GraphClientError {
  return (
    typeof e === "object" &&
    e !== null &&
    "statusCode" in e &&
    typeof (e as GraphClientError).statusCode === "number" &&
    (e as GraphClientError).statusCode > 0
  );
}

/** Raw Request's extra retries: any failure, or only 5xx and network errors; never throttling, which has its own. */
function wantsExtraRetry(call: GraphCall, e: unknown, done: number): boolean {
  const r = call.extraRetries;
  const status = isGraphClientError(e) ? e.statusCode : 0;
  return Boolean(
    r && done < r.max && (r.allErrors || status === 0 || status >= 500) && !RETRYABLE_STATUSES.includes(status),
  );
}

/** What to do after a lost answer: send again, look first, or report that it may or may not have taken effect. */
function afterLostAnswer(call: GraphCall, status: number): "repeat" | "confirm" | "report" | "caller" {
  if (call.checkedByCaller) return "caller";
  if (IDEMPOTENT_METHODS.includes(call.method) || call.repeatable) return "repeat";
  if (call.confirm) return "confirm";
  // Other POSTs that do not deliver mail keep their earlier behaviour on a 504: retried as throttling.
  return status === 504 && !call.delivers ? "repeat" : "report";
}

/** A call's progress through its retries: the shared budget, and whether an answer was lost on the way. */
interface Attempts {
  budget: RetryBudget;
  outcome: Outcome;
  /** Lost answers so far. */
  lost: number;
  reauthenticated: boolean;
  extra: number;
}

/** Throttling (429/503/504) that outlasted the retry budget. */
function throttled(e: GraphClientError, retryAfter: number | undefined, attempts: number): ThrottledError {
  const seconds = retryAfter === undefined ? undefined : Math.ceil(retryAfter / 1000);
  return new ThrottledError(
    `Graph is throttling or unavailable (${e.statusCode} ${e.code ?? ""}) and the retry budget is spent after ` +
      `${attempts} retr${attempts === 1 ? "y" : "ies"}` +
      (seconds !== undefined ? `; it asks to wait ${seconds} s more. Try again later.` : ". Try again later."),
    e.statusCode,
    seconds,
    attempts,
  );
}

/** Graph's error body ({"error":{"code","message","innerError":{"request-id"}}}) of a text or bytes answer. */
async function failureOf(response: Response): Promise<GraphFailure> {
  const body = await response.text().catch(() => "");
  let error: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } = {};
  try {
    error = (JSON.parse(body) as { error?: typeof error }).error ?? {};
  } catch {
    // Not Graph's JSON (a proxy's page, say): the status and the text are all there is.
  }
  const requestId = error.innerError?.["request-id"] ?? response.headers.get("request-id");
  return {
    statusCode: response.status,
    code: typeof error.code === "string" ? error.code : null,
    message: typeof error.message === "string" ? error.message : body.slice(0, 500),
    requestId: typeof requestId === "string" ? requestId : null,
    headers: response.headers,
  };
}

/** The call as errors name it: its method and path, without the query, secrets redacted. */
const requestLine = (call: GraphCall) => `${call.method} ${redact(String(call.path).split("?")[0])}`;

/** The caller's own time limit (`timeoutMs`) ran out before Graph answered. */
class CallTimedOut extends Error {}

export class Graph {
  readonly client: Client;
  private lastToken?: string;

  constructor(
    readonly conn: ResolvedConnection,
    /** The mailbox this road works on, for errors that are about it (unknown user, access denied). */
    readonly mailbox?: MailboxScope,
  ) {
    // The token is fetched before each call (see `call`), so identity errors arrive typed, not wrapped by the client.
    const auth = new AuthenticationHandler({ getAccessToken: async () => this.lastToken ?? accessToken(conn) });
    const telemetry = new TelemetryHandler();
    auth.setNext(telemetry);
    telemetry.setNext(new DroppedAwareHandler());
    this.client = Client.initWithMiddleware({
      middleware: auth,
      baseUrl: `${conn.graphBaseUrl}/`,
      defaultVersion: "v1.0",
      // The Graph client attaches tokens only to Graph's hosts and these: national clouds and private roots.
      customHosts: new Set([new URL(conn.graphBaseUrl).hostname]),
    });
  }

  /** The same road, working on a mailbox: its errors name the mailbox and the input that named it. */
  forMailbox(mailbox: MailboxScope): Graph {
    return new Graph(this.conn, mailbox);
  }

  private build(call: GraphCall, signal: AbortSignal | undefined): GraphRequest {
    // The query string is encoded here (the client would join values as they are) and given with the path.
    const { search } = encodeQuery(call.query);
    const path = String(call.path);
    let request = this.client.api(search && path.includes("?") ? `${path}&${search.slice(1)}` : path + search);
    // Every request asks for immutable ids (prefer.ts), merged with the call's own preferences.
    request = request.headers(withPreferences(call.headers));
    // Text and bytes are read from the raw answer, so that a failure's JSON error body is read as for JSON calls.
    if (call.responseType === "text" || call.responseType === "bytes") request = request.responseType(ResponseType.RAW);
    if (signal) request = request.option("signal", signal);
    return request;
  }

  private async send(call: GraphCall): Promise<unknown> {
    const signal = call.timeoutMs ? AbortSignal.timeout(call.timeoutMs) : undefined;
    const request = this.build(call, signal);
    let result: unknown;
    try {
      result = await withinMailboxLimit(this.conn.identity, String(call.path), () => this.dispatch(request, call));
    } catch (e) {
      // The caller's own time limit ran out: that is its answer, not a lost one to look for or repeat.
      if (signal?.aborted) throw new CallTimedOut();
      throw e;
    }
    if (call.responseType !== "text" && call.responseType !== "bytes") return result;
    const response = result as Response;
    if (!response.ok) throw await failureOf(response);
    return call.responseType === "text" ? response.text() : Buffer.from(await response.arrayBuffer());
  }

  private dispatch(request: GraphRequest, call: GraphCall): Promise<unknown> {
    switch (call.method) {
      case "GET":
        return request.get();
      case "POST":
        return request.post(call.body ?? {});
      case "PATCH":
        return request.patch(call.body ?? {});
      case "PUT":
        return request.put(call.body ?? {});
      case "DELETE":
        return request.delete();
    }
  }

  /** One Graph call, with retries, and Graph's and the identity platform's errors typed. */
  async call<T = Record<string, unknown>>(call: GraphCall): Promise<T> {
    return (await this.callWithOutcome<T>(call)).result;
  }

  /** One Graph call, and how it ended: answered, or confirmed or retried after a lost answer. */
  async callWithOutcome<T = Record<string, unknown>>(call: GraphCall): Promise<{ result: T; outcome: Outcome }> {
    const a: Attempts = { budget: new RetryBudget(), outcome: "answered", lost: 0, reauthenticated: false, extra: 0 };
    for (;;) {
      this.lastToken = await accessToken(this.conn);
      let failure: unknown;
      try {
        const result = await this.send(call);
        return {
          result: result as T,
          outcome: a.outcome,
        };
      } catch (e) {
        failure = e;
      }
      const next = await this.afterFailure(call, failure, a);
      if (next !== "again") return { result: next.result as T, outcome: next.outcome };
    }
  }

  /** Decides what follows a failed try: "again" (after any wait), a result (the call took effect), or a throw. */
  private async afterFailure(
    call: GraphCall,
    e: unknown,
    a: Attempts,
  ): Promise<"again" | { result: unknown; outcome: Outcome }> {
    if (e instanceof OutlookError) throw e;
    if (wantsExtraRetry(call, e, a.extra)) {
      await sleep(call.extraRetries!.exponential ? 1000 * 2 ** a.extra : call.extraRetries!.delayMs);
      a.extra++;
      return "again";
    }
    if (e instanceof CallTimedOut) throw this.timeoutError(call);
    const error = e as GraphClientError;
    const kind = typeof error?.statusCode === "number" ? failureKind(error) : "unreached";
    if (kind === "unreached") throw this.networkError(e, call);
    if (kind === "lost") return this.afterLost(call, error, a);
    if (error.statusCode === 401 && !a.reauthenticated && this.lastToken) {
      // A token the platform or our cache thought valid was refused (revoked, clock skew): get a new one once.
      a.reauthenticated = true;
      invalidateToken(this.conn, this.lastToken);
      return "again";
    }
    // Removing again what a lost answer already removed: Graph no longer finds it, which is what was asked.
    if (a.lost > 0 && call.method === "DELETE" && error.statusCode === 404)
      return { result: undefined, outcome: "confirmedAfterLostAnswer" };
    // Sent again after a lookup missed it, the call meets its own effect (409 the folder exists, 404 the draft is
    // gone): one more look tells.
    if (a.lost > 0 && call.confirm && [404, 409].includes(error.statusCode)) return this.lookAgain(call, error);
    if (RETRYABLE_STATUSES.includes(error.statusCode)) return this.waitToRetry(error, a);
    throw await this.serviceError(error, call);
  }

  /** After a resend met the call's own effect: the lookup's result, or Graph's answer when it still finds nothing. */
  private async lookAgain(call: GraphCall, e: GraphClientError): Promise<{ result: unknown; outcome: Outcome }> {
    const found = await call.confirm!().catch(() => ({ tookEffect: false }) as Confirmation);
    if (found.tookEffect) return { result: found.result, outcome: "confirmedAfterLostAnswer" };
    throw await this.serviceError(e, call);
  }

  /** Throttling (429, 503; 504 on calls that may repeat): waits as Graph asks, within the budget. */
  private async waitToRetry(e: GraphClientError, a: Attempts): Promise<"again"> {
    const retryAfter = retryAfterMs(e.headers?.get("Retry-After"));
    const wait = a.budget.next(retryAfter);
    if (wait === undefined) throw throttled(e, retryAfter, a.budget.attempts);
    await sleep(wait);
    return "again";
  }

  /** A lost answer: repeat a harmless call, look for a call's effect before sending it again, or report. */
  private async afterLost(
    call: GraphCall,
    e: GraphClientError,
    a: Attempts,
  ): Promise<"again" | { result: unknown; outcome: Outcome }> {
    a.lost++;
    const what = requestLine(call);
    const reason = lostReason(e);
    const plan = afterLostAnswer(call, e.statusCode);
    if (plan === "report") throw maybeDone(what, reason, e, Boolean(call.delivers));
    if (plan === "caller") throw new LostAnswerError(maybeDone(what, reason, e, false));
    if (plan === "confirm") {
      let found: Confirmation;
      try {
        found = await call.confirm!();
      } catch (lookup) {
        throw outcomeUnknown(what, Boolean(call.delivers), reason, lookup as Error);
      }
      if (found.tookEffect) return { result: found.result, outcome: "confirmedAfterLostAnswer" };
    }
    const wait = a.budget.next(retryAfterMs(e.headers?.get("Retry-After")));
    if (wait === undefined) {
      if (plan === "confirm") throw notDone(what, Boolean(call.delivers), reason, a.lost);
      throw e.statusCode === 504 ? throttled(e, undefined, a.budget.attempts) : this.networkError(e, call);
    }
    await sleep(wait);
    a.outcome = "retriedAfterLostAnswer";
    return "again";
  }

  /** Graph's error for one request of a JSON batch (batch.ts), typed as a call of its own would have it. */
  async batchItemError(
    answer: { status: number; code?: string; message?: string; requestId?: string },
    call: Pick<GraphCall, "notFound"> & Partial<GraphCall>,
  ): Promise<OutlookError> {
    const e = {
      statusCode: answer.status,
      code: answer.code ?? null,
      message: answer.message ?? "",
      requestId: answer.requestId ?? null,
    };
    return this.serviceError(e, call as GraphCall);
  }

  /** Whether the item at this path is there: one GET of its id, made only while explaining an error. */
  private async exists(path: GraphPath): Promise<boolean | undefined> {
    try {
      await this.send({ method: "GET", path, query: { $select: "id" } });
      return true;
    } catch (e) {
      if (!isGraphClientError(e)) return undefined;
      return e.statusCode === 404 || e.code === "ErrorInvalidIdMalformed" ? false : undefined;
    }
  }

  private async serviceError(e: GraphClientError, call: GraphCall): Promise<OutlookError> {
    const code = e.code ?? `HTTP${e.statusCode}`;
    if (e.statusCode === 401) {
      return new AuthenticationError(
        `Graph refused the connection's token (${code}): ${redact(e.message)}`,
        [],
        "connection",
      );
    }
    const failed = {
      path: call.path instanceof GraphPath ? call.path : { toString: () => String(call.path) },
      notFound: call.notFound,
      queryInputs: encodeQuery(call.query).inputs,
      delivers: call.delivers,
      resource: (call.body as { resource?: unknown } | undefined)?.resource as string | undefined,
    };
    const { property, hint } = await blame(e, failed, this.conn, this.mailbox, (path) => this.exists(path));
    // The request-id is what Microsoft support asks for; the platform's logs show only the message.
    const requestId = e.requestId ? ` (request-id ${e.requestId})` : "";
    return new GraphServiceError(
      `Graph answered ${e.statusCode} ${code}: ${redact(e.message)}${hint ?? ""}${requestId}`,
      code,
      e.statusCode,
      e.requestId ?? undefined,
      property,
    );
  }

  private timeoutError(call: GraphCall): OutlookError {
    return new GraphServiceError(
      `Graph did not answer ${requestLine(call)} within the ${call.timeoutMs} ms asked for; give more time, or none.`,
      "Timeout",
      0,
      undefined,
      call.timeoutInput,
    );
  }

  private networkError(e: unknown, call: GraphCall): OutlookError {
    const cause = e instanceof Error ? ((e as Error & { cause?: Error }).cause?.message ?? e.message) : String(e);
    return new GraphServiceError(
      `Could not reach Graph at ${this.conn.graphBaseUrl} for ${requestLine(call)}: ${redact(cause)}`,
      "NetworkError",
      0,
    );
  }
}

/**
 * The Graph road for a connection. Tokens and identity clients are cached per connection identity; this object is
 * cheap.
 */
export function graphFor(connection: Connection): Graph {
  return new Graph(resolveConnection(connection));
}
