import type { Message } from "@microsoft/microsoft-graph-types";
import { atStep } from "../errors";
import { createDraftWithAttachments, discardDraft, type CreatedDraft } from "./drafts";
import { combine, lookFor, type Outcome } from "./lostAnswers";
import { isObjectId, type MailboxRef } from "./mailbox";
import { graphPath } from "./path";
import { confirmDraftSent, confirmStamped, findStamped, newStamp, stamped, type Stamp } from "./stamps";
import { INLINE_LIMIT_BYTES, type AttachmentContent, type UploadStats } from "./upload";
import * as users from "./users";

/**
 * Sending a new message, exactly once whatever the network does: in one sendMail request while the
 * message and its attachments fit in one (Graph's request limit) and a copy is kept in Sent Items
 * (the stamped copy there tells, after a lost answer, whether it went); else through a draft that
 * gets each attachment (large ones through upload sessions) and is then sent (the draft leaving
 * Drafts tells whether it went), or deleted if any step fails.
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
  /** Upload sessions: bytes sent (more than `size` when a chunk was sent again), resumes, sessions begun anew. */
  upload?: UploadStats;
}

/** The sent message as later steps find it: its immutable id (its Sent Items copy) and its Message-ID header. */
export interface SentIds {
  /** Immutable id of the copy in Sent Items; undefined when no copy is kept (or none was filed in time). */
  messageId?: string;
  internetMessageId?: string;
}

export interface SendOutcome extends SentIds {
  /** The sending mailbox: its address, else the object id it was named by, else "me" (the signed-in user). */
  mailbox: string;
  via: "sendMail" | "draft";
  attachments: SentAttachment[];
  /** "answered", or how a lost answer was resolved: found done ("confirmedAfterLostAnswer") or sent again. */
  outcome: Outcome;
}

/** What the sent message's ids are read from: its id and Message-ID header, nothing more. */
const SENT_IDS = "id,internetMessageId";

/**
 * The address of a mailbox named by object id, for the output and the From line. Needs a
 * directory permission; without one the message still goes from that mailbox's path.
 */
async function senderAddress(mb: MailboxRef): Promise<string | undefined> {
  if (!mb.user || !isObjectId(mb.user)) return mb.user;
  try {
    return await users.address(mb);
  } catch {
    return undefined;
  }
}

/**
 * Sends a new message from the mailbox (`message.from` is set to its address when it was named by
 * object id). `action` names the action in errors ("Send Message failed while ..."). `findIds` looks up the
 * sent copy's ids after a one-request send (one more request); without it they come only when known anyway.
 */
export async function sendNewMessage(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  saveToSentItems: boolean,
  action: string,
  findIds = true,
): Promise<SendOutcome> {
  const from = await senderAddress(mb);
  if (from) message.from = { emailAddress: { address: from } };
  // Without a Sent Items copy a lost sendMail answer could not be checked: such sends go through a draft.
  const needsDraft =
    !saveToSentItems ||
    attachments.some((a) => a.content.length >= INLINE_LIMIT_BYTES) ||
    sendMailRequestBytes(message, attachments, saveToSentItems) > SEND_MAIL_REQUEST_BUDGET_BYTES;
  const sent: SentAttachment[] = attachments.map((a) => ({
    name: a.name,
    contentType: a.contentType,
    size: a.content.length,
    method: needsDraft && a.content.length >= INLINE_LIMIT_BYTES ? "uploadSession" : "inline",
  }));
  const { outcome, ids } = needsDraft
    ? await sendThroughDraft(mb, message, attachments, saveToSentItems, action, sent)
    : await sendMail(mb, message, attachments, findIds);
  return {
    mailbox: from ?? mb.user ?? "me",
    via: needsDraft ? "draft" : "sendMail",
    attachments: sent,
    outcome,
    ...ids,
  };
}

/** The ids of a message Graph gave (only those two: nothing else of it reaches the output). */
const idsOf = (m: Message | undefined): SentIds => ({
  messageId: m?.id ?? undefined,
  internetMessageId: m?.internetMessageId ?? undefined,
});

/**
 * One sendMail request with the attachments inside, saving a copy in Sent Items. The message is
 * stamped, so after a lost answer its Sent Items copy tells whether it went: found, it is reported
 * sent; not found (after Graph's filing delay), it is sent again. The same stamp finds the copy's ids
 * after a plain answer (sendMail answers 202 with no body): the one message carrying it, not a guess by subject.
 */
async function sendMail(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  findIds: boolean,
): Promise<{ outcome: Outcome; ids: SentIds }> {
  const stamp = newStamp();
  const withFiles = {
    ...message,
    attachments: attachments.map(
      (a) =>
        ({
          "@odata.type": "#microsoft.graph.fileAttachment",
          name: a.name,
          contentType: a.contentType,
          contentBytes: a.content.toString("base64"),
        }) as never,
    ),
  };
  const { result, outcome } = await mb.graph.callWithOutcome<Message | undefined>({
    method: "POST",
    path: graphPath`${mb.root}/sendMail`,
    body: { message: stamped(withFiles, stamp), saveToSentItems: true },
    delivers: true,
    confirm: confirmStamped(mb, "sentitems", stamp, true),
  });
  const copy = result?.id || !findIds ? result : await sentCopy(mb, stamp);
  return { outcome, ids: idsOf(copy) };
}

/**
 * The stamped copy in Sent Items, looked for until Graph's filing delay has passed. The message went either way: a
 * failed lookup leaves the ids out rather than failing a send that succeeded.
 */
function sentCopy(mb: MailboxRef, stamp: Stamp): Promise<Message | undefined> {
  return lookFor(() => findStamped(mb, "sentitems", stamp, SENT_IDS)).catch(() => undefined);
}

/**
 * The road for attachments of 3 MB or more, a request too large for sendMail, or no copy in Sent
 * Items: a draft with every attachment added, then sent. If any step fails the draft is deleted,
 * and the error names the step; a send whose outcome nobody can tell leaves the draft as it is.
 */
async function sendThroughDraft(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  saveToSentItems: boolean,
  action: string,
  sent: SentAttachment[],
): Promise<{ outcome: Outcome; ids: SentIds }> {
  // Graph's draft send always saves; the message's PR_DELETE_AFTER_SUBMIT property (0x0E01) skips it.
  const toSend: Message = saveToSentItems
    ? message
    : {
        ...message,
        singleValueExtendedProperties: [
          ...(message.singleValueExtendedProperties ?? []),
          { id: "Boolean 0x0E01", value: "true" },
        ],
      };
  const draft = await createDraftWithAttachments(mb, toSend, attachments, action);
  draft.uploads.forEach((stats, i) => stats && (sent[i].upload = stats));
  try {
    const { outcome } = await mb.graph.callWithOutcome({
      method: "POST",
      path: graphPath`${draft.path}/send`,
      delivers: true,
      confirm: confirmDraftSent(mb, draft.path),
    });
    // Immutable ids: the draft's id names the sent message in Sent Items, unless no copy is kept (then nothing does).
    const ids = idsOf(draft.draft);
    return { outcome: combine(draft.outcome, outcome), ids: saveToSentItems ? ids : { ...ids, messageId: undefined } };
  } catch (e) {
    return failedSend(mb, draft, e as Error, action);
  }
}

/**
 * A draft that could not be sent is deleted, so nothing is left behind: when it went after all (its
 * outcome unknown), Graph no longer finds it under this id and the delete does nothing.
 */
async function failedSend(mb: MailboxRef, draft: CreatedDraft, e: Error, action: string): Promise<never> {
  await discardDraft(mb, draft.path);
  throw atStep(e, `${action} failed while sending the draft (the draft was deleted)`);
}
