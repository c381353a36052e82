/** Event actions: create, change, read, list, calendar view, delete, cancel, respond. */
export { listEvents } from "./listEvents";
export { listCalendarView } from "./listCalendarView";
export { getCalendarEvent } from "./getCalendarEvent";
export { createEvent } from "./createEvent";
export { updateEvent } from "./updateEvent";
export { deleteEvent } from "./deleteEvent";
export { cancelEvent } from "./cancelEvent";
export { respondToEvent } from "./respondToEvent";
