import { action } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const deleteEvent = action({
  display: {
    label: "Delete Event",
    description: "Delete an event. For a meeting you organize, attendees get a cancellation.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, eventId: eventIdInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    await events.remove(mb, itemRef("eventId", params.eventId));
    return { data: { deleted: true, eventId: params.eventId } };
  },
});
