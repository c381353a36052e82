import type { Message } from "@microsoft/microsoft-graph-types";
import { batch, type BatchResult } from "./batch";
import type { Graph } from "./client";
import { allPages, MAX_PAGE_SIZE } from "./paging";
import { graphPath, GraphPath } from "./path";
import type { SubscriptionRecord } from "./subscriptions";

/**
 * Reading what change notifications point at: the message or event a notification names, and,
 * after Graph reports `missed` notifications, what changed in a watched folder or calendar since.
 */

/** A folder or calendar path this component recorded for a subscription ("/users/{id}/mailFolders/{id}", ...). */
const CONTAINER = /^\/(me|users\/[^/?#\\]+)\/(mailFolders\/[^/?#\\]+|calendars\/[^/?#\\]+|calendar)$/;

function containerOf(record: SubscriptionRecord): GraphPath {
  if (!CONTAINER.test(record.containerPath) || record.containerPath.split("/").includes(".."))
    throw new Error(`Subscription ${record.id} watches no folder or calendar path ('${record.containerPath}').`);
  return GraphPath.trusted(record.containerPath);
}

/** An item that changed, named as a notification would name it. */
export interface ChangedItem {
  id: string;
  resource: string;
  changeKey?: string;
}

/** Messages received (or events changed) in the subscription's folder or calendar since `since` (ISO 8601). */
export async function changedSince(graph: Graph, record: SubscriptionRecord, since: string): Promise<ChangedItem[]> {
  const container = containerOf(record);
  const items =
    record.kind === "message"
      ? await allPages<Message>(graph, {
          method: "GET",
          path: graphPath`${container}/messages`,
          query: {
            $filter: `receivedDateTime ge ${since}`,
            $orderby: "receivedDateTime desc",
            $select: "id,subject,receivedDateTime,lastModifiedDateTime,changeKey",
            $top: MAX_PAGE_SIZE,
          },
        })
      : await allPages<Message>(graph, {
          method: "GET",
          path: graphPath`${container}/events`,
          query: {
            $filter: `lastModifiedDateTime ge ${since}`,
            $select: "id,subject,lastModifiedDateTime,changeKey",
            $top: MAX_PAGE_SIZE,
          },
        });
  const base = record.containerPath.match(/^\/(users\/[^/]+|me)/)?.[1] ?? "me";
  const collection = record.kind === "message" ? "messages" : "events";
  return items.map((item) => ({
    id: item.id!,
    resource: `${base}/${collection}/${item.id}`,
    changeKey: item.changeKey ?? undefined,
  }));
}

/** A notification's resource ("Users/{id}/Messages/{id}") as a Graph path, when it names a message or an event. */
function resourcePath(resource: string): GraphPath | undefined {
  const parts = resource.split("/");
  const ok =
    parts.length === 4 &&
    /^(users|me)$/i.test(parts[0]) &&
    /^(messages|events)$/i.test(parts[2]) &&
    parts.every((p) => p && p !== ".." && !/[?#\\\s]/.test(p));
  if (!ok) return undefined;
  try {
    return GraphPath.trusted(`/${parts.map((p) => encodeURIComponent(decodeURIComponent(p))).join("/")}`);
  } catch {
    return undefined;
  }
}

/**
 * Reads the messages or events notifications name, through JSON batching (20 to a request, 4 in
 * flight per mailbox); each result in order, undefined for a resource that names neither.
 */
export async function readResources(graph: Graph, resources: string[]): Promise<(BatchResult | undefined)[]> {
  const paths = resources.map(resourcePath);
  const calls = paths.filter((p): p is GraphPath => p !== undefined).map((path) => ({ method: "GET" as const, path }));
  const results = await batch(graph, calls);
  let next = 0;
  return paths.map((p) => (p ? results[next++] : undefined));
}
