import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as rules from "../../graph/messageRules";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { readRuleChange, ruleIdInput, ruleInputs } from "../../inputs/messageRules";

export const updateInboxRule = action({
  display: {
    label: "Update Inbox Rule",
    description:
      "Change an Inbox rule: inputs left empty stay as they are; a condition, exception or action given replaces " +
      "that one only (the rule's others are kept), and Remove takes some off. Needs MailboxSettings.ReadWrite.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ruleId: ruleIdInput, ...ruleInputs(true) },
  perform: async (_context, params) => {
    const change = readRuleChange(params);
    const rule = itemRef("ruleId", params.ruleId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await rules.update(mb, rule, change) };
  },
});
