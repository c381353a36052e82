import { action, input } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";
import { timeZoneInput, timed } from "../../inputs/timezones";

export const snoozeEventReminder = action({
  display: {
    label: "Snooze Event Reminder",
    description:
      "Postpone the reminder of a calendar event until a new time; it fires again then. Needs Calendars.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    newReminderTime: input({
      label: "New Reminder Time",
      type: "string",
      required: true,
      comments: "When the reminder should fire again: ISO 8601 without offset, e.g. 2026-11-23T09:45:00.",
    }),
    timeZone: timeZoneInput("Time Zone", "The Windows or IANA zone of New Reminder Time (UTC when empty)."),
  },
  perform: async (_context, params) => {
    const until = timed("newReminderTime", params.newReminderTime, "timeZone", params.timeZone);
    const mb = openMailbox(params.connection, params.mailbox);
    const newReminderTime = { dateTime: until.dateTime, timeZone: until.timeZone };
    await events.snoozeReminder(mb, itemRef("eventId", params.eventId), newReminderTime);
    return { data: { snoozed: true, eventId: params.eventId, newReminderTime } };
  },
});
