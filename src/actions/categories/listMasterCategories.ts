import { action } from "@prismatic-io/spectral";
import * as categories from "../../graph/categories";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const listMasterCategories = action({
  display: {
    label: "List Master Categories",
    description:
      "List the categories a mailbox can tag messages and events with, each with its id, name (displayName) and " +
      "colour (none, or preset0 to preset24). Needs MailboxSettings.Read.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await categories.listMasterCategories(mb) };
  },
});
