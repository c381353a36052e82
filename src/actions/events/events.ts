import { randomUUID } from "node:crypto";
import { action, input } from "@prismatic-io/spectral";
import type { Event } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyNullError } from "../../errors";
import { attendeeInputs, readAttendees, readRecurrence, recurrenceInputs } from "../../inputs/calendar";
import { choice, connectionInput, flag, mailboxInput, text } from "../../inputs/common";
import {
  calendarIdInput,
  calendarPath,
  eventIdInput,
  eventPath,
  outputTimeZoneInput,
  outputZoneHeader,
} from "../../inputs/events";
import { mailbox } from "../../inputs/mail";
import { listPage, pagingInputs, readPaging } from "../../inputs/paging";
import { timeZoneInput, timed, zone, type TimedValue } from "../../inputs/timezones";

const SHOW_AS = ["free", "tentative", "busy", "oof", "workingElsewhere"] as const;

/** Seed 003's event inputs, plus all-day, reminders, online meeting, free/busy status and recurrence. */
const eventInputs = (required: boolean) => ({
  locationName: input({ label: "Location Name", type: "string", required: false }),
  subject: input({ label: "Subject", type: "string", required: false }),
  body: input({ label: "Body (HTML)", type: "text", required: false }),
  ...attendeeInputs,
  startAt: input({
    label: "Start At",
    type: "string",
    required,
    comments: "ISO 8601 without time zone, e.g. 2026-11-23T09:30:00 (a date for all-day events).",
  }),
  startTimezone: timeZoneInput("Start Timezone"),
  endAt: input({
    label: "End At",
    type: "string",
    required,
    comments: "ISO 8601 without time zone (a date for all-day events; the day after the last day).",
  }),
  endTimezone: timeZoneInput("End Timezone"),
  isAllDay: input({ label: "All Day", type: "boolean", default: "false", required: false }),
  isReminderOn: input({ label: "Reminder", type: "boolean", default: "true", required: false }),
  reminderMinutesBeforeStart: input({
    label: "Reminder Minutes Before Start",
    type: "string",
    default: "15",
    required: false,
  }),
  isOnlineMeeting: input({
    label: "Online Meeting",
    type: "boolean",
    default: "false",
    required: false,
    comments: "Add a Teams meeting.",
  }),
  showAs: input({
    label: "Show As",
    type: "string",
    model: SHOW_AS.map((v) => ({ label: v, value: v })),
    default: required ? "busy" : "",
    required: false,
  }),
  ...recurrenceInputs,
  outputTimeZone: outputTimeZoneInput,
});

function minutes(value: unknown): number {
  const s = text(value)?.trim() ?? "15";
  if (!/^\d+$/.test(s) || Number(s) > 40320)
    throw new ArgumentError(
      "reminderMinutesBeforeStart",
      `'reminderMinutesBeforeStart' must be a whole number of minutes from 0 to 40320 (got '${s}').`,
    );
  return Number(s);
}

/** The event body for create (everything) or update (only what was given), checked before any request. */
function eventBody(params: Record<string, unknown>, creating: boolean): Event {
  const e: Event = {};
  const allDay = flag("isAllDay", params.isAllDay, false);
  if (text(params.subject) !== undefined || creating) e.subject = text(params.subject) ?? "";
  if (text(params.body) !== undefined) e.body = { contentType: "html", content: String(params.body) };
  if (text(params.locationName) !== undefined) e.location = { displayName: String(params.locationName) };
  const attendees = readAttendees(params);
  if (attendees) e.attendees = attendees;
  let start: TimedValue | undefined;
  let end: TimedValue | undefined;
  if (creating || text(params.startAt) !== undefined) {
    if (!text(params.startAt)) throw new PropertyNullError("startAt");
    start = timed("startAt", params.startAt, "startTimezone", params.startTimezone, allDay);
    e.start = { dateTime: start.dateTime, timeZone: start.timeZone };
  } else zone("startTimezone", params.startTimezone);
  if (creating || text(params.endAt) !== undefined) {
    if (!text(params.endAt)) throw new PropertyNullError("endAt");
    end = timed("endAt", params.endAt, "endTimezone", params.endTimezone, allDay);
    e.end = { dateTime: end.dateTime, timeZone: end.timeZone };
  } else zone("endTimezone", params.endTimezone);
  if (start && end && end.instant <= start.instant) {
    throw new ArgumentError(
      "endAt",
      `'endAt' (${end.dateTime} ${end.timeZone}) must be after 'startAt' (${start.dateTime} ${start.timeZone}).`,
    );
  }
  if (creating || text(params.isAllDay) !== undefined) e.isAllDay = allDay;
  if (creating || text(params.isReminderOn) !== undefined)
    e.isReminderOn = flag("isReminderOn", params.isReminderOn, true);
  if (creating || text(params.reminderMinutesBeforeStart) !== undefined)
    e.reminderMinutesBeforeStart = minutes(params.reminderMinutesBeforeStart);
  if (creating || text(params.isOnlineMeeting) !== undefined) {
    e.isOnlineMeeting = flag("isOnlineMeeting", params.isOnlineMeeting, false);
    if (e.isOnlineMeeting) e.onlineMeetingProvider = "teamsForBusiness";
  }
  if (text(params.showAs) !== undefined) e.showAs = choice("showAs", params.showAs, SHOW_AS, "busy");
  const recurrence = start ? readRecurrence(params, start) : undefined;
  if (recurrence !== undefined) e.recurrence = recurrence;
  else if (!start && text(params.recurrenceType) !== undefined && params.recurrenceType !== "none")
    throw new PropertyNullError("startAt", "Changing the recurrence needs Start At (the series starts on its date).");
  return e;
}

export const createEvent = action({
  display: {
    label: "Create Event",
    description: "Create an event or a meeting on a calendar: attendees get it on their calendars with an invitation.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(false, "Calendar to create the event in; the default calendar when empty."),
    ...eventInputs(true),
  },
  perform: async (_context, params) => {
    const body = eventBody(params, true);
    // A transactionId makes Graph answer a retried create with the same event, never a duplicate.
    body.transactionId = randomUUID();
    const { graph, path } = mailbox(params);
    const calendar = text(params.calendarId);
    const collection = calendar ? `${calendarPath(path, calendar)}/events` : `${path}/events`;
    return {
      data: await graph.call<Event>({
        method: "POST",
        path: collection,
        body,
        headers: outputZoneHeader(params),
        notFound: "calendarId",
      }),
    };
  },
});

export const updateEvent = action({
  display: {
    label: "Update Event",
    description: "Change an event; inputs left empty stay as they are. A meeting's attendees see the change.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, eventId: eventIdInput, ...eventInputs(false) },
  perform: async (_context, params) => {
    const body = eventBody(params, false);
    if (!Object.keys(body).length) throw new PropertyNullError("subject", "Give at least one thing to change.");
    const { graph, path } = mailbox(params);
    return {
      data: await graph.call<Event>({
        method: "PATCH",
        path: eventPath(path, params.eventId),
        body,
        headers: outputZoneHeader(params),
        notFound: "eventId",
      }),
    };
  },
});

export const getCalendarEvent = action({
  display: { label: "Get Calendar Event", description: "Get a calendar event by ID." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    outputTimeZone: outputTimeZoneInput,
  },
  perform: async (_context, params) => {
    const headers = outputZoneHeader(params);
    const { graph, path } = mailbox(params);
    return {
      data: await graph.call<Event>({
        method: "GET",
        path: eventPath(path, params.eventId),
        headers,
        notFound: "eventId",
      }),
    };
  },
});

export const listEvents = action({
  display: {
    label: "List Events",
    description: "List events (single events and series) of a calendar, or of all the user's calendars.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(false, "Calendar ID to list events of; all events for the user when empty."),
    outputTimeZone: outputTimeZoneInput,
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const paging = readPaging(params);
    const headers = outputZoneHeader(params);
    const { graph, path } = mailbox(params);
    const calendar = text(params.calendarId);
    return {
      data: await listPage<Event>(
        graph,
        {
          method: "GET",
          path: calendar ? `${calendarPath(path, calendar)}/events` : `${path}/events`,
          headers,
          notFound: "calendarId",
        },
        paging,
      ),
    };
  },
});

export const listCalendarView = action({
  display: {
    label: "List Calendar View",
    description: "Events in a time range, with recurring series expanded into their occurrences.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(false, "Calendar to look in; all the user's calendars when empty."),
    startAt: input({ label: "Start At", type: "string", required: true, comments: "ISO 8601 without time zone." }),
    endAt: input({ label: "End At", type: "string", required: true }),
    timeZone: timeZoneInput("Time Zone", "The zone of Start At and End At, and of the times returned."),
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const start = timed("startAt", params.startAt, "timeZone", params.timeZone);
    const end = timed("endAt", params.endAt, "timeZone", params.timeZone);
    if (end.instant <= start.instant) throw new ArgumentError("endAt", `'endAt' must be after 'startAt'.`);
    const paging = readPaging(params);
    const { graph, path } = mailbox(params);
    const calendar = text(params.calendarId);
    const base = calendar ? `${calendarPath(path, calendar)}/calendarView` : `${path}/calendarView`;
    const query = {
      startDateTime: new Date(start.instant).toISOString(),
      endDateTime: new Date(end.instant).toISOString(),
    };
    return {
      data: await listPage<Event>(
        graph,
        {
          method: "GET",
          path: base,
          query,
          headers: { Prefer: `outlook.timezone="${start.timeZone}"` },
          notFound: "calendarId",
        },
        paging,
      ),
    };
  },
});

export const deleteEvent = action({
  display: {
    label: "Delete Event",
    description: "Delete an event. For a meeting you organize, attendees get a cancellation.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, eventId: eventIdInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    await graph.call({ method: "DELETE", path: eventPath(path, params.eventId), notFound: "eventId" });
    return { data: { deleted: true, eventId: params.eventId } };
  },
});

export const cancelEvent = action({
  display: {
    label: "Cancel Event",
    description: "Cancel a meeting you organize, with a comment sent to all attendees.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    comment: input({
      label: "Comment",
      type: "text",
      required: false,
      comments: "Comment about the cancellation sent to all attendees.",
    }),
  },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    await graph.call({
      method: "POST",
      path: `${eventPath(path, params.eventId)}/cancel`,
      body: text(params.comment) ? { Comment: String(params.comment) } : {},
      notFound: "eventId",
    });
    return { data: { cancelled: true, eventId: params.eventId } };
  },
});

const RESPONSES = ["accept", "tentativelyAccept", "decline"] as const;

export const respondToEvent = action({
  display: { label: "Respond to Event", description: "Accept, tentatively accept or decline a meeting invitation." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    response: input({
      label: "Response",
      type: "string",
      model: RESPONSES.map((v) => ({ label: v, value: v })),
      required: true,
    }),
    comment: input({ label: "Comment", type: "text", required: false }),
    sendResponse: input({
      label: "Send Response",
      type: "boolean",
      default: "true",
      required: false,
      comments: "Tell the organizer.",
    }),
  },
  perform: async (_context, params) => {
    const response = choice("response", params.response, RESPONSES, "accept");
    const sendResponse = flag("sendResponse", params.sendResponse, true);
    const { graph, path } = mailbox(params);
    await graph.call({
      method: "POST",
      path: `${eventPath(path, params.eventId)}/${response}`,
      body: { sendResponse, ...(text(params.comment) ? { comment: String(params.comment) } : {}) },
      notFound: "eventId",
    });
    return { data: { response, eventId: params.eventId } };
  },
});
