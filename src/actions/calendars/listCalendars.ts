import { action } from "@prismatic-io/spectral";
import * as calendars from "../../graph/calendars";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { pagingInputs, readPaging } from "../../inputs/paging";

export const listCalendars = action({
  display: {
    label: "List Calendars",
    description: "List the user's calendars, one page (with the link to the next) or all.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ...pagingInputs },
  perform: async (_context, params) => {
    const paging = readPaging(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await calendars.list(mb, paging) };
  },
});
