import { listEvents } from "./listEvents";
import { listCalendarView } from "./listCalendarView";
import { getCalendarEvent } from "./getCalendarEvent";
import { createEvent } from "./createEvent";
import { updateEvent } from "./updateEvent";
import { deleteEvent } from "./deleteEvent";
import { cancelEvent } from "./cancelEvent";
import { respondToEvent } from "./respondToEvent";
import { forwardEvent } from "./forwardEvent";
import { dismissEventReminder } from "./dismissEventReminder";
import { snoozeEventReminder } from "./snoozeEventReminder";
import { getReminderView } from "./getReminderView";

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
  forwardEvent,
  dismissEventReminder,
  snoozeEventReminder,
  getReminderView,
};
