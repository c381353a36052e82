import { action, input } from "@prismatic-io/spectral";
import * as calendars from "../../graph/calendars";
import { openMailbox } from "../../graph/mailbox";
import { calendarChange, colorInput, nameInput } from "../../inputs/calendars";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { calendarIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const updateCalendar = action({
  display: { label: "Update Calendar", description: "Rename or recolor a calendar." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(true, "ID of the calendar to modify."),
    name: input({ ...nameInput, required: false }),
    color: input({ ...colorInput, default: "" }),
  },
  perform: async (_context, params) => {
    const patch = calendarChange(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await calendars.update(mb, itemRef("calendarId", params.calendarId), patch) };
  },
});
