import { USERS, type Sandbox } from "../../../sandbox";
import { batch, type BatchCall } from "../../../src/graph/batch";
import { graphFor } from "../../../src/graph/client";
import { graphPath } from "../../../src/graph/path";
import { retryPolicy } from "../../../src/graph/retry";
import { GraphServiceError, ThrottledError } from "../../../src/errors";
import { deliver } from "../triggers/mail";
import { secretConnection, startSandbox } from "../support";

/**
 * The JSON batching facility (src/graph/batch.ts) against the sandbox: 20 calls to a `$batch`, at
 * most 4 batches in flight per mailbox, throttled calls sent again on their own, other failures
 * typed as the call alone would have met them, results in the calls' order.
 */

let sb: Sandbox;
let alexIds: string[];
let meganIds: string[];
beforeAll(async () => {
  sb = await startSandbox({ throttle: "outlook", latencyMs: 30 });
  alexIds = Array.from({ length: 95 }, (_, i) => deliver(sb, USERS.alex.id, `alex ${i}`).id);
  meganIds = Array.from({ length: 25 }, (_, i) => deliver(sb, USERS.megan.id, `megan ${i}`).id);
});
afterEach(() => sb.faults.clear());
afterAll(() => sb.stop());

const graph = () => graphFor(secretConnection(sb));
const read = (user: string, id: string): BatchCall => ({
  method: "GET",
  path: graphPath`/users/${user}/messages/${id}`,
  query: { $select: "subject" },
  notFound: "messageId",
});
const batchRequests = (since: number) => sb.requests.slice(since).filter((r) => r.path === "/v1.0/$batch" && !r.batch);

/** Counts the batches the sandbox works on at once, per mailbox (each held 150 ms so overlaps show). */
async function watchingBatches<T>(work: () => Promise<T>): Promise<{ result: T; most: Map<string, number> }> {
  const route = sb.router.routes.find((r) => r.template === "/$batch")!;
  const original = route.handler;
  const running = new Map<string, number>();
  const most = new Map<string, number>();
  route.handler = async (ctx) => {
    const url = String((JSON.parse(ctx.body.toString()) as { requests: { url: string }[] }).requests[0].url);
    const mailbox = decodeURIComponent(url.split("/")[2]);
    running.set(mailbox, (running.get(mailbox) ?? 0) + 1);
    most.set(mailbox, Math.max(most.get(mailbox) ?? 0, running.get(mailbox)!));
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await original(ctx);
    } finally {
      running.set(mailbox, running.get(mailbox)! - 1);
    }
  };
  try {
    return { result: await work(), most };
  } finally {
    route.handler = original;
  }
}

it("reads 120 messages of two mailboxes in 7 batch requests, in order, at most 4 at a time per mailbox", async () => {
  const before = sb.requests.length;
  const calls = [...alexIds.map((id) => read(USERS.alex.upn, id)), ...meganIds.map((id) => read(USERS.megan.upn, id))];
  const { result: results, most } = await watchingBatches(() => batch<{ subject: string }>(graph(), calls));
  expect(Object.fromEntries(most)).toEqual({ [USERS.alex.upn]: 4, [USERS.megan.upn]: 2 });
  expect(results.map((r) => (r.ok ? r.body?.subject : r.error.message))).toEqual([
    ...alexIds.map((_, i) => `alex ${i}`),
    ...meganIds.map((_, i) => `megan ${i}`),
  ]);
  const sent = batchRequests(before);
  expect(sent).toHaveLength(Math.ceil(95 / 20) + Math.ceil(25 / 20));
  const inner = sb.requests.slice(before).filter((r) => r.batch);
  expect(inner).toHaveLength(120);
  expect(inner.every((r) => r.status === 200)).toBe(true);
});

it("sends throttled calls again on their own, after the Retry-After they were given", async () => {
  const before = sb.requests.length;
  sb.faults.throttleNext(5, 1, { path: /\/messages\// });
  const results = await batch(
    graph(),
    alexIds.slice(0, 30).map((id) => read(USERS.alex.upn, id)),
  );
  expect(results.every((r) => r.ok)).toBe(true);
  const sent = batchRequests(before);
  // Two batches for 30 calls, then one more for the 5 throttled.
  expect(sent).toHaveLength(3);
  const inner = sb.requests.slice(before).filter((r) => r.batch);
  expect(inner.filter((r) => r.status === 429)).toHaveLength(5);
  expect(inner.filter((r) => r.status === 200)).toHaveLength(30);
});

it("gives up on a call Graph keeps throttling, with a ThrottledError for it alone", async () => {
  const saved = { ...retryPolicy };
  Object.assign(retryPolicy, { maxRetries: 2 });
  try {
    // The second call is throttled at every try; the first and third go through with it.
    sb.faults.throttleNext(3, 1, { query: /throttled=yes/ });
    const results = await batch(graph(), [
      read(USERS.alex.upn, alexIds[0]),
      { ...read(USERS.alex.upn, alexIds[1]), query: { $select: "subject", throttled: "yes" } },
      read(USERS.alex.upn, alexIds[2]),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const failed = results[1] as unknown as { error: ThrottledError };
    expect(failed.error).toBeInstanceOf(ThrottledError);
    expect(failed.error).toMatchObject({ status: 429, retryAfterSeconds: 1, attempts: 2 });
  } finally {
    Object.assign(retryPolicy, saved);
  }
});

it("types a call's own failure as that call would meet it, blaming the input that named the item", async () => {
  const results = await batch(graph(), [read(USERS.alex.upn, alexIds[0]), read(USERS.alex.upn, "AAMkGone")]);
  expect(results[0].ok).toBe(true);
  const failed = results[1] as { ok: false; status: number; error: GraphServiceError };
  expect(failed.status).toBe(404);
  expect(failed.error).toBeInstanceOf(GraphServiceError);
  expect(failed.error).toMatchObject({ graphCode: "ErrorItemNotFound", status: 404, property: "messageId" });
  expect(failed.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
});

it("gives every call of a batch that failed as a whole that batch's typed error", async () => {
  sb.faults.failNext(1, 500, null, { path: /\$batch$/ });
  const results = await batch(
    graph(),
    alexIds.slice(0, 3).map((id) => read(USERS.alex.upn, id)),
  );
  expect(results.map((r) => r.ok)).toEqual([false, false, false]);
  expect((results[0] as unknown as { error: GraphServiceError }).error).toMatchObject({ status: 500 });
});

it("sends reads again after a lost batch answer; a POST without a check is reported maybe done", async () => {
  sb.faults.afterNext(1, "reset", { path: /\$batch$/ });
  const before = sb.requests.length;
  const reads = await batch<{ subject: string }>(
    graph(),
    alexIds.slice(0, 3).map((id) => read(USERS.alex.upn, id)),
  );
  expect(reads.map((r) => (r.ok ? r.body?.subject : "failed"))).toEqual(["alex 0", "alex 1", "alex 2"]);
  expect(batchRequests(before)).toHaveLength(2);
  sb.faults.afterNext(1, "gatewayTimeout", { path: /\$batch$/ });
  const [copied] = await batch(graph(), [
    {
      method: "POST",
      path: graphPath`/users/${USERS.alex.upn}/messages/${alexIds[0]}/copy`,
      body: { destinationId: "archive" },
    },
  ]);
  expect(copied).toMatchObject({ ok: false, status: 504, maybeDone: true });
  expect((copied as unknown as { error: GraphServiceError }).error.message).toMatch(/may or may not have taken effect/);
});
