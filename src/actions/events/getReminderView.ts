import { action, input } from "@prismatic-io/spectral";
import { ArgumentError } from "../../errors";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, isBlank, mailboxInput } from "../../inputs/common";
import { timeZoneInput, timed, zone } from "../../inputs/timezones";

export const getReminderView = action({
  display: {
    label: "Reminder View",
    description:
      "The reminders of the events in a time window, each with its event's subject, location, start and end, and " +
      "when the reminder fires (snoozed ones at their new time; dismissed ones are left out). Recurring series give " +
      "one reminder per occurrence. Needs Calendars.Read.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    startAt: input({
      label: "Start At",
      type: "string",
      required: true,
      comments: "Start of the window: ISO 8601 without offset, e.g. 2026-11-23T00:00:00.",
    }),
    endAt: input({
      label: "End At",
      type: "string",
      required: true,
      comments: "End of the window (after Start At), ISO 8601 without offset.",
    }),
    timeZone: timeZoneInput("Time Zone", "The Windows or IANA zone of Start At and End At (UTC when empty)."),
    outputTimeZone: input({
      label: "Output Time Zone",
      type: "string",
      required: false,
      comments: "Return times in this Windows or IANA zone; the Time Zone's when empty.",
      dataSource: "selectTimeZone",
    }),
  },
  perform: async (_context, params) => {
    const start = timed("startAt", params.startAt, "timeZone", params.timeZone);
    const end = timed("endAt", params.endAt, "timeZone", params.timeZone);
    if (end.instant <= start.instant) throw new ArgumentError("endAt", "'endAt' must be after 'startAt'.");
    const output = isBlank(params.outputTimeZone)
      ? start.timeZone
      : zone("outputTimeZone", params.outputTimeZone).graph;
    const mb = openMailbox(params.connection, params.mailbox);
    const window = { start: new Date(start.instant).toISOString(), end: new Date(end.instant).toISOString() };
    return { data: await events.reminderView(mb, window, output) };
  },
});
