import type { Attachment, FileAttachment, Message } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import { eventPath } from "./events";
import { batch, type BatchResult } from "./batch";
import type { MailboxRef } from "./mailbox";
import { messagePath } from "./messages";
import { graphPath, type GraphPath } from "./path";
import type { Outcome } from "./lostAnswers";
import { redact } from "../redact";
import {
  INLINE_LIMIT_BYTES,
  addInlineAttachment,
  confirmAttached,
  countNamed,
  uploadLargeAttachment,
  type AttachmentContent,
  type UploadStats,
} from "./upload";

/**
 * Attachments of a message or an event (Graph's attachment resource): list, read with content, add
 * any size (inline under 3 MB, upload sessions above: the machinery of upload.ts), delete.
 */

/** What holds the attachments: the message's or event's path, and the input that named it (blamed on a 404). */
export interface AttachmentHolder {
  path: GraphPath;
  input: string;
}

export const ofMessage = (mb: MailboxRef, message: ItemRef): AttachmentHolder => ({
  path: messagePath(mb, message),
  input: message.input,
});

export const ofEvent = (mb: MailboxRef, event: ItemRef): AttachmentHolder => ({
  path: eventPath(mb, event),
  input: event.input,
});

const attachmentPath = (holder: AttachmentHolder, attachment: ItemRef): GraphPath =>
  graphPath`${holder.path}/attachments/${attachment}`;

/** Attachment properties listed without content. */
export const ATTACHMENT_FIELDS = "id,name,contentType,size,isInline,lastModifiedDateTime";

/** The attachments of a message or event: metadata only, or with each one's content (base64) too. */
export async function list(
  mb: MailboxRef,
  holder: AttachmentHolder,
  includeContent: boolean,
): Promise<FileAttachment[]> {
  const page = await mb.graph.call<{ value: FileAttachment[] }>({
    method: "GET",
    path: graphPath`${holder.path}/attachments`,
    query: includeContent ? undefined : { $select: ATTACHMENT_FIELDS },
    notFound: holder.input,
  });
  return page.value;
}

/**
 * An attachment's metadata and, as file data for later steps (`file`), its raw bytes (not contentBytes: large ones
 * would travel base64 in JSON) with its content type.
 */
export async function getAsFile(
  mb: MailboxRef,
  holder: AttachmentHolder,
  attachment: ItemRef,
): Promise<FileAttachment & { file: { data: Buffer; contentType: string } }> {
  const path = attachmentPath(holder, attachment);
  const meta = await mb.graph.call<FileAttachment>({
    method: "GET",
    path,
    query: { $select: "id,name,contentType,size,isInline,contentId,lastModifiedDateTime" },
    notFound: attachment.input,
  });
  const data = await content(mb, holder, attachment);
  return { ...meta, file: { data, contentType: meta.contentType ?? "application/octet-stream" } };
}

/** An attachment's raw bytes. */
function content(mb: MailboxRef, holder: AttachmentHolder, attachment: ItemRef): Promise<Buffer> {
  return mb.graph.call<Buffer>({
    method: "GET",
    path: graphPath`${attachmentPath(holder, attachment)}/$value`,
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
 * Adds a file to a message or event: in one request under 3 MB, through an upload session above. Its
 * attachments of that name are counted first, so that after a lost answer one more tells the file
 * landed (and it is not added twice).
 */
export async function add(
  mb: MailboxRef,
  holder: AttachmentHolder,
  attachment: AttachmentContent,
): Promise<AddedAttachment> {
  const path = holder.path;
  const before = await countNamed(mb.graph, path, attachment.name, holder.input);
  if (attachment.content.length >= INLINE_LIMIT_BYTES) {
    const { outcome, ...upload } = await uploadLargeAttachment(mb.graph, path, attachment, before);
    return { method: "uploadSession", outcome, upload };
  }
  return { method: "inline", outcome: await addInlineAttachment(mb.graph, path, attachment, before) };
}

export async function remove(mb: MailboxRef, holder: AttachmentHolder, attachment: ItemRef): Promise<void> {
  await mb.graph.call({
    method: "DELETE",
    path: attachmentPath(holder, attachment),
    notFound: attachment.input,
  });
}

/** An attachment as the triggers hand it out: metadata, and content (base64) for files under the limit. */
export type ListedAttachment = Record<string, unknown> & { id?: string; size?: number; "@odata.type"?: string };

/** Each message's attachments, or why they could not be read (a message gone by now has none). */
export interface MessageAttachments {
  attachments?: ListedAttachment[];
  attachmentsError?: { status: number; code: string; message: string };
}

const FILE_ATTACHMENT = "#microsoft.graph.fileAttachment";

function errorOf(result: BatchResult & { ok: false }): MessageAttachments["attachmentsError"] {
  const e = result.error as Error & { graphCode?: string; code?: string };
  return { status: result.status, code: e.graphCode ?? e.code ?? "Error", message: redact(e.message) };
}

/** Whether a file's content comes along: a limit above 0, and its size (as Graph counts it) within it. */
const fits = (a: ListedAttachment, limit: number) => limit > 0 && typeof a.size === "number" && a.size <= limit;

/**
 * The attachments of many messages through JSON batching (20 reads to a request, 4 in flight): each
 * message's list (metadata only), then the content of its files of at most `contentLimit` bytes (as
 * Graph counts their size). Attached items and links stay metadata. The result is by message id.
 */
export async function ofMessages(
  mb: MailboxRef,
  messageIds: string[],
  contentLimit: number,
): Promise<Map<string, MessageAttachments>> {
  const out = new Map<string, MessageAttachments>();
  const ids = [...new Set(messageIds)];
  const lists = await batch<{ value?: ListedAttachment[] }>(
    mb.graph,
    ids.map((id) => ({
      method: "GET" as const,
      path: graphPath`${messagePath(mb, id)}/attachments`,
      query: { $select: ATTACHMENT_FIELDS },
    })),
  );
  const wanted: { messageId: string; attachment: ListedAttachment }[] = [];
  lists.forEach((result, i) => {
    if (!result.ok) {
      out.set(ids[i], result.status === 404 ? { attachments: [] } : { attachmentsError: errorOf(result) });
      return;
    }
    const attachments = result.body?.value ?? [];
    out.set(ids[i], { attachments });
    for (const a of attachments)
      if (a["@odata.type"] === FILE_ATTACHMENT && typeof a.id === "string" && fits(a, contentLimit))
        wanted.push({ messageId: ids[i], attachment: a });
  });
  const contents = await batch<{ contentBytes?: string }>(
    mb.graph,
    wanted.map((w) => ({
      method: "GET" as const,
      path: graphPath`${messagePath(mb, w.messageId)}/attachments/${w.attachment.id!}`,
    })),
  );
  contents.forEach((result, i) => {
    if (result.ok) wanted[i].attachment.contentBytes = result.body?.contentBytes;
    else wanted[i].attachment.contentError = errorOf(result);
  });
  return out;
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
    path: attachmentPath(ofMessage(mb, message), attachment),
    query: { $expand: "microsoft.graph.itemAttachment/item" },
    notFound: attachment.input,
  });
}
