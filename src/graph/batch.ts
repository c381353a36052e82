import { GraphServiceError, OutlookError, ThrottledError } from "../errors";
import type { Graph, GraphCall, Query } from "./client";
import { graphPath, type GraphPath } from "./path";
import { withPreferences } from "./prefer";
import { RETRYABLE_STATUSES, RetryBudget, retryAfterMs, sleep } from "./retry";

/**
 * JSON batching: many Graph calls in few requests. Calls go out 20 to a `POST /$batch`, at most 4
 * batches in flight per mailbox (Outlook's concurrency limit per app and mailbox), each batch
 * through the one road (token, retries of the batch itself, typed errors). Graph answers each call
 * on its own: a call throttled inside a batch (429, or 503/504 for calls that do not deliver mail)
 * is sent again in a later batch after the longest Retry-After, within the retry budget; any other
 * failure comes back as the typed error that call alone would have met. Results keep the calls' order.
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
  /** Delivers mail: never sent again after a 504 (it may have gone out). */
  delivers?: boolean;
}

export type BatchResult<T = unknown> =
  | { ok: true; status: number; headers: Record<string, string>; body: T | undefined }
  | { ok: false; status: number; error: OutlookError };

interface BatchAnswer {
  id?: unknown;
  status?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
}

const batchPath = graphPath`/$batch`;

/** The call's URL as a batch names it: its path and query, values encoded once. */
function urlOf(call: BatchCall): string {
  const query = Object.entries(call.query ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return `${String(call.path)}${query.length ? `?${query.join("&")}` : ""}`;
}

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

/** The mailbox a call works on ("/users/{id}/…" or "/me/…"), for Outlook's per-mailbox concurrency. */
function mailboxOf(call: BatchCall): string {
  const path = String(call.path);
  if (/^\/me(\/|$)/i.test(path)) return "me";
  return /^\/users\/([^/?#]+)/i.exec(path)?.[1]?.toLowerCase() ?? "";
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  return Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
}

/** Whether an answer is throttling to wait out and send again. */
function retryable(call: BatchCall, status: number): boolean {
  return RETRYABLE_STATUSES.includes(status) && !(call.delivers && status === 504);
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

/** Sends one batch and files each answer; throttled calls are returned to be sent again. */
async function sendBatch(
  graph: Graph,
  calls: BatchCall[],
  indexes: number[],
  results: BatchResult[],
): Promise<{ index: number; retryAfter?: number; status: number }[]> {
  let answers: BatchAnswer[];
  try {
    const reply = await graph.call<{ responses?: BatchAnswer[] }>({
      method: "POST",
      path: batchPath,
      body: { requests: indexes.map((i) => requestOf(calls[i], String(i))) },
    });
    answers = Array.isArray(reply?.responses) ? reply.responses : [];
  } catch (e) {
    // The batch itself failed (after the road's own retries): every call in it shares that failure.
    const error = e instanceof OutlookError ? e : new GraphServiceError(String(e), "BatchFailed", 0);
    for (const i of indexes) results[i] = { ok: false, status: (error as { status?: number }).status ?? 0, error };
    return [];
  }
  const byId = new Map(answers.map((a) => [String(a.id), a]));
  const again: { index: number; retryAfter?: number; status: number }[] = [];
  for (const i of indexes) {
    const answer = byId.get(String(i));
    const status = typeof answer?.status === "number" ? answer.status : 0;
    if (!answer || !status) {
      const error = new GraphServiceError("Graph's batch answer left out one of its requests.", "BatchIncomplete", 0);
      results[i] = { ok: false, status: 0, error };
    } else if (status >= 200 && status < 300) {
      results[i] = { ok: true, status, headers: answer.headers ?? {}, body: answer.body };
    } else if (retryable(calls[i], status)) {
      again.push({ index: i, status, retryAfter: retryAfterMs(header(answer.headers, "retry-after")) });
      results[i] = { ok: false, status, error: await failure(graph, calls[i], answer, status) };
    } else results[i] = { ok: false, status, error: await failure(graph, calls[i], answer, status) };
  }
  return again;
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

/** One mailbox's calls: batches of 20, 4 in flight; throttled calls again after the longest Retry-After. */
async function runMailbox(graph: Graph, calls: BatchCall[], indexes: number[], results: BatchResult[]) {
  const budget = new RetryBudget();
  let pending = indexes;
  while (pending.length) {
    const again: Awaited<ReturnType<typeof sendBatch>> = [];
    const tasks = chunks(pending, BATCH_LIMIT).map((part) => async () => {
      again.push(...(await sendBatch(graph, calls, part, results)));
    });
    await pool(tasks, BATCHES_IN_FLIGHT_PER_MAILBOX);
    if (!again.length) return;
    const asked = again.map((a) => a.retryAfter).filter((ms): ms is number => ms !== undefined);
    const wait = budget.next(asked.length ? Math.max(...asked) : undefined);
    if (wait === undefined) {
      for (const a of again) results[a.index] = throttledResult(a, budget.attempts);
      return;
    }
    await sleep(wait);
    pending = again.map((a) => a.index).sort((x, y) => x - y);
  }
}

function throttledResult(a: { retryAfter?: number; status: number }, attempts: number): BatchResult {
  const seconds = a.retryAfter === undefined ? undefined : Math.ceil(a.retryAfter / 1000);
  const message =
    `Graph kept throttling a request in a batch (${a.status}) after ${attempts} ` +
    `retr${attempts === 1 ? "y" : "ies"}; try again later.`;
  return { ok: false, status: a.status, error: new ThrottledError(message, a.status, seconds, attempts) };
}

/** Sends the calls through JSON batching and returns each call's result, in the calls' order. */
export async function batch<T = unknown>(graph: Graph, calls: BatchCall[]): Promise<BatchResult<T>[]> {
  const results: BatchResult[] = new Array(calls.length);
  const byMailbox = new Map<string, number[]>();
  calls.forEach((call, i) => {
    const key = mailboxOf(call);
    const list = byMailbox.get(key);
    if (list) list.push(i);
    else byMailbox.set(key, [i]);
  });
  await Promise.all([...byMailbox.values()].map((indexes) => runMailbox(graph, calls, indexes, results)));
  return results as BatchResult<T>[];
}
