import { action } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { attachmentIdInput } from "../../inputs/attachments";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

export const deleteAttachment = action({
  display: { label: "Delete Attachment", description: "Remove an attachment from a message (usually a draft)." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    attachmentId: attachmentIdInput,
  },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const message = attachments.ofMessage(mb, itemRef("messageId", params.messageId));
    await attachments.remove(mb, message, itemRef("attachmentId", params.attachmentId));
    return { data: { deleted: true, attachmentId: params.attachmentId } };
  },
});
