import { listCalendars } from "./listCalendars";
import { createCalendar } from "./createCalendar";
import { updateCalendar } from "./updateCalendar";
import { deleteCalendar } from "./deleteCalendar";
import { getScheduleAvailability } from "./getScheduleAvailability";
import { listSupportedLanguages } from "./listSupportedLanguages";
import { listSupportedTimezones } from "./listSupportedTimezones";

/**
 * Calendar actions: calendars, free/busy schedules, the languages and time zones Outlook supports.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const calendarActions = {
  listCalendars,
  createCalendar,
  updateCalendar,
  deleteCalendar,
  getScheduleAvailability,
  listSupportedLanguages,
  listSupportedTimezones,
};
