import { input } from "@prismatic-io/spectral";
import { cleanWholeNumber } from "./clean";
import { flag, wholeNumber } from "./common";

/**
 * The paging inputs of list actions. Fetch All pages at Graph's largest page size, so 2,500 messages take 3 requests.
 */
export const pagingInputs = {
  pageLimit: input({
    label: "Page Limit",
    type: "string",
    required: false,
    comments: "Items per page (1 to 1000). Graph's default is 10.",
    clean: cleanWholeNumber("pageLimit", 1, 1000),
  }),
  pageSkip: input({
    label: "Page Skip",
    type: "string",
    required: false,
    comments: "Items to skip.",
    clean: cleanWholeNumber("pageSkip", 0, Number.MAX_SAFE_INTEGER),
  }),
  fetchAll: input({
    label: "Fetch All",
    type: "boolean",
    default: "false",
    required: false,
    comments:
      "Fetch every page, at Graph's largest page size (1000): 2,500 items take 3 requests. This ignores Page " +
      "Limit and Page Skip.",
  }),
};

export interface Paging {
  fetchAll: boolean;
  top?: number;
  skip?: number;
}

export function readPaging(
  params: { pageLimit?: unknown; pageSkip?: unknown; fetchAll?: unknown },
  maxTop = 1000,
): Paging {
  const fetchAll = flag("fetchAll", params.fetchAll, false);
  return {
    fetchAll,
    top: wholeNumber("pageLimit", params.pageLimit, 1, maxTop),
    skip: wholeNumber("pageSkip", params.pageSkip, 0, Number.MAX_SAFE_INTEGER),
  };
}
