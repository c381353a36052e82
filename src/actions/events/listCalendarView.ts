import { action, input } from "@prismatic-io/spectral";
import { ArgumentError } from "../../errors";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { calendarIdInput } from "../../inputs/events";
import { optionalItemRef } from "../../inputs/ids";
import { pagingInputs, readPaging } from "../../inputs/paging";
import { timeZoneInput, timed } from "../../inputs/timezones";

export const listCalendarView = action({
  display: {
    label: "List Calendar View",
    description:
      "List the events in a time range, with recurring series expanded into their occurrences, times in the zone " +
      "given; one page (with the link to the next) or all.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(false, "Calendar to look in; all the user's calendars when empty."),
    startAt: input({
      label: "Start At",
      type: "string",
      required: true,
      placeholder: "2026-11-23T00:00:00",
      comments: "ISO 8601 without time zone, in Time Zone.",
    }),
    endAt: input({
      label: "End At",
      type: "string",
      required: true,
      placeholder: "2026-11-30T00:00:00",
      comments: "ISO 8601 without time zone, in Time Zone; after Start At.",
    }),
    timeZone: timeZoneInput("Time Zone", "The zone of Start At and End At, and of the times returned."),
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const start = timed("startAt", params.startAt, "timeZone", params.timeZone);
    const end = timed("endAt", params.endAt, "timeZone", params.timeZone);
    if (end.instant <= start.instant) throw new ArgumentError("endAt", `'endAt' must be after 'startAt'.`);
    const paging = readPaging(params);
    const mb = openMailbox(params.connection, params.mailbox);
    const calendar = optionalItemRef("calendarId", params.calendarId);
    const range = {
      start: new Date(start.instant).toISOString(),
      end: new Date(end.instant).toISOString(),
      zone: start.timeZone,
    };
    return { data: await events.calendarView(mb, calendar, range, paging) };
  },
});
