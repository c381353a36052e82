import type { Message } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { Query } from "./client";
import type { MailboxRef } from "./mailbox";
import { folderPath } from "./mailFolders";
import { linkFromGraph } from "./paging";
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
