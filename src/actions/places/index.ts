import { listRooms } from "./listRooms";
import { listRoomLists } from "./listRoomLists";
import { listRoomsInList } from "./listRoomsInList";

/**
 * Room actions (the tenant's places): rooms, room lists, the rooms of a list.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const placeActions = { listRooms, listRoomLists, listRoomsInList };
