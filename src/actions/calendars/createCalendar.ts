import { action } from "@prismatic-io/spectral";
import * as calendars from "../../graph/calendars";
import { openMailbox } from "../../graph/mailbox";
import { colorInput, nameInput, newCalendar } from "../../inputs/calendars";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const createCalendar = action({
  display: {
    label: "Create Calendar",
    description: "Create a new calendar; Graph refuses a second calendar of the same name.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, name: nameInput, color: colorInput },
  perform: async (_context, params) => {
    const calendar = newCalendar(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await calendars.create(mb, calendar) };
  },
});
