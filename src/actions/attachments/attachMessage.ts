import { action, input } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { ArgumentError } from "../../errors";
import { connectionInput, mailboxInput, text } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

export const attachMessage = action({
  display: {
    label: "Attach Message",
    description:
      "Attach a message from the mailbox to another message (usually a draft) as an item attachment: recipients " +
      "open it as an email inside the email. The attached copy carries the original's subject, body, sender, " +
      "recipients, importance and categories (not its own attachments: Graph takes an attached message's " +
      "properties, not its files); it must be under 3 MB. Needs Mail.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: input({
      ...messageIdInput,
      comments: "The message (usually a draft) that gets the attachment.",
    }),
    attachedMessageId: input({
      label: "Message to Attach (ID)",
      type: "string",
      required: true,
      comments: "The ID of the message to attach, in the same mailbox. It is copied: the original stays where it is.",
    }),
    name: input({
      label: "Attachment Name",
      type: "string",
      required: false,
      comments: "The name the attachment shows. Defaults to the attached message's subject.",
    }),
  },
  perform: async (_context, params) => {
    const target = itemRef("messageId", params.messageId);
    const source = itemRef("attachedMessageId", params.attachedMessageId);
    const chosenName = text("name", params.name);
    const mb = openMailbox(params.connection, params.mailbox);
    const original = await attachments.attachableMessage(mb, source);
    const body = attachments.itemAttachmentBody(chosenName ?? (original.subject || "Message"), original);
    const size = Buffer.byteLength(JSON.stringify(body));
    if (size >= attachments.ITEM_ATTACHMENT_LIMIT_BYTES)
      throw new ArgumentError(
        "attachedMessageId",
        `The message to attach is ${size} bytes; Graph attaches messages under 3 MB (${
          attachments.ITEM_ATTACHMENT_LIMIT_BYTES
        } bytes). Get Message as EML, then Add Attachment, attaches it as an .eml file of any size.`,
      );
    const outcome = await attachments.addItem(mb, target, body);
    return { data: { name: body.name, attachedMessageId: original.id, size, outcome } };
  },
});
