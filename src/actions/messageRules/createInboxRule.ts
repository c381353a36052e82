import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as rules from "../../graph/messageRules";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { readNewRule, ruleInputs } from "../../inputs/messageRules";

export const createInboxRule = action({
  display: {
    label: "Create Inbox Rule",
    description:
      "Create an Inbox rule that Exchange runs on mail as it arrives: every condition given must hold (any word of a " +
      "list is enough), no exception may, then the actions run. No condition applies the rule to all mail. At least " +
      "one action is needed. Folders are checked before the rule is written. Needs MailboxSettings.ReadWrite.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ...ruleInputs(false) },
  perform: async (_context, params) => {
    const rule = readNewRule(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await rules.create(mb, rule) };
  },
});
