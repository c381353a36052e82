import { action } from "@prismatic-io/spectral";
import * as calendars from "../../graph/calendars";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { calendarIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const deleteCalendar = action({
  display: { label: "Delete Calendar", description: "Delete a calendar and its events." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(true, "ID of the calendar to delete."),
  },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    await calendars.remove(mb, itemRef("calendarId", params.calendarId));
    return { data: { deleted: true, calendarId: params.calendarId } };
  },
});
