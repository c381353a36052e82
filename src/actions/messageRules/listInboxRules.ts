import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as rules from "../../graph/messageRules";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const listInboxRules = action({
  display: {
    label: "List Inbox Rules",
    description:
      "List the mailbox's Inbox rules in the order Exchange runs them on arriving mail, each with its conditions, " +
      "exceptions and actions. Needs MailboxSettings.Read.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await rules.list(mb) };
  },
});
