import { action, input } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as places from "../../graph/places";
import { connectionInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { pagingInputs, readPaging } from "../../inputs/paging";

export const listRoomsInList = action({
  display: {
    label: "List Rooms in Room List",
    description:
      "List the rooms of one room list (a building or floor). Needs Place.Read.All; Graph serves rooms in the " +
      "global cloud only.",
  },
  inputs: {
    connection: connectionInput,
    roomListId: input({
      label: "Room List",
      type: "string",
      required: true,
      example: "building1@contoso.onmicrosoft.com",
      comments: "The room list's e-mail address or id, as List Room Lists returns them.",
    }),
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const roomList = itemRef("roomListId", params.roomListId);
    const paging = readPaging(params, places.PLACES_PAGE_SIZE);
    return { data: await places.roomsOf(graphFor(params.connection), roomList, paging) };
  },
});
