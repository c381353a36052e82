/** Pickers for the configuration UI: mail folders (by path), calendars, time zones. */
export { selectMailFolder } from "./selectMailFolder";
export { selectCalendar, selectTimeZone } from "./calendarPickers";
