import { action } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { eventIdInput, outputTimeZoneInput, outputZone } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const getCalendarEvent = action({
  display: {
    label: "Get Calendar Event",
    description: "Get a calendar event by ID, its times in the zone asked for (UTC by default).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    outputTimeZone: outputTimeZoneInput,
  },
  perform: async (_context, params) => {
    const zone = outputZone(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await events.get(mb, itemRef("eventId", params.eventId), zone) };
  },
});
