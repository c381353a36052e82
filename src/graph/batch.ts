import { GraphServiceError, OutlookError, ThrottledError } from "../errors";
import type { Graph, GraphCall, Query } from "./client";
import { IDEMPOTENT_METHODS, LostAnswerError } from "./lostAnswers";
import { graphPath, type GraphPath } from "./path";
import { mailboxOfPath } from "./mailboxGate";
import { withPreferences } from "./prefer";
import { encodeQuery } from "./query";
import { RETRYABLE_STATUSES, RetryBudget, retryAfterMs, sleep } from "./retry";

/**
 * JSON batching: many Graph calls in few requests. Calls go out 20 to a `POST /$batch`, at most 4
 * batches in flight per mailbox (Outlook's concurrency limit per app and mailbox), each batch
 * through the one road (token, retries of the batch itself, typed errors). Graph answers each call
 * on its own: a call throttled inside a batch (429, 503) is sent again in a later batch after the
 * longest Retry-After, within the retry budget; any other
 * failure comes back as the typed error that call alone would have met. Results keep the calls' order.
 *
 * Lost answers: when the answer to a whole batch is lost (the connection dropped, the answer was cut short, Graph's
 * gateway answered 504), some of its calls may have been carried out. Nothing is sent again blindly: a call that
 * declares a `check` is looked at first (the check, a GET, travels in the next batch), and only a call whose check
 * finds it not done is sent again; GETs and calls without a check that are harmless to repeat (PUT, PATCH, DELETE)
 * are sent again; any other call is reported as maybe done. A call answered 504 inside a batch is treated the same.
 */

export const BATCH_LIMIT = 20;
export const BATCHES_IN_FLIGHT_PER_MAILBOX = 4;

export interface BatchCall {
  method: GraphCall["method"];
  /** Relative to Graph's version root, made by `graphPath`. */
  path: GraphPath;
  query?: Query;
  headers?: Record<string, string>;
  body?: unknown;
  /** The input to blame when Graph answers 404 for the item named in the path. */
  notFound?: string;
  /** How to tell whether this call took effect when its answer was lost (see above). */
  check?: LostAnswerCheck;
}

/** A GET that shows whether a call took effect, and how to read its answer. */
export interface LostAnswerCheck {
  call: BatchCall;
  /**
   * Whether the call took effect, from the check's answer (its status and body); "unknown" when the answer cannot
   * tell (the call is then reported maybe done, not sent again).
   */
  tookEffect(answer: { status: number; body: unknown }): boolean | "unknown";
}

export type BatchResult<T = unknown> =
  | {
      ok: true;
      status: number;
      headers: Record<string, string>;
      body: T | undefined;
      /** Found done by its check after a lost answer (the body is then the check's answer). */
      confirmed?: true;
    }
  | {
      ok: false;
      status: number;
      error: OutlookError;
      /** Its answer was lost and nothing can tell whether it took effect: it was not sent again. */
      maybeDone?: true;
    };

interface BatchAnswer {
  id?: unknown;
  status?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One call's place in a round: sent as itself, or its check sent after a lost answer. */
interface Work {
  index: number;
  checking: boolean;
}

/** What a call needs after a round: to wait out throttling, or (lost answer, check said not done) to go again. */
interface Again extends Work {
  status: number;
  /** Throttled: the Retry-After Graph gave (ms), if any. */
  retryAfter?: number;
  throttled: boolean;
}

const batchPath = graphPath`/$batch`;

/** The call's URL as a batch names it: its path and query, encoded once as the road encodes a call's (query.ts). */
const urlOf = (call: BatchCall): string => `${String(call.path)}${encodeQuery(call.query).search}`;

function requestOf(call: BatchCall, id: string): Record<string, unknown> {
  const hasBody = call.body !== undefined && call.method !== "GET" && call.method !== "DELETE";
  // A batch's own headers do not reach its requests: each asks for immutable ids itself.
  const headers = { ...(hasBody ? { "Content-Type": "application/json" } : {}), ...withPreferences(call.headers) };
  return {
    id,
    method: call.method,
    url: urlOf(call),
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(hasBody ? { body: call.body } : {}),
  };
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  return Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
}

/** Whether an answer is throttling to wait out and send again (a 504 is a lost answer, see gatewayTimeout). */
function retryable(status: number): boolean {
  return RETRYABLE_STATUSES.includes(status) && status !== 504;
}

/** After its answer was lost: check the call, send it again (harmless to repeat), or report it maybe done. */
function afterLost(call: BatchCall, w: Work, status: number): Again | "maybeDone" {
  const lost = { index: w.index, status, throttled: false };
  if (w.checking || call.check) return { ...lost, checking: true };
  return IDEMPOTENT_METHODS.includes(call.method) ? { ...lost, checking: false } : "maybeDone";
}

function failure(graph: Graph, call: BatchCall, answer: BatchAnswer, status: number): Promise<OutlookError> {
  const error = (answer.body as { error?: { code?: string; message?: string; innerError?: Record<string, string> } })
    ?.error;
  return graph.batchItemError(
    {
      status,
      code: error?.code || undefined,
      message: error?.message,
      requestId: error?.innerError?.["request-id"] ?? header(answer.headers, "request-id"),
    },
    call,
  );
}

/** Sends one batch; returns its answers, or the lost answer's error when the batch's answer was lost. */
async function post(graph: Graph, calls: BatchCall[], part: Work[]): Promise<BatchAnswer[] | LostAnswerError> {
  const requests = part.map((w) =>
    requestOf(w.checking ? calls[w.index].check!.call : calls[w.index], String(w.index)),
  );
  try {
    const reply = await graph.call<{ responses?: BatchAnswer[] }>({
      method: "POST",
      path: batchPath,
      body: { requests },
      checkedByCaller: true,
    });
    return Array.isArray(reply?.responses) ? reply.responses : [];
  } catch (e) {
    if (e instanceof LostAnswerError) return e;
    throw e;
  }
}

/** Sends one batch and files each answer; returns the calls to go again (throttled, lost, or to check first). */
async function sendBatch(graph: Graph, calls: BatchCall[], part: Work[], results: BatchResult[]): Promise<Again[]> {
  let answers: BatchAnswer[] | LostAnswerError;
  try {
    answers = await post(graph, calls, part);
  } catch (e) {
    // The batch itself failed (after the road's own retries): every call in it shares that failure.
    const error = e instanceof OutlookError ? e : new GraphServiceError(String(e), "BatchFailed", 0);
    for (const w of part) results[w.index] = { ok: false, status: (error as { status?: number }).status ?? 0, error };
    return [];
  }
  if (answers instanceof LostAnswerError) return lostBatch(calls, part, results, answers);
  const byId = new Map(answers.map((a) => [String(a.id), a]));
  const again: Again[] = [];
  for (const w of part) {
    const next = await fileAnswer(graph, calls, w, byId.get(String(w.index)), results);
    if (next) again.push(next);
  }
  return again;
}

/** The whole batch's answer was lost: each call is checked, sent again or reported maybe done. */
function lostBatch(calls: BatchCall[], part: Work[], results: BatchResult[], lost: LostAnswerError): Again[] {
  const again: Again[] = [];
  for (const w of part) {
    const next = afterLost(calls[w.index], w, lost.status);
    if (next === "maybeDone")
      results[w.index] = { ok: false, status: lost.status, error: lost.reported, maybeDone: true };
    else again.push(next);
  }
  return again;
}

/** Files one call's answer in `results`, or says how it goes again. */
async function fileAnswer(
  graph: Graph,
  calls: BatchCall[],
  w: Work,
  answer: BatchAnswer | undefined,
  results: BatchResult[],
): Promise<Again | undefined> {
  const call = w.checking ? calls[w.index].check!.call : calls[w.index];
  const status = typeof answer?.status === "number" ? answer.status : 0;
  if (!answer || !status) {
    const error = new GraphServiceError("Graph's batch answer left out one of its requests.", "BatchIncomplete", 0);
    results[w.index] = { ok: false, status: 0, error };
    return undefined;
  }
  const retryAfter = retryAfterMs(header(answer.headers, "retry-after"));
  if (status === 504) return gatewayTimeout(graph, calls, w, answer, retryAfter, results);
  if (retryable(status)) {
    results[w.index] = { ok: false, status, error: await failure(graph, call, answer, status) };
    return { ...w, status, retryAfter, throttled: true };
  }
  if (w.checking) return checked(calls[w.index], w, status, answer, results);
  if (status >= 200 && status < 300)
    results[w.index] = { ok: true, status, headers: answer.headers ?? {}, body: answer.body };
  else results[w.index] = { ok: false, status, error: await failure(graph, call, answer, status) };
  return undefined;
}

/**
 * A request answered 504 inside the batch: Graph's gateway gave up on it, and it may have been carried out. It is
 * checked, sent again after the Retry-After (harmless to repeat), or reported maybe done.
 */
async function gatewayTimeout(
  graph: Graph,
  calls: BatchCall[],
  w: Work,
  answer: BatchAnswer,
  retryAfter: number | undefined,
  results: BatchResult[],
): Promise<Again | undefined> {
  const call = calls[w.index];
  const next = afterLost(call, w, 504);
  const error = await failure(graph, w.checking ? call.check!.call : call, answer, 504);
  results[w.index] = { ok: false, status: 504, error, ...(next === "maybeDone" ? { maybeDone: true as const } : {}) };
  if (next === "maybeDone") return undefined;
  return next.checking ? next : { ...next, retryAfter, throttled: true };
}

/** A check's answer: the call took effect (its result is the check's answer), or it goes again as itself. */
function checked(
  call: BatchCall,
  w: Work,
  status: number,
  answer: BatchAnswer,
  results: BatchResult[],
): Again | undefined {
  const verdict = call.check!.tookEffect({ status, body: answer.body });
  if (verdict === "unknown") {
    const message =
      "The answer to this request's batch was lost, and looking afterwards could not tell whether it took effect " +
      `(Graph answered ${status}); it was not sent again. Check before retrying.`;
    const error = new GraphServiceError(message, "OutcomeUnknown", status);
    results[w.index] = { ok: false, status, error, maybeDone: true };
    return undefined;
  }
  if (verdict) {
    results[w.index] = { ok: true, status, headers: answer.headers ?? {}, body: answer.body, confirmed: true };
    return undefined;
  }
  return { index: w.index, checking: false, status, throttled: false };
}

/** Runs tasks with at most `limit` running at once. */
async function pool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The wait before the next round: the longest Retry-After among throttled calls (or backoff), a backoff after a lost
 * answer, nothing when calls only go again after a check found them not done; undefined once the budget is spent.
 */
function nextWait(budget: RetryBudget, again: Again[]): number | undefined {
  const throttled = again.filter((a) => a.throttled);
  const asked = throttled.map((a) => a.retryAfter).filter((ms): ms is number => ms !== undefined);
  if (throttled.length) return budget.next(asked.length ? Math.max(...asked) : undefined);
  return budget.next(again.some((a) => a.checking) ? undefined : 0);
}

/** One mailbox's calls: batches of 20, 4 in flight; throttled, lost and checked calls again in later rounds. */
async function runMailbox(graph: Graph, calls: BatchCall[], indexes: number[], results: BatchResult[]) {
  const budget = new RetryBudget();
  let pending: Work[] = indexes.map((index) => ({ index, checking: false }));
  while (pending.length) {
    const again: Again[] = [];
    const tasks = chunks(pending, BATCH_LIMIT).map((part) => async () => {
      again.push(...(await sendBatch(graph, calls, part, results)));
    });
    await pool(tasks, BATCHES_IN_FLIGHT_PER_MAILBOX);
    if (!again.length) return;
    const wait = nextWait(budget, again);
    if (wait === undefined) {
      for (const a of again) results[a.index] = gaveUp(a, budget.attempts, results[a.index]);
      return;
    }
    await sleep(wait);
    pending = again.sort((x, y) => x.index - y.index).map(({ index, checking }) => ({ index, checking }));
  }
}

/** A call still pending when the retry budget ran out: throttled, or its fate unknown after lost answers. */
function gaveUp(a: Again, attempts: number, last: BatchResult | undefined): BatchResult {
  const tries = `${attempts} retr${attempts === 1 ? "y" : "ies"}`;
  if (a.throttled) {
    const seconds = a.retryAfter === undefined ? undefined : Math.ceil(a.retryAfter / 1000);
    const message = `Graph kept throttling a request in a batch (${a.status}) after ${tries}; try again later.`;
    return { ok: false, status: a.status, error: new ThrottledError(message, a.status, seconds, attempts) };
  }
  if (last && !last.ok) return last;
  const message = a.checking
    ? `The answers to a batch kept being lost after ${tries}; this request may or may not have taken effect. ` +
      "Check before retrying."
    : `The answers to a batch kept being lost after ${tries}; each check found this request not done. Nothing was ` +
      "done; try again later.";
  return {
    ok: false,
    status: a.status,
    error: new GraphServiceError(message, a.checking ? "OutcomeUnknown" : "AnswerLost", 0),
  };
}

/** Sends the calls through JSON batching and returns each call's result, in the calls' order. */
export async function batch<T = unknown>(graph: Graph, calls: BatchCall[]): Promise<BatchResult<T>[]> {
  const results: BatchResult[] = new Array(calls.length);
  const byMailbox = new Map<string, number[]>();
  calls.forEach((call, i) => {
    // The mailbox it works on, as the road's concurrency gate tells it, for Outlook's per-mailbox concurrency.
    const key = mailboxOfPath(String(call.path)) ?? "";
    const list = byMailbox.get(key);
    if (list) list.push(i);
    else byMailbox.set(key, [i]);
  });
  await Promise.all([...byMailbox.values()].map((indexes) => runMailbox(graph, calls, indexes, results)));
  return results as BatchResult<T>[];
}
