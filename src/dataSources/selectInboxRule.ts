import { dataSource } from "@prismatic-io/spectral";
import { openMailbox } from "../graph/mailbox";
import * as rules from "../graph/messageRules";
import { connectionInput, mailboxInput } from "../inputs/common";

/** An Inbox rule picker, in the order the rules run: "1. Invoices", "2. Newsletters (off)". */
export const selectInboxRule = dataSource({
  display: { label: "Select Inbox Rule", description: "Pick one of the mailbox's Inbox rules by name." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const found = await rules.list(openMailbox(params.connection, params.mailbox));
    return {
      result: found.map((r) => ({
        key: r.id!,
        label: `${r.sequence}. ${r.displayName}${r.isEnabled === false ? " (off)" : ""}`,
      })),
    };
  },
});
