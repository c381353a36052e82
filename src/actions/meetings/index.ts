import { findMeetingTimes } from "./findMeetingTimes";

/**
 * Meeting actions: times when attendees and rooms are free.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const meetingActions = { findMeetingTimes };
