import { ArgumentError, GraphServiceError } from "../errors";
import type { Paging } from "../inputs/paging";
import type { Graph, GraphCall } from "./client";
import { GraphLink } from "./path";

/** Graph's largest page for Outlook collections: Fetch All asks for it, so 2,500 messages take 3 requests. */
export const MAX_PAGE_SIZE = 1000;

export interface Page<T> {
  value: T[];
  /** The link to the next page, when there is one (one page only). */
  nextLink?: string;
}

/**
 * A link Graph put in one of its answers (@odata.nextLink, @odata.deltaLink), or one this component
 * stored from such an answer: an absolute http(s) URL, followed exactly as Graph gave it (the client
 * attaches the token only to Graph's hosts and the connection's own).
 */
export function linkFromGraph(url: string): GraphLink {
  if (!/^https?:\/\/[^/?#\s]+/i.test(url))
    throw new GraphServiceError(
      `Graph gave a link that is not an absolute URL ('${url.slice(0, 80)}').`,
      "InvalidLink",
      0,
    );
  return GraphLink.trusted(url);
}

/**
 * A link a user gives back (a Delta Link from an earlier run): the full URL of this connection's
 * Graph host, carrying `requiredParam`, so that the token only ever goes to that host.
 */
export function userLink(graph: Graph, value: string, input: string, requiredParam: string): GraphLink {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ArgumentError(input, `'${input}' must be the full URL a previous sync returned.`);
  }
  if (url.origin !== new URL(graph.conn.graphBaseUrl).origin || !url.searchParams.has(requiredParam)) {
    throw new ArgumentError(
      input,
      `'${input}' must be a delta link from ${graph.conn.graphBaseUrl} (it carries a ${requiredParam}).`,
    );
  }
  return GraphLink.trusted(value);
}

/** Every item of a collection, following @odata.nextLink as Graph gives it. */
export async function allPages<T>(graph: Graph, call: GraphCall, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const items: T[] = [];
  let next: GraphCall | undefined = call;
  while (next && items.length < limit) {
    const page: { value?: T[]; "@odata.nextLink"?: string } = await graph.call(next);
    items.push(...(page.value ?? []));
    const link = page["@odata.nextLink"];
    next = link
      ? { method: "GET", path: linkFromGraph(link), headers: call.headers, notFound: call.notFound }
      : undefined;
  }
  return items.slice(0, limit);
}

/** One page (with the link to the next) or, with Fetch All, every item at Graph's largest page size. */
export async function listPage<T>(
  graph: Graph,
  call: GraphCall,
  paging: Paging,
  maxTop = MAX_PAGE_SIZE,
): Promise<Page<T>> {
  if (paging.fetchAll) return { value: await allPages<T>(graph, { ...call, query: { ...call.query, $top: maxTop } }) };
  const page = await graph.call<{ value: T[]; "@odata.nextLink"?: string }>({
    ...call,
    query: { ...call.query, $top: paging.top, $skip: paging.skip },
  });
  return { value: page.value ?? [], ...(page["@odata.nextLink"] ? { nextLink: page["@odata.nextLink"] } : {}) };
}
