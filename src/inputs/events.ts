import { input } from "@prismatic-io/spectral";
import type { Event } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyNullError } from "../errors";
import { cleanChoice, cleanId, cleanWholeNumber } from "./clean";
import { categoriesInput, readCategories } from "./categories";
import { choice, flag, isBlank, picklist, requiredChoice, text, wholeNumber } from "./common";
import { attendeeInputs, readAttendees, readRecurrence, RECURRENCE_TYPES, recurrenceInputs } from "./eventDetails";
import { timeZoneInput, timed, zone, type TimedValue } from "./timezones";

/** Inputs and checks of the event actions. */

export const calendarIdInput = (required: boolean, comments = "Calendar ID; the default calendar when empty.") =>
  input({
    label: "Calendar ID",
    type: "string",
    required,
    comments,
    dataSource: "selectCalendar",
    clean: cleanId("calendarId"),
  });
export const eventIdInput = input({
  label: "Event ID",
  type: "string",
  required: true,
  comments: "The ID of a calendar event (an occurrence's ID names that occurrence of its series).",
  dataSource: "selectEvent",
  clean: cleanId("eventId"),
});
export const outputTimeZoneInput = input({
  label: "Output Time Zone",
  type: "string",
  required: false,
  comments: "Return times in this Windows or IANA zone (UTC when empty).",
  dataSource: "selectTimeZone",
});

/** The zone (its Windows name) Graph should answer in; undefined (UTC) when the input is empty. */
export function outputZone(params: { outputTimeZone?: unknown }): string | undefined {
  if (isBlank(params.outputTimeZone)) return undefined;
  return zone("outputTimeZone", params.outputTimeZone).graph;
}

const SHOW_AS = ["free", "tentative", "busy", "oof", "workingElsewhere"] as const;

/** Where and what: location, subject and description. */
const eventTextInputs = {
  locationName: input({
    label: "Location Name",
    type: "string",
    required: false,
    placeholder: "Conf Room Adams",
    comments: "Where it takes place, as attendees see it.",
  }),
  subject: input({ label: "Subject", type: "string", required: false, placeholder: "Project review" }),
  body: input({
    label: "Body (HTML)",
    type: "text",
    required: false,
    placeholder: "<p>Agenda: the figures for the quarter.</p>",
    comments: "The event's description, as HTML.",
  }),
};

/** When: start and end, each in its zone, or all day. */
const eventTimeInputs = (required: boolean) => ({
  startAt: input({
    label: "Start At",
    type: "string",
    required,
    placeholder: "2026-11-23T09:30:00",
    comments: "ISO 8601 without time zone, e.g. 2026-11-23T09:30:00 (a date for all-day events), in Start Timezone.",
  }),
  startTimezone: timeZoneInput("Start Timezone"),
  endAt: input({
    label: "End At",
    type: "string",
    required,
    placeholder: "2026-11-23T10:30:00",
    comments:
      "ISO 8601 without time zone (a date for all-day events; the day after the last day), in End Timezone; after " +
      "the start.",
  }),
  endTimezone: timeZoneInput("End Timezone"),
  isAllDay: input({
    label: "All Day",
    type: "boolean",
    default: "false",
    required: false,
    comments: "An all-day event: Start At and End At are dates.",
  }),
});

/** Reminder, online meeting and free/busy status. */
const eventOptionInputs = (required: boolean) => ({
  isReminderOn: input({
    label: "Reminder",
    type: "boolean",
    default: "true",
    required: false,
    comments: "Remind the calendar's owner before it starts.",
  }),
  reminderMinutesBeforeStart: input({
    label: "Reminder Minutes Before Start",
    type: "string",
    default: "15",
    required: false,
    comments: "When to remind (0 to 40320).",
    clean: cleanWholeNumber("reminderMinutesBeforeStart", 0, 40320),
  }),
  isOnlineMeeting: input({
    label: "Online Meeting",
    type: "boolean",
    default: "false",
    required: false,
    comments: "Add a Teams meeting.",
  }),
  categories: categoriesInput(
    required ? "The event's categories." : "Replaces the event's categories; left empty, they stay as they are.",
  ),
  showAs: input({
    label: "Show As",
    type: "string",
    model: picklist(SHOW_AS),
    default: required ? "busy" : "",
    required: false,
    comments: "How the time shows in free/busy: free, tentative, busy, away (oof) or working elsewhere.",
    clean: cleanChoice("showAs", SHOW_AS),
  }),
});

/** An event's inputs, in the order the designer shows them: what, who, when, options, recurrence, output zone. */
export const eventInputs = (required: boolean) => ({
  ...eventTextInputs,
  ...attendeeInputs,
  ...eventTimeInputs(required),
  ...eventOptionInputs(required),
  ...recurrenceInputs,
  outputTimeZone: outputTimeZoneInput,
});

const minutes = (value: unknown): number => wholeNumber("reminderMinutesBeforeStart", value, 0, 40320) ?? 15;

/** Start and end (each required when creating, else only when given), the end after the start. */
function eventTimes(params: Record<string, unknown>, creating: boolean, allDay: boolean) {
  let start: TimedValue | undefined;
  let end: TimedValue | undefined;
  if (creating || !isBlank(params.startAt)) {
    if (isBlank(params.startAt)) throw new PropertyNullError("startAt");
    start = timed("startAt", params.startAt, "startTimezone", params.startTimezone, allDay);
  } else zone("startTimezone", params.startTimezone);
  if (creating || !isBlank(params.endAt)) {
    if (isBlank(params.endAt)) throw new PropertyNullError("endAt");
    end = timed("endAt", params.endAt, "endTimezone", params.endTimezone, allDay);
  } else zone("endTimezone", params.endTimezone);
  if (start && end && end.instant <= start.instant) {
    throw new ArgumentError(
      "endAt",
      `'endAt' (${end.dateTime} ${end.timeZone}) must be after 'startAt' (${start.dateTime} ${start.timeZone}).`,
    );
  }
  return { start, end };
}

/** Without a start, the recurrence can only be removed ("none"); a pattern needs the date the series starts on. */
function recurrenceWithoutStart(params: Record<string, unknown>): null | undefined {
  const type = choice("recurrenceType", params.recurrenceType, RECURRENCE_TYPES, "none");
  if (type !== "none")
    throw new PropertyNullError("startAt", "Changing the recurrence needs Start At (the series starts on its date).");
  return isBlank(params.recurrenceType) ? undefined : null;
}

/** The event for create (everything) or update (only what was given), checked before any request. */
export function eventBody(params: Record<string, unknown>, creating: boolean): Event {
  const e: Event = {};
  const allDay = flag("isAllDay", params.isAllDay, false);
  const subject = text("subject", params.subject);
  if (subject !== undefined || creating) e.subject = subject ?? "";
  const body = text("body", params.body);
  if (body !== undefined) e.body = { contentType: "html", content: body };
  const location = text("locationName", params.locationName);
  if (location !== undefined) e.location = { displayName: location };
  const attendees = readAttendees(params);
  if (attendees) e.attendees = attendees;
  const { start, end } = eventTimes(params, creating, allDay);
  if (start) e.start = { dateTime: start.dateTime, timeZone: start.timeZone };
  if (end) e.end = { dateTime: end.dateTime, timeZone: end.timeZone };
  if (creating || !isBlank(params.isAllDay)) e.isAllDay = allDay;
  if (creating || !isBlank(params.isReminderOn)) e.isReminderOn = flag("isReminderOn", params.isReminderOn, true);
  if (creating || !isBlank(params.reminderMinutesBeforeStart))
    e.reminderMinutesBeforeStart = minutes(params.reminderMinutesBeforeStart);
  if (creating || !isBlank(params.isOnlineMeeting)) {
    e.isOnlineMeeting = flag("isOnlineMeeting", params.isOnlineMeeting, false);
    if (e.isOnlineMeeting) e.onlineMeetingProvider = "teamsForBusiness";
  }
  if (!isBlank(params.showAs)) e.showAs = choice("showAs", params.showAs, SHOW_AS, "busy");
  const categories = readCategories("categories", params.categories);
  if (categories.length) e.categories = categories;
  const recurrence = start ? readRecurrence(params, start) : recurrenceWithoutStart(params);
  if (recurrence !== undefined) e.recurrence = recurrence;
  return e;
}

export const RESPONSES = ["accept", "tentativelyAccept", "decline"] as const;

/** Respond to Event's answer: required, never a default (an empty Response accepts no meeting). */
export const eventResponse = (params: { response?: unknown }) => requiredChoice("response", params.response, RESPONSES);
