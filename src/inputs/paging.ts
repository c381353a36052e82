import { input } from "@prismatic-io/spectral";
import { ArgumentError } from "../errors";
import type { Graph, GraphCall } from "../graph/client";
import { flag } from "./common";

/** Seed 003's paging inputs. Fetch All pages at Graph's largest page size, so 2,500 messages take 3 requests. */
export const pagingInputs = {
  pageLimit: input({
    label: "Page Limit",
    type: "string",
    required: false,
    comments: "Items per page (1 to 1000). Graph's default is 10.",
  }),
  pageSkip: input({ label: "Page Skip", type: "string", required: false, comments: "Items to skip." }),
  fetchAll: input({
    label: "Fetch All",
    type: "boolean",
    default: "false",
    required: false,
    comments: "Fetch every page. This ignores Page Limit and Page Skip.",
  }),
};

export interface Paging {
  fetchAll: boolean;
  top?: number;
  skip?: number;
}

function integer(property: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined || value === null || String(value).trim() === "") return undefined;
  const s = String(value).trim();
  const n = Number(s);
  if (!/^\d+$/.test(s) || n < min || n > max)
    throw new ArgumentError(property, `'${property}' must be a whole number from ${min} to ${max} (got '${s}').`);
  return n;
}

export function readPaging(
  params: { pageLimit?: unknown; pageSkip?: unknown; fetchAll?: unknown },
  maxTop = 1000,
): Paging {
  const fetchAll = flag("fetchAll", params.fetchAll, false);
  return {
    fetchAll,
    top: integer("pageLimit", params.pageLimit, 1, maxTop),
    skip: integer("pageSkip", params.pageSkip, 0, Number.MAX_SAFE_INTEGER),
  };
}

/** One page (with the link to the next) or, with Fetch All, every item. */
export async function listPage<T>(
  graph: Graph,
  call: GraphCall,
  paging: Paging,
  maxTop = 1000,
): Promise<{ value: T[]; nextLink?: string }> {
  if (paging.fetchAll) return { value: await graph.all<T>({ ...call, query: { ...call.query, $top: maxTop } }) };
  const page = await graph.call<{ value: T[]; "@odata.nextLink"?: string }>({
    ...call,
    query: { ...call.query, $top: paging.top, $skip: paging.skip },
  });
  return { value: page.value ?? [], ...(page["@odata.nextLink"] ? { nextLink: page["@odata.nextLink"] } : {}) };
}
