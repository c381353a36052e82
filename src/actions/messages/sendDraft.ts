import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

export const sendDraft = action({
  display: {
    label: "Send Draft",
    description: "Send a draft message; it leaves Drafts, and a copy goes to Sent Items.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, messageId: messageIdInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const outcome = await messages.sendDraft(mb, itemRef("messageId", params.messageId));
    return { data: { sent: true, messageId: params.messageId, outcome } };
  },
});
