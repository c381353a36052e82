import type { Room, RoomList } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { Paging } from "../inputs/paging";
import type { Graph } from "./client";
import { listPage, type Page } from "./paging";
import { graphPath } from "./path";

/**
 * The tenant's rooms and room lists (Graph's place resource, Place.Read.All). Places belong to the
 * tenant, not to a mailbox. Graph answers 100 places to a page unless told otherwise; Fetch All asks
 * for pages of that size and follows them.
 */

/** Graph's page of places; Fetch All asks for pages of this size. */
export const PLACES_PAGE_SIZE = 100;

/** Every room of the tenant (rooms hidden from the address list are left out by Graph). */
export function listRooms(graph: Graph, paging: Paging): Promise<Page<Room>> {
  return listPage<Room>(
    graph,
    { method: "GET", path: graphPath`/places/microsoft.graph.room` },
    paging,
    PLACES_PAGE_SIZE,
  );
}

/** Every room list of the tenant (a building's or a floor's rooms, as the administrator grouped them). */
export function listRoomLists(graph: Graph, paging: Paging): Promise<Page<RoomList>> {
  return listPage<RoomList>(
    graph,
    { method: "GET", path: graphPath`/places/microsoft.graph.roomList` },
    paging,
    PLACES_PAGE_SIZE,
  );
}

/** The rooms of one room list, named by its id or its e-mail address; a 404 blames the input that named it. */
export function roomsOf(graph: Graph, roomList: ItemRef, paging: Paging): Promise<Page<Room>> {
  return listPage<Room>(
    graph,
    { method: "GET", path: graphPath`/places/${roomList}/microsoft.graph.roomList/rooms`, notFound: roomList.input },
    paging,
    PLACES_PAGE_SIZE,
  );
}
