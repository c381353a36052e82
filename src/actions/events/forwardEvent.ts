import { action, input } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput, text } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";
import { parseRecipients } from "../../inputs/recipients";

export const forwardEvent = action({
  display: {
    label: "Forward Event",
    description:
      "Forward a meeting request to more people, with an optional comment. Forwarding from an attendee's calendar " +
      "also tells the organizer and adds the new people to the organizer's event. Graph gives no way to check a " +
      "forward afterwards, so when its answer is lost it is not sent again and the step fails saying it may have " +
      "gone out. Needs Calendars.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    to: input({
      label: "To",
      type: "string",
      required: true,
      comments:
        "Addresses to forward the meeting to, separated by ',' or ';', each may carry a display name: " +
        "'john@example.com; Sally Doe <sally@example.com>'.",
    }),
    comment: input({
      label: "Comment",
      type: "text",
      required: false,
      comments: "Text sent with the forwarded meeting request.",
    }),
  },
  perform: async (_context, params) => {
    const to = parseRecipients("to", params.to, true);
    const comment = text("comment", params.comment);
    const mb = openMailbox(params.connection, params.mailbox);
    await events.forward(mb, itemRef("eventId", params.eventId), to, comment);
    return { data: { forwarded: true, eventId: params.eventId, to: to.map((r) => r.emailAddress?.address) } };
  },
});
