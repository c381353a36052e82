import type { Message } from "@microsoft/microsoft-graph-types";
import { GraphServiceError } from "../errors";
import type { ItemRef } from "../inputs/ids";
import type { Query } from "./client";
import type { MailboxRef } from "./mailbox";
import { folderPath } from "./mailFolders";
import { linkFromGraph } from "./paging";
import { advance, unseen, type DeltaMark, type SyncMode } from "./deltaMark";
import { graphPath, type GraphLink } from "./path";

/** Incremental sync of a folder's messages with Graph's delta query. */

export interface DeltaResult {
  changes: Message[];
  removed: string[];
  deltaLink?: string;
}

/** Where a round starts: the folder from scratch (a full sync), or a delta link from an earlier round. */
export type DeltaStart = { folder: ItemRef; query?: Query } | { link: GraphLink };

type DeltaPage = {
  value?: (Message & { "@removed"?: unknown })[];
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
};

/**
 * One round of Graph's delta query on a folder's messages, following every page (at Graph's
 * largest), returning the changes, the ids removed, and the next delta link. A failure anywhere
 * fails the round as a whole, so a caller keeping the old link loses nothing.
 */
export async function messageDelta(mb: MailboxRef, start: DeltaStart): Promise<DeltaResult> {
  const headers = { Prefer: "odata.maxpagesize=1000" };
  const result: DeltaResult = { changes: [], removed: [] };
  let page: DeltaPage =
    "link" in start
      ? await mb.graph.call({ method: "GET", path: start.link, headers })
      : await mb.graph.call({
          method: "GET",
          path: graphPath`${folderPath(mb, start.folder)}/messages/delta`,
          query: start.query,
          headers,
          notFound: start.folder.input,
        });
  for (;;) {
    for (const item of page.value ?? []) {
      if (item["@removed"]) result.removed.push(item.id!);
      else result.changes.push(item);
    }
    if (page["@odata.deltaLink"]) result.deltaLink = page["@odata.deltaLink"];
    const next = page["@odata.nextLink"];
    if (!next) return result;
    page = await mb.graph.call({ method: "GET", path: linkFromGraph(next), headers });
  }
}

/** Graph no longer has the round's sync state: the link expired (410 Gone, SyncStateNotFound) or must restart. */
export function isSyncReset(e: unknown): boolean {
  if (!(e instanceof GraphServiceError)) return false;
  return e.status === 410 || /^(syncStateNotFound|resyncRequired|syncStateInvalid)$/i.test(e.graphCode);
}

/** The options a folder's rounds use; a fresh round after a reset uses them again. */
export interface SyncOptions {
  folder: ItemRef;
  query: Query;
  mode: SyncMode;
}

export interface SyncResult extends DeltaResult {
  /** What has been handed out, for the next fresh round to skip. */
  mark: DeltaMark;
  /** Set when Graph's sync state was gone and a fresh round started: why, and what it means. */
  restarted?: string;
}

/** What the watermark needs of each change (its times and change key) is always selected. */
function withMarkFields(query: Query): Query {
  const given = query.$select;
  const select = (
    typeof given === "object" && given !== null ? given.text : typeof given === "string" ? given : ""
  ).trim();
  if (!select) return query;
  const fields = select.split(",").map((f) => f.trim());
  const missing = ["receivedDateTime", "lastModifiedDateTime", "changeKey"].filter((f) => !fields.includes(f));
  if (!missing.length) return query;
  const text = [...fields, ...missing].join(",");
  // A Select typed by the user keeps naming its input, so Graph's refusal of it still blames that input.
  return { ...query, $select: typeof given === "object" && given !== null ? { ...given, text } : text };
}

/**
 * A fresh round after Graph lost the sync state: the folder from scratch with the same options,
 * handing out only what the mark does not cover. In "updated" mode Graph's fresh round holds no
 * changes at all, so a second round without the change type finds what changed meanwhile.
 */
async function restart(mb: MailboxRef, options: SyncOptions, mark: DeltaMark | undefined, why: string) {
  const query = withMarkFields(options.query);
  const fresh = await messageDelta(mb, { folder: options.folder, query });
  const everything =
    options.mode === "updated"
      ? (await messageDelta(mb, { folder: options.folder, query: { ...query, changeType: undefined } })).changes
      : fresh.changes;
  const changes = unseen(everything, mark, options.mode);
  const skipped = everything.length - changes.length;
  const restarted =
    `${why} A fresh round started: ${changes.length} message(s) handed out, ${skipped} already handed out ` +
    `or older skipped${mark ? "" : " (no watermark was given, so every message counts as new)"}; ` +
    "messages removed while the link was expired cannot be reported.";
  return { changes, removed: [], deltaLink: fresh.deltaLink, mark: advance(mark, everything), restarted };
}

/**
 * One sync of a folder: from the delta link when there is one, else a first round; when Graph
 * says the link's sync state is gone (410), a fresh round hands out only what the mark does not
 * cover, and says so. Any other failure fails the sync as a whole (the caller keeps its link).
 */
export async function syncFolder(
  mb: MailboxRef,
  options: SyncOptions,
  from: { link?: GraphLink; mark?: DeltaMark },
): Promise<SyncResult> {
  if (!from.link) {
    const first = await messageDelta(mb, { folder: options.folder, query: withMarkFields(options.query) });
    return { ...first, mark: advance(from.mark, first.changes) };
  }
  try {
    const round = await messageDelta(mb, { link: from.link });
    return { ...round, mark: advance(from.mark, round.changes) };
  } catch (e) {
    if (!isSyncReset(e)) throw e;
    const code = (e as GraphServiceError).graphCode;
    return restart(
      mb,
      options,
      from.mark,
      `Graph no longer has this folder's sync state (${code}): the delta link expired.`,
    );
  }
}
