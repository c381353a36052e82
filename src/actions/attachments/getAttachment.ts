import { action } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { attachmentIdInput } from "../../inputs/attachments";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

export const getAttachment = action({
  display: {
    label: "Get Attachment",
    description:
      "Get an attachment's properties and its content, read from Graph's $value, as file data for later steps " +
      "(file: its data and content type).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    attachmentId: attachmentIdInput,
  },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const holder = attachments.ofMessage(mb, itemRef("messageId", params.messageId));
    return { data: await attachments.getAsFile(mb, holder, itemRef("attachmentId", params.attachmentId)) };
  },
});
