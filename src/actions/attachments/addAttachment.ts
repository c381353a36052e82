import { action, input } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { attachmentFrom } from "../../inputs/attachments";
import { connectionInput, flag, mailboxInput, text } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

export const addAttachment = action({
  display: {
    label: "Add Attachment",
    description:
      "Add a file of any size up to 150 MB to a message (usually a draft): in one request under 3 MB, through an " +
      "upload session in chunks of at most 4 MB above. The output says which (method) and, for an upload session, " +
      "the bytes sent (a chunk sent again counts twice), the times it resumed and the sessions begun anew (upload).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    fileName: input({
      label: "File Name",
      type: "string",
      required: true,
      example: "report.pdf",
      comments: "The attachment's name, with its extension; a name Outlook refuses is refused before any request.",
    }),
    file: input({
      label: "File",
      type: "data",
      required: true,
      comments: "The file's content, typically a reference to a previous step's output; up to 150 MB.",
    }),
    isInline: input({
      label: "Inline",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Show the attachment in the body (reference it with cid:Content ID).",
    }),
    contentId: input({
      label: "Content ID",
      type: "string",
      required: false,
      placeholder: "logo",
      comments: 'For an inline attachment: the id the body refers to it by (<img src="cid:logo">).',
    }),
  },
  perform: async (_context, params) => {
    const attachment = attachmentFrom("fileName", params.fileName, "file", params.file);
    attachment.isInline = flag("isInline", params.isInline, false);
    attachment.contentId = text("contentId", params.contentId);
    const mb = openMailbox(params.connection, params.mailbox);
    const added = await attachments.add(
      mb,
      attachments.ofMessage(mb, itemRef("messageId", params.messageId)),
      attachment,
    );
    const { name, contentType } = attachment;
    return { data: { name, contentType, size: attachment.content.length, ...added } };
  },
});
