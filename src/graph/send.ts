import type { Message } from "@microsoft/microsoft-graph-types";
import { atStep } from "../errors";
import { createDraftWithAttachments, discardDraft } from "./drafts";
import { isObjectId, type MailboxRef } from "./mailbox";
import { graphPath } from "./path";
import { INLINE_LIMIT_BYTES, type AttachmentContent } from "./upload";
import * as users from "./users";

/**
 * Sending a new message: in one sendMail request while the message and its attachments fit in one
 * (Graph's request limit), else through a draft that gets each attachment (large ones through
 * upload sessions) and is then sent, or deleted if any step fails.
 */

/**
 * One sendMail request carries the message and all its attachments only while the whole JSON body
 * stays well under Graph's ~4 MB request limit (413 beyond it): the body text counts as much as the
 * attachments, whose bytes grow by 4/3 in base64.
 */
const SEND_MAIL_REQUEST_BUDGET_BYTES = 3.5 * 1024 * 1024;

/** The size of the sendMail request this message and these attachments would make, in bytes. */
function sendMailRequestBytes(message: Message, attachments: AttachmentContent[], saveToSentItems: boolean): number {
  const envelope = Buffer.byteLength(JSON.stringify({ message, saveToSentItems }));
  return attachments.reduce(
    (n, a) =>
      n + 4 * Math.ceil(a.content.length / 3) + Buffer.byteLength(JSON.stringify([a.name, a.contentType])) + 128,
    envelope,
  );
}

export interface SentAttachment {
  name: string;
  contentType: string;
  size: number;
  /** How it travelled: inside the send request or draft, or through an upload session. */
  method: "inline" | "uploadSession";
}

export interface SendOutcome {
  /** The sending mailbox: its address, else the object id it was named by, else "me" (the signed-in user). */
  mailbox: string;
  via: "sendMail" | "draft";
  attachments: SentAttachment[];
}

/**
 * The address of a mailbox named by object id, for the output and the From line. Needs a
 * directory permission; without one the message still goes from that mailbox's path.
 */
async function senderAddress(mb: MailboxRef): Promise<string | undefined> {
  if (!mb.user || !isObjectId(mb.user)) return mb.user;
  try {
    const user = await users.get(mb, "mail,userPrincipalName");
    return user.mail ?? user.userPrincipalName ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends a new message from the mailbox (`message.from` is set to its address when it was named by
 * object id). `action` names the action in errors ("Send Message failed while ...").
 */
export async function sendNewMessage(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  saveToSentItems: boolean,
  action: string,
): Promise<SendOutcome> {
  const from = await senderAddress(mb);
  if (from) message.from = { emailAddress: { address: from } };
  const needsDraft =
    attachments.some((a) => a.content.length >= INLINE_LIMIT_BYTES) ||
    sendMailRequestBytes(message, attachments, saveToSentItems) > SEND_MAIL_REQUEST_BUDGET_BYTES;
  const sent: SentAttachment[] = attachments.map((a) => ({
    name: a.name,
    contentType: a.contentType,
    size: a.content.length,
    method: needsDraft && a.content.length >= INLINE_LIMIT_BYTES ? "uploadSession" : "inline",
  }));
  if (needsDraft) await sendThroughDraft(mb, message, attachments, saveToSentItems, action);
  else await sendMail(mb, message, attachments, saveToSentItems);
  return { mailbox: from ?? mb.user ?? "me", via: needsDraft ? "draft" : "sendMail", attachments: sent };
}

/** One sendMail request with the attachments inside. It delivers mail, so a 504 is never retried. */
async function sendMail(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  saveToSentItems: boolean,
): Promise<void> {
  message.attachments = attachments.map(
    (a) =>
      ({
        "@odata.type": "#microsoft.graph.fileAttachment",
        name: a.name,
        contentType: a.contentType,
        contentBytes: a.content.toString("base64"),
      }) as never,
  );
  await mb.graph.call({
    method: "POST",
    path: graphPath`${mb.root}/sendMail`,
    body: { message, saveToSentItems },
    delivers: true,
  });
}

/**
 * The road for attachments of 3 MB or more (or a request too large for sendMail): a draft with
 * every attachment added, then sent. If any step fails the draft is deleted, and the error names the step.
 */
async function sendThroughDraft(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  saveToSentItems: boolean,
  action: string,
): Promise<void> {
  const draft = await createDraftWithAttachments(mb, message, attachments, action);
  let step = "sending the draft";
  try {
    if (!saveToSentItems) {
      step = "turning off Save to Sent Items";
      // Graph's draft send always saves; the message's PR_DELETE_AFTER_SUBMIT property (0x0E01) skips it.
      await mb.graph.call({
        method: "PATCH",
        path: draft.path,
        body: { singleValueExtendedProperties: [{ id: "Boolean 0x0E01", value: "true" }] },
      });
      step = "sending the draft";
    }
    await mb.graph.call({ method: "POST", path: graphPath`${draft.path}/send`, delivers: true });
  } catch (e) {
    await discardDraft(mb, draft.path);
    throw atStep(e as Error, `${action} failed while ${step} (the draft was deleted)`);
  }
}
