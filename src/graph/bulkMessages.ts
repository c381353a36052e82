import type { Message } from "@microsoft/microsoft-graph-types";
import { GraphServiceError, type OutlookError } from "../errors";
import type { ItemRef } from "../inputs/ids";
import { batch, type BatchCall, type BatchResult } from "./batch";
import type { MailboxRef } from "./mailbox";
import { folderPath } from "./mailFolders";
import { messagePath } from "./messages";
import { graphPath } from "./path";
import { retryPolicy } from "./retry";

/**
 * Many messages at once: update, move, copy or delete thousands of messages through JSON batching (batch.ts: 20 to a
 * request, 4 requests in flight per mailbox, throttled messages sent again on their own). Each message gets its own
 * result, and none is worked on twice: when the answer to a whole batch is lost, each of its messages is looked at
 * before anything is sent again.
 * - Update: the message is read; when it already shows every change asked for, it counts as done.
 * - Move: the message is read by its immutable id; in the destination folder, it counts as moved (named by an older
 *   REST id that Graph no longer finds, it is reported as maybe moved).
 * - Delete: Graph no longer finds it, or it is in Deleted Items (or Recoverable Items): it counts as deleted.
 * - Copy: the source's Internet message ID is looked for in the destination folder; found, it counts as copied.
 * Only what these checks find not done is sent again.
 */

/** One message's fate. */
export interface ItemOutcome {
  id: string;
  status: "done" | "failed";
  /** Move and copy: the message's immutable id in the destination (a moved message keeps its own). */
  newId?: string;
  /** Found done by looking, after the answer to its batch was lost, instead of being sent again. */
  confirmed?: true;
  error?: { code: string; message: string; status?: number; maybeDone?: true };
}

export interface BulkOutcome {
  total: number;
  done: number;
  failed: number;
  items: ItemOutcome[];
}

type Answer = { status: number; body: unknown };
const bodyOf = (a: Answer) => (a.body ?? {}) as Message;

/** The id of a folder named by id or well-known name: one GET, which also checks the folder is there. */
async function folderIdOf(mb: MailboxRef, folder: ItemRef | string): Promise<string> {
  const found = await mb.graph.call<{ id: string }>({
    method: "GET",
    path: folderPath(mb, folder),
    query: { $select: "id" },
    notFound: typeof folder === "string" ? undefined : folder.input,
  });
  return found.id;
}

/** A read of the message, for checks after a lost answer. */
const readBack = (mb: MailboxRef, ref: ItemRef, select: string): BatchCall => ({
  method: "GET",
  path: messagePath(mb, ref),
  query: { $select: select },
  notFound: ref.input,
});

/** Whether the message shows every change of the patch. */
export function showsChange(patch: Message, m: Message): boolean {
  const sorted = (list: unknown) => JSON.stringify([...((list as string[] | null | undefined) ?? [])].sort());
  return Object.entries(patch).every(([key, value]) => {
    if (key === "categories") return sorted(m.categories) === sorted(value);
    if (key === "flag") return m.flag?.flagStatus === (value as Message["flag"])?.flagStatus;
    return (m as Record<string, unknown>)[key] === value;
  });
}

/** Changes the same properties of every message (read, flag, categories, importance, Focused Inbox). */
export async function updateMessages(mb: MailboxRef, refs: ItemRef[], patch: Message): Promise<BulkOutcome> {
  const select = Object.keys(patch).join(",");
  const calls = refs.map((ref): BatchCall => ({
    method: "PATCH",
    path: messagePath(mb, ref),
    body: patch,
    notFound: ref.input,
    check: { call: readBack(mb, ref, select), tookEffect: (a) => a.status === 200 && showsChange(patch, bodyOf(a)) },
  }));
  return outcomeOf(refs, await batch(mb.graph, calls));
}

/** Moves every message to the folder; each keeps its immutable id. */
export async function moveMessages(mb: MailboxRef, refs: ItemRef[], destination: ItemRef): Promise<BulkOutcome> {
  const destinationId = await folderIdOf(mb, destination);
  const calls = refs.map((ref): BatchCall => ({
    method: "POST",
    path: graphPath`${messagePath(mb, ref)}/move`,
    body: { destinationId },
    notFound: ref.input,
    check: {
      call: readBack(mb, ref, "parentFolderId"),
      // Gone from where its id pointed: moved under a new id (an older REST id was given) or never there.
      tookEffect: (a) =>
        a.status === 404 ? "unknown" : a.status === 200 && bodyOf(a).parentFolderId === destinationId,
    },
  }));
  return outcomeOf(refs, await batch(mb.graph, calls), true);
}

/** Moves every message to Deleted Items, or deletes them for good (permanentDelete). */
export async function deleteMessages(mb: MailboxRef, refs: ItemRef[], permanent: boolean): Promise<BulkOutcome> {
  // Where a deleted message goes: Deleted Items, or Recoverable Items for one deleted from Deleted Items.
  const bins = permanent
    ? []
    : await Promise.all(["deleteditems", "recoverableitemsdeletions"].map((f) => folderIdOf(mb, f)));
  const gone = (a: Answer) => a.status === 404 || (a.status === 200 && bins.includes(String(bodyOf(a).parentFolderId)));
  const calls = refs.map((ref): BatchCall => ({
    method: permanent ? "POST" : "DELETE",
    path: permanent ? graphPath`${messagePath(mb, ref)}/permanentDelete` : messagePath(mb, ref),
    notFound: ref.input,
    check: { call: readBack(mb, ref, "parentFolderId"), tookEffect: gone },
  }));
  return outcomeOf(refs, await batch(mb.graph, calls));
}

/** Copies every message to the folder; each copy has an immutable id of its own. */
export async function copyMessages(mb: MailboxRef, refs: ItemRef[], destination: ItemRef): Promise<BulkOutcome> {
  const destinationId = await folderIdOf(mb, destination);
  const copyOf = (ref: ItemRef): BatchCall => ({
    method: "POST",
    path: graphPath`${messagePath(mb, ref)}/copy`,
    body: { destinationId },
    notFound: ref.input,
  });
  const results = await batch(mb.graph, refs.map(copyOf));
  // A copy whose answer was lost may or may not exist: it is looked for before copying again, a few times at most.
  for (let round = 0; round < retryPolicy.maxRetries; round++) {
    const unsure = results.flatMap((r, i) => (!r.ok && r.maybeDone ? [i] : []));
    if (!unsure.length) break;
    const found = await findCopies(
      mb,
      unsure.map((i) => refs[i]),
      destinationId,
    );
    const again = unsure.filter((i, n) => !found[n]);
    unsure.forEach((i, n) => found[n] && (results[i] = found[n]));
    const retried = await batch(
      mb.graph,
      again.map((i) => copyOf(refs[i])),
    );
    again.forEach((i, n) => (results[i] = retried[n]));
  }
  return outcomeOf(refs, results, true);
}

/**
 * For each source message, its copy in the destination (same Internet message ID) as a confirmed result; undefined
 * when there is none, or when the source cannot be read (the copy is then sent again and meets the same error).
 */
async function findCopies(
  mb: MailboxRef,
  refs: ItemRef[],
  destinationId: string,
): Promise<(BatchResult | undefined)[]> {
  const sources = await batch<Message>(
    mb.graph,
    refs.map((ref) => readBack(mb, ref, "internetMessageId")),
  );
  const ids = sources.map((s) => (s.ok ? s.body?.internetMessageId : undefined));
  const lookups = ids.flatMap((id, n) => (id ? [n] : []));
  const answers = await batch<{ value?: Message[] }>(
    mb.graph,
    lookups.map((n) => ({
      method: "GET",
      path: graphPath`${folderPath(mb, destinationId)}/messages`,
      query: {
        $filter: `internetMessageId eq '${ids[n]!.replace(/'/g, "''")}'`,
        $select: "id,parentFolderId",
        $top: 1,
      },
    })),
  );
  const out: (BatchResult | undefined)[] = refs.map(() => undefined);
  lookups.forEach((n, k) => {
    const a = answers[k];
    const copy = a.ok ? a.body?.value?.[0] : undefined;
    if (copy) out[n] = { ok: true, status: 200, headers: {}, body: copy, confirmed: true };
  });
  return out;
}

function failureOf(error: OutlookError, status: number, maybeDone?: true): NonNullable<ItemOutcome["error"]> {
  const code = error instanceof GraphServiceError ? error.graphCode : error.code;
  return { code, message: error.message, ...(status ? { status } : {}), ...(maybeDone ? { maybeDone } : {}) };
}

/**
 * Nothing done and every message failed the same way (a mailbox out of reach, a permission missing, ids that name
 * nothing): that error, as the action's own.
 */
function commonFailure(results: BatchResult[]): OutlookError | undefined {
  const failed = results.filter((r): r is Extract<BatchResult, { ok: false }> => !r.ok);
  if (!failed.length || failed.length < results.length || failed.some((r) => r.maybeDone)) return undefined;
  const codes = new Set(failed.map((r) => failureOf(r.error, r.status).code));
  return codes.size === 1 ? failed[0].error : undefined;
}

/** Each message's result, in the order given, and the counts; a failure every message met is thrown instead. */
function outcomeOf(refs: ItemRef[], results: BatchResult[], withNewId = false): BulkOutcome {
  const common = commonFailure(results);
  if (common) throw common;
  const items = refs.map((ref, i): ItemOutcome => {
    const r = results[i];
    if (!r.ok) return { id: ref.id, status: "failed", error: failureOf(r.error, r.status, r.maybeDone) };
    const newId = withNewId ? (r.body as Message | undefined)?.id : undefined;
    return { id: ref.id, status: "done", ...(newId ? { newId } : {}), ...(r.confirmed ? { confirmed: true } : {}) };
  });
  const done = items.filter((i) => i.status === "done").length;
  return { total: items.length, done, failed: items.length - done, items };
}
