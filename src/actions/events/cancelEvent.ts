import { action, input } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput, text } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const cancelEvent = action({
  display: {
    label: "Cancel Event",
    description:
      "Cancel a meeting you organize, with a comment sent to all attendees. Organizer only: Graph refuses an " +
      "attendee with 400 ErrorInvalidRequest (an attendee declines with Respond to Event instead).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    comment: input({
      label: "Comment",
      type: "text",
      required: false,
      placeholder: "The review moves to next week.",
      comments: "Comment about the cancellation sent to all attendees.",
    }),
  },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    await events.cancel(mb, itemRef("eventId", params.eventId), text("comment", params.comment));
    return { data: { cancelled: true, eventId: params.eventId } };
  },
});
