import { action } from "@prismatic-io/spectral";
import { PropertyNullError } from "../../errors";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { eventBody, eventIdInput, eventInputs, outputZone } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const updateEvent = action({
  display: {
    label: "Update Event",
    description:
      "Change an event; inputs left empty stay as they are. A meeting's attendees see the change. Changing the " +
      "recurrence needs Start At (the series starts on its date).",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, eventId: eventIdInput, ...eventInputs(false) },
  perform: async (_context, params) => {
    const body = eventBody(params, false);
    if (!Object.keys(body).length) throw new PropertyNullError("subject", "Give at least one thing to change.");
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await events.update(mb, itemRef("eventId", params.eventId), body, outputZone(params)) };
  },
});
