import { action } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { calendarIdInput, outputTimeZoneInput, outputZone } from "../../inputs/events";
import { optionalItemRef } from "../../inputs/ids";
import { pagingInputs, readPaging } from "../../inputs/paging";

export const listEvents = action({
  display: {
    label: "List Events",
    description:
      "List events (single events and series masters) of a calendar, or of all the user's calendars; one page (with " +
      "the link to the next) or all.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(false, "Calendar ID to list events of; all events for the user when empty."),
    outputTimeZone: outputTimeZoneInput,
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const paging = readPaging(params);
    const zone = outputZone(params);
    const mb = openMailbox(params.connection, params.mailbox);
    const calendar = optionalItemRef("calendarId", params.calendarId);
    return { data: await events.list(mb, calendar, zone, paging) };
  },
});
