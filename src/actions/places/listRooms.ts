import { action } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as places from "../../graph/places";
import { connectionInput } from "../../inputs/common";
import { readPaging } from "../../inputs/paging";
import { PLACES_MAX_PAGE, placesPagingInputs } from "../../inputs/places";

export const listRooms = action({
  display: {
    label: "List Rooms",
    description:
      "List the tenant's meeting rooms with their e-mail address (to invite or book them), capacity, building, " +
      "floor and equipment. Graph answers 100 to a page; Fetch All follows every page. Rooms hidden from the " +
      "address list are not returned. Needs Place.Read.All; Graph serves rooms in the global cloud only.",
  },
  inputs: { connection: connectionInput, ...placesPagingInputs },
  perform: async (_context, params) => {
    const paging = readPaging(params, PLACES_MAX_PAGE);
    return { data: await places.listRooms(graphFor(params.connection), paging) };
  },
});
