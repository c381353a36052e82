import { input } from "@prismatic-io/spectral";
import { cleanId, cleanWholeNumber } from "./clean";
import { pagingInputs } from "./paging";

/** Inputs of the room actions: Graph pages places 100 at a time. */

export const PLACES_MAX_PAGE = 100;

export const placesPagingInputs = {
  ...pagingInputs,
  pageLimit: input({
    label: "Page Limit",
    type: "string",
    required: false,
    comments: `Items per page (1 to ${PLACES_MAX_PAGE}). Graph's default is ${PLACES_MAX_PAGE}.`,
    placeholder: "25",
    clean: cleanWholeNumber("pageLimit", 1, PLACES_MAX_PAGE),
  }),
};

export const roomListIdInput = input({
  label: "Room List",
  type: "string",
  required: true,
  example: "building1@contoso.onmicrosoft.com",
  comments: "The room list's e-mail address or id, as List Room Lists returns them.",
  clean: cleanId("roomListId"),
});
