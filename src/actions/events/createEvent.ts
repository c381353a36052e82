import { action } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { calendarIdInput, eventBody, eventInputs, outputZone } from "../../inputs/events";
import { optionalItemRef } from "../../inputs/ids";

export const createEvent = action({
  display: {
    label: "Create Event",
    description:
      "Create an event or a meeting on a calendar: attendees get it on their calendars with an invitation. Each " +
      "create carries a transactionId, so a create sent again after a lost answer returns the same event instead " +
      "of a duplicate.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(false, "Calendar to create the event in; the default calendar when empty."),
    ...eventInputs(true),
  },
  perform: async (_context, params) => {
    const body = eventBody(params, true);
    const mb = openMailbox(params.connection, params.mailbox);
    const calendar = optionalItemRef("calendarId", params.calendarId);
    return { data: await events.create(mb, calendar, body, outputZone(params)) };
  },
});
