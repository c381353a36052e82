import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as rules from "../../graph/messageRules";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { ruleIdInput } from "../../inputs/messageRules";

export const getInboxRule = action({
  display: {
    label: "Get Inbox Rule",
    description: "Get one Inbox rule with its conditions, exceptions and actions. Needs MailboxSettings.Read.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ruleId: ruleIdInput },
  perform: async (_context, params) => {
    const rule = itemRef("ruleId", params.ruleId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await rules.get(mb, rule) };
  },
});
