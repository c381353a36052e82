import type { Message } from "@microsoft/microsoft-graph-types";
import type { Graph, Query } from "./client";

export interface DeltaResult {
  changes: Message[];
  removed: string[];
  deltaLink?: string;
}

/**
 * One round of Graph's delta query on a folder's messages: from the start (a full sync) or from a
 * delta link, following every page, returning the changes, the ids removed, and the next delta link.
 * A failure anywhere fails the round as a whole, so a caller keeping the old link loses nothing.
 */
export async function deltaRound(
  graph: Graph,
  from: { folderPath: string; query?: Query } | { deltaLink: string },
  notFound?: string,
): Promise<DeltaResult> {
  const headers = { Prefer: "odata.maxpagesize=1000" };
  const result: DeltaResult = { changes: [], removed: [] };
  let page: {
    value?: (Message & { "@removed"?: unknown })[];
    "@odata.nextLink"?: string;
    "@odata.deltaLink"?: string;
  } =
    "deltaLink" in from
      ? await graph.call({ method: "GET", path: from.deltaLink, headers })
      : await graph.call({
          method: "GET",
          path: `${from.folderPath}/messages/delta`,
          query: from.query,
          headers,
          notFound,
        });
  for (;;) {
    for (const item of page.value ?? []) {
      if (item["@removed"]) result.removed.push(item.id!);
      else result.changes.push(item);
    }
    if (page["@odata.deltaLink"]) result.deltaLink = page["@odata.deltaLink"];
    const next = page["@odata.nextLink"];
    if (!next) return result;
    page = await graph.call({ method: "GET", path: next, headers });
  }
}
