import component from "../../src";
import { USERS, addBulkMessages, type StoredMessage } from "../../sandbox";
import type { Line, WorkloadResult } from "../report";
import { MemoryWatch, answerMs, peakOf, onTheWire, requestsSince, roundTrips, timed, type Bench } from "../support";

/**
 * 2. One change made to many messages at once with Update Messages (JSON batches of 20, 4 in flight
 * per mailbox): marked read, flagged, high importance and a category. At least one `$batch` per 20
 * messages, and a limit of one round trip per 4 batches. Beside it the peers' way: one PATCH per
 * message, one after another. Each strategy works on messages of its own; what the action reports
 * (a result per message, with counts) and what the mailbox shows afterwards are both checked.
 */

const BATCH_LIMIT = 20;
const ACTION = "updateMessages";
const CATEGORY = "Bench";

/** The change, as Update Messages takes it and as a PATCH body. */
const INPUTS = { isRead: "true", flagStatus: "flagged", importance: "high", categories: [CATEGORY] };
const PATCH = { isRead: true, flag: { flagStatus: "flagged" }, importance: "high", categories: [CATEGORY] };

/** What Update Messages answers: one result per message, and counts. */
interface UpdateOutcome {
  total: number;
  done: number;
  failed: number;
  items: { id: string; status: string; error?: { code: string; message: string } }[];
}

/** Seeds `count` unread, unflagged messages in a folder of Megan's and returns them. */
function seeded(bench: Bench, folder: string, count: number): StoredMessage[] {
  const f = addBulkMessages(bench.sb.store, { mailbox: USERS.megan.upn, folder, count });
  return [...bench.sb.store.mailbox(USERS.megan.id).messages.values()].filter((m) => m.folderId === f.id);
}

/** Messages that show the whole change in the mailbox. */
const changed = (messages: StoredMessage[]) =>
  messages.filter(
    (m) => m.isRead && m.flag.flagStatus === "flagged" && m.importance === "high" && m.categories.includes(CATEGORY),
  ).length;

const notUpdated = (messages: StoredMessage[]) => {
  const done = changed(messages);
  return done === messages.length ? {} : { outcome: `${messages.length - done} not updated` };
};

/** The peers' strategy: a PATCH per message, each waiting for the one before. */
async function patchEach(bench: Bench, messages: StoredMessage[]): Promise<Line> {
  const mark = bench.sb.requests.length;
  const { ms } = await timed(async () => {
    for (const m of messages) {
      const res = await bench.plain.call("PATCH", `/users/${USERS.megan.upn}/messages/${m.id}`, PATCH);
      if (res.status !== 200) throw new Error(`PATCH answered ${res.status}`);
    }
  });
  return {
    strategy: "one PATCH per message, sequential (peers)",
    requests: requestsSince(bench.sb, mark, onTheWire).length,
    wallMs: ms,
    ...notUpdated(messages),
  };
}

/** Whether the action's own report says every message, and only these, was updated. */
function reportsAllDone(outcome: UpdateOutcome | undefined, messages: StoredMessage[]): string | undefined {
  if (!outcome || !Array.isArray(outcome.items)) return "no per-message results in the output";
  const ids = new Set(messages.map((m) => m.id));
  const done = outcome.items.filter((i) => i.status === "done" && ids.has(i.id)).length;
  if (outcome.total !== messages.length || outcome.done !== messages.length || outcome.failed !== 0)
    return `output counts ${outcome.done} done, ${outcome.failed} failed of ${outcome.total}`;
  if (done !== messages.length) return `output lists ${done} of ${messages.length} done`;
  return undefined;
}

/** Ours: Update Messages through spectral's harness (only called when this build has it). */
async function updateMessages(
  bench: Bench,
  messages: StoredMessage[],
): Promise<{ line: Line; batches: number; answerMs: number }> {
  const mark = bench.sb.requests.length;
  const memory = new MemoryWatch();
  const { result, ms } = await timed(() =>
    bench.harness.action(ACTION, {
      connection: bench.connection,
      mailbox: USERS.megan.upn,
      messageIds: messages.map((m) => m.id),
      ...INPUTS,
    }),
  );
  const peak = memory.stop();
  const wire = requestsSince(bench.sb, mark, onTheWire);
  const mismatch = reportsAllDone((result as { data?: UpdateOutcome } | undefined)?.data, messages);
  const inMailbox = notUpdated(messages).outcome;
  const outcome = [inMailbox, mismatch].filter(Boolean).join("; ");
  return {
    line: {
      strategy: "ours: JSON batches of 20, 4 in flight",
      requests: wire.length,
      wallMs: ms,
      peakMemory: peakOf(peak),
      ...(outcome ? { outcome } : {}),
    },
    answerMs: answerMs(wire),
    batches: wire.filter((r) => r.path.endsWith("/$batch")).length,
  };
}

export async function bulkUpdate(bench: Bench, count: number): Promise<WorkloadResult> {
  const minimum = Math.ceil(count / BATCH_LIMIT);
  const result: WorkloadResult = {
    id: 2,
    title: `Update ${count.toLocaleString("en")} messages (read, flag, importance, category)`,
    status: "pending",
    minimum,
    limitMs: roundTrips(minimum) * bench.latencyMs,
    peers: [],
    target: "requests = minimum, wall within 1.25 × limit",
    notes: [],
    details: {},
  };
  result.peers.push(await patchEach(bench, seeded(bench, "Update (peers)", count)));
  if (!(ACTION in component.actions)) {
    // Never a made-up figure: the row stays empty until the build has the action.
    result.notes.push(`pending: ${ACTION} not in this build`);
    return result;
  }
  const ours = await updateMessages(bench, seeded(bench, "Update (ours)", count));
  const ratio = ours.line.wallMs! / result.limitMs!;
  result.status = "measured";
  result.ours = ours.line;
  result.details.batchRequests = ours.batches;
  result.details.answerMs = ours.answerMs;
  result.met = ours.line.outcome === undefined && ours.line.requests === minimum && ratio <= 1.25;
  if (ours.line.requests !== minimum)
    result.notes.push(`${ours.line.requests} requests against ${minimum} (${ours.batches} of them $batch).`);
  return result;
}
