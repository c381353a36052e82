import { action } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const dismissEventReminder = action({
  display: {
    label: "Dismiss Event Reminder",
    description:
      "Dismiss the reminder of a calendar event (for a recurring series' occurrence, give the occurrence's ID from " +
      "List Calendar View or Reminder View). It no longer fires and leaves the Reminder View. Needs " +
      "Calendars.ReadWrite.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, eventId: eventIdInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    await events.dismissReminder(mb, itemRef("eventId", params.eventId));
    return { data: { dismissed: true, eventId: params.eventId } };
  },
});
