import { action } from "@prismatic-io/spectral";
import type { Attachment } from "@microsoft/microsoft-graph-types";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { ArgumentError } from "../../errors";
import { attachmentIdInput } from "../../inputs/attachments";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

/** The attached message's own attachments: what each is, never its content. */
function attachmentList(item: Record<string, unknown>) {
  const list = (item.attachments as (Attachment & { "@odata.type"?: string })[] | undefined) ?? [];
  return list.map((a) => ({
    id: a.id,
    name: a.name,
    contentType: a.contentType ?? null,
    size: a.size,
    isInline: a.isInline ?? false,
    type: String(a["@odata.type"] ?? "").replace(/^#microsoft\.graph\./, "") || null,
  }));
}

export const getAttachedMessage = action({
  display: {
    label: "Get Attached Message",
    description:
      "Read a message attached to a message (an item attachment, such as a forwarded email inside an email): its " +
      "subject, sender, recipients, dates, body and the list of its own attachments. An attached event or contact " +
      "is returned as Graph gives it. For a file attachment use Get Attachment.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    attachmentId: attachmentIdInput,
  },
  perform: async (_context, params) => {
    const attachmentId = itemRef("attachmentId", params.attachmentId);
    const mb = openMailbox(params.connection, params.mailbox);
    const found = await attachments.getWithItem(mb, itemRef("messageId", params.messageId), attachmentId);
    const type = String(found["@odata.type"] ?? "");
    if (!/itemAttachment$/i.test(type) || !found.item) {
      const kind = type.replace(/^#microsoft\.graph\./, "") || "of no type";
      throw new ArgumentError(
        "attachmentId",
        `Attachment '${found.name}' is not an attached item (it is ${kind}); use Get Attachment for a file.`,
      );
    }
    const { "@odata.type": itemType, attachments: _nested, ...item } = found.item;
    const attachment = { id: found.id, name: found.name, size: found.size };
    const kind = String(itemType ?? "#microsoft.graph.message").replace(/^#microsoft\.graph\./, "");
    return { data: { attachment, itemType: kind, item: { ...item, attachments: attachmentList(found.item) } } };
  },
});
