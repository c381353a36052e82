import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

export const deleteMessage = action({
  display: {
    label: "Delete Message",
    description: "Delete a message by ID: to Deleted Items (the default), or for good.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    permanent: input({
      label: "Permanently Delete",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Delete for good (recoverable by an admin only) instead of moving to Deleted Items.",
    }),
  },
  perform: async (_context, params) => {
    const permanent = flag("permanent", params.permanent, false);
    const mb = openMailbox(params.connection, params.mailbox);
    await messages.remove(mb, itemRef("messageId", params.messageId), permanent);
    return { data: { deleted: true, permanent, messageId: params.messageId } };
  },
});
