import { action } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as places from "../../graph/places";
import { connectionInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { readPaging } from "../../inputs/paging";
import { PLACES_MAX_PAGE, placesPagingInputs, roomListIdInput } from "../../inputs/places";

export const listRoomsInList = action({
  display: {
    label: "List Rooms in Room List",
    description:
      "List the rooms of one room list (a building or floor). Needs Place.Read.All; Graph serves rooms in the " +
      "global cloud only.",
  },
  inputs: {
    connection: connectionInput,
    roomListId: roomListIdInput,
    ...placesPagingInputs,
  },
  perform: async (_context, params) => {
    const roomList = itemRef("roomListId", params.roomListId);
    const paging = readPaging(params, PLACES_MAX_PAGE);
    return { data: await places.roomsOf(graphFor(params.connection), roomList, paging) };
  },
});
