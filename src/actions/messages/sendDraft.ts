import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

export const sendDraft = action({
  display: {
    label: "Send Draft",
    description:
      "Send a draft message. Returns the sent message's immutable id (the draft's: it names the sent copy in Sent " +
      "Items, even when the draft was given by an older REST id) and its internetMessageId.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, messageId: messageIdInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const sent = await messages.sendDraft(mb, itemRef("messageId", params.messageId));
    return { data: { sent: true, ...sent } };
  },
});
