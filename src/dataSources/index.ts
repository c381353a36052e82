import { selectMailFolder } from "./selectMailFolder";
import { selectCalendar, selectTimeZone } from "./calendarPickers";

/**
 * Pickers for the configuration UI: mail folders (by path), calendars, time zones.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const dataSources = { selectMailFolder, selectCalendar, selectTimeZone };
