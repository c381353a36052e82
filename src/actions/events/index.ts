import { listEvents } from "./listEvents";
import { listCalendarView } from "./listCalendarView";
import { getCalendarEvent } from "./getCalendarEvent";
import { createEvent } from "./createEvent";
import { updateEvent } from "./updateEvent";
import { deleteEvent } from "./deleteEvent";
import { cancelEvent } from "./cancelEvent";
import { respondToEvent } from "./respondToEvent";

/**
 * Event actions: create, change, read, list, calendar view, delete, cancel, respond.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const eventActions = {
  listEvents,
  listCalendarView,
  getCalendarEvent,
  createEvent,
  updateEvent,
  deleteEvent,
  cancelEvent,
  respondToEvent,
};
