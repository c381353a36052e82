import type { FileAttachment } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { MailboxRef } from "./mailbox";
import { messagePath } from "./messages";
import { graphPath, type GraphPath } from "./path";
import { INLINE_LIMIT_BYTES, addInlineAttachment, uploadLargeAttachment, type AttachmentContent } from "./upload";

/** Attachments of a message (Graph's attachment resource): list, read with content, add any size, delete. */

const attachmentPath = (mb: MailboxRef, message: ItemRef, attachment: ItemRef): GraphPath =>
  graphPath`${messagePath(mb, message)}/attachments/${attachment}`;

/** A message's attachments: metadata only, or with each one's content (base64) too. */
export async function list(mb: MailboxRef, message: ItemRef, includeContent: boolean): Promise<FileAttachment[]> {
  const page = await mb.graph.call<{ value: FileAttachment[] }>({
    method: "GET",
    path: graphPath`${messagePath(mb, message)}/attachments`,
    query: includeContent ? undefined : { $select: "id,name,contentType,size,isInline,lastModifiedDateTime" },
    notFound: message.input,
  });
  return page.value;
}

/** An attachment's metadata and its raw bytes (not contentBytes: large ones would travel base64 in JSON). */
export async function getWithContent(
  mb: MailboxRef,
  message: ItemRef,
  attachment: ItemRef,
): Promise<{ meta: FileAttachment; content: Buffer }> {
  const path = attachmentPath(mb, message, attachment);
  const meta = await mb.graph.call<FileAttachment>({
    method: "GET",
    path,
    query: { $select: "id,name,contentType,size,isInline,contentId,lastModifiedDateTime" },
    notFound: attachment.input,
  });
  return { meta, content: await content(mb, message, attachment) };
}

/** An attachment's raw bytes. */
export function content(mb: MailboxRef, message: ItemRef, attachment: ItemRef): Promise<Buffer> {
  return mb.graph.call<Buffer>({
    method: "GET",
    path: graphPath`${attachmentPath(mb, message, attachment)}/$value`,
    responseType: "bytes",
    notFound: attachment.input,
  });
}

/** Adds a file to a message: in one request under 3 MB, through an upload session above. */
export async function add(
  mb: MailboxRef,
  message: ItemRef,
  attachment: AttachmentContent,
): Promise<"inline" | "uploadSession"> {
  const path = messagePath(mb, message);
  if (attachment.content.length >= INLINE_LIMIT_BYTES) {
    await uploadLargeAttachment(mb.graph, path, attachment);
    return "uploadSession";
  }
  await addInlineAttachment(mb.graph, path, attachment);
  return "inline";
}

export async function remove(mb: MailboxRef, message: ItemRef, attachment: ItemRef): Promise<void> {
  await mb.graph.call({
    method: "DELETE",
    path: attachmentPath(mb, message, attachment),
    notFound: attachment.input,
  });
}
