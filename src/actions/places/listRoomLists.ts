import { action } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as places from "../../graph/places";
import { connectionInput } from "../../inputs/common";
import { readPaging } from "../../inputs/paging";
import { PLACES_MAX_PAGE, placesPagingInputs } from "../../inputs/places";

export const listRoomLists = action({
  display: {
    label: "List Room Lists",
    description:
      "List the tenant's room lists (rooms grouped by building or floor), each with its id and e-mail address for " +
      "List Rooms in Room List. Needs Place.Read.All; Graph serves room lists in the global cloud only.",
  },
  inputs: { connection: connectionInput, ...placesPagingInputs },
  perform: async (_context, params) => {
    const paging = readPaging(params, PLACES_MAX_PAGE);
    return { data: await places.listRoomLists(graphFor(params.connection), paging) };
  },
});
