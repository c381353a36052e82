import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageChange, messageChangeInputs, messageIdInput } from "../../inputs/messages";

export const updateMessage = action({
  display: {
    label: "Update Message",
    description:
      "Mark a message read or unread, categorize, flag, change its importance, or move it between Focused and Other.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, messageId: messageIdInput, ...messageChangeInputs },
  perform: async (_context, params) => {
    const patch = messageChange(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await messages.update(mb, itemRef("messageId", params.messageId), patch) };
  },
});
