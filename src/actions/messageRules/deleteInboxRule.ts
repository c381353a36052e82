import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as rules from "../../graph/messageRules";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { ruleIdInput } from "../../inputs/messageRules";

export const deleteInboxRule = action({
  display: {
    label: "Delete Inbox Rule",
    description:
      "Delete an Inbox rule; mail it already moved or changed stays as it is. Needs MailboxSettings.ReadWrite.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ruleId: ruleIdInput },
  perform: async (_context, params) => {
    const rule = itemRef("ruleId", params.ruleId);
    const mb = openMailbox(params.connection, params.mailbox);
    await rules.remove(mb, rule);
    return { data: { deleted: true, ruleId: rule.id } };
  },
});
