/** Calendar actions: calendars, free/busy schedules, the languages and time zones Outlook supports. */
export { listCalendars } from "./listCalendars";
export { createCalendar } from "./createCalendar";
export { updateCalendar } from "./updateCalendar";
export { deleteCalendar } from "./deleteCalendar";
export { getScheduleAvailability } from "./getScheduleAvailability";
export { listSupportedLanguages } from "./listSupportedLanguages";
export { listSupportedTimezones } from "./listSupportedTimezones";
