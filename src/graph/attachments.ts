import type { Attachment, FileAttachment, Message } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { MailboxRef } from "./mailbox";
import { messagePath } from "./messages";
import { graphPath, type GraphPath } from "./path";
import type { Outcome } from "./lostAnswers";
import {
  INLINE_LIMIT_BYTES,
  addInlineAttachment,
  confirmAttached,
  countNamed,
  uploadLargeAttachment,
  type AttachmentContent,
  type UploadStats,
} from "./upload";

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

export interface AddedAttachment {
  method: "inline" | "uploadSession";
  outcome: Outcome;
  /** Upload sessions: bytes sent, resumes and sessions begun anew. */
  upload?: Omit<UploadStats, "outcome">;
}

/**
 * Adds a file to a message: in one request under 3 MB, through an upload session above. The
 * message's attachments of that name are counted first, so that after a lost answer one more tells
 * the file landed (and it is not added twice).
 */
export async function add(mb: MailboxRef, message: ItemRef, attachment: AttachmentContent): Promise<AddedAttachment> {
  const path = messagePath(mb, message);
  const before = await countNamed(mb.graph, path, attachment.name, message.input);
  if (attachment.content.length >= INLINE_LIMIT_BYTES) {
    const { outcome, ...upload } = await uploadLargeAttachment(mb.graph, path, attachment, before);
    return { method: "uploadSession", outcome, upload };
  }
  return { method: "inline", outcome: await addInlineAttachment(mb.graph, path, attachment, before) };
}

export async function remove(mb: MailboxRef, message: ItemRef, attachment: ItemRef): Promise<void> {
  await mb.graph.call({
    method: "DELETE",
    path: attachmentPath(mb, message, attachment),
    notFound: attachment.input,
  });
}

/**
 * What an attached copy of a message carries: the properties Graph takes on a new message (sent and received times
 * are Graph's own and read-only, so the copy shows when it was attached).
 */
const ATTACHABLE_PROPERTIES =
  "id,subject,body,from,sender,toRecipients,ccRecipients,bccRecipients,replyTo,importance,categories";

/** Graph takes an item attachment in one request only (no upload session for items), under 3 MB. */
export const ITEM_ATTACHMENT_LIMIT_BYTES = INLINE_LIMIT_BYTES;

/** The message to attach, read with the properties its attached copy will carry. */
export function attachableMessage(mb: MailboxRef, message: ItemRef): Promise<Message> {
  return mb.graph.call<Message>({
    method: "GET",
    path: messagePath(mb, message),
    query: { $select: ATTACHABLE_PROPERTIES },
    notFound: message.input,
  });
}

/** The JSON of an item attachment holding a copy of `source` (its id left out: the copy is a new item). */
export function itemAttachmentBody(name: string, source: Message): Record<string, unknown> {
  const { id: _id, ...properties } = source as Message & { "@odata.etag"?: string };
  delete (properties as Record<string, unknown>)["@odata.etag"];
  return {
    "@odata.type": "#microsoft.graph.itemAttachment",
    name,
    item: { "@odata.type": "#microsoft.graph.message", ...properties },
  };
}

/**
 * Adds an item attachment to a message in one request. The message's attachments of that name are counted first, so
 * that after a lost answer one more tells it landed (and it is not added twice).
 */
export async function addItem(mb: MailboxRef, message: ItemRef, body: Record<string, unknown>): Promise<Outcome> {
  const path = messagePath(mb, message);
  const name = String(body.name);
  const before = await countNamed(mb.graph, path, name, message.input);
  const { outcome } = await mb.graph.callWithOutcome({
    method: "POST",
    path: graphPath`${path}/attachments`,
    body,
    notFound: message.input,
    confirm: confirmAttached(mb.graph, path, name, before),
  });
  return outcome;
}

/** An attachment with its attached item (message, event or contact) expanded. */
export function getWithItem(
  mb: MailboxRef,
  message: ItemRef,
  attachment: ItemRef,
): Promise<Attachment & { "@odata.type"?: string; item?: Record<string, unknown> }> {
  return mb.graph.call({
    method: "GET",
    path: attachmentPath(mb, message, attachment),
    query: { $expand: "microsoft.graph.itemAttachment/item" },
    notFound: attachment.input,
  });
}
