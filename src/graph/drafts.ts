import type { Message } from "@microsoft/microsoft-graph-types";
import { GraphServiceError, atStep } from "../errors";
import type { ItemRef } from "../inputs/ids";
import { combine, withOutcome, type Outcome } from "./lostAnswers";
import type { MailboxRef } from "./mailbox";
import { messagePath, messagesIn } from "./messages";
import { graphPath, type GraphPath } from "./path";
import { confirmStamped, findStamped, newStamp, stamped, type Stamp } from "./stamps";
import {
  INLINE_LIMIT_BYTES,
  addInlineAttachment,
  uploadLargeAttachment,
  type AttachmentContent,
  type UploadStats,
} from "./upload";

/** Drafts with attachments of any size, made in steps that are undone as a whole when one fails. */

export interface CreatedDraft {
  id: string;
  path: GraphPath;
  draft: Message;
  /** How the steps ended ("confirmedAfterLostAnswer" when a lost answer was found to have done its work). */
  outcome: Outcome;
  /** For each attachment, in order: what its upload session cost (undefined for one added in one request). */
  uploads: (UploadStats | undefined)[];
}

/**
 * Creates a draft in Drafts (or in `folder`), stamped so that after a lost answer it is found there
 * instead of made twice.
 */
async function newDraft(
  mb: MailboxRef,
  message: Message,
  stamp: Stamp,
  folder?: ItemRef,
): Promise<{ result: Message & { id: string }; outcome: Outcome }> {
  return mb.graph.callWithOutcome<Message & { id: string }>({
    method: "POST",
    path: messagesIn(mb, folder),
    body: stamped(message, stamp),
    confirm: confirmStamped(mb, folder?.id ?? "drafts", stamp, false),
  });
}

/** Adds the attachments one by one: each under 3 MB in one request, larger ones through an upload session. */
async function attachAll(
  mb: MailboxRef,
  path: GraphPath,
  attachments: AttachmentContent[],
  onStep: (step: string) => void,
): Promise<{ outcome: Outcome; uploads: (UploadStats | undefined)[] }> {
  let outcome: Outcome = "answered";
  const uploads: (UploadStats | undefined)[] = [];
  for (const [i, a] of attachments.entries()) {
    const large = a.content.length >= INLINE_LIMIT_BYTES;
    onStep(`${large ? "uploading" : "adding"} attachment '${a.name}'`);
    // The draft is new: the attachments of this name already on it are the ones added just before.
    const before = attachments.slice(0, i).filter((x) => x.name === a.name).length;
    if (large) {
      const stats = await uploadLargeAttachment(mb.graph, path, a, before);
      uploads.push(stats);
      outcome = combine(outcome, stats.outcome);
    } else {
      uploads.push(undefined);
      outcome = combine(outcome, await addInlineAttachment(mb.graph, path, a, before));
    }
  }
  return { outcome, uploads };
}

/**
 * Creates a draft (in Drafts, or in `folder`) and adds its attachments: each under 3 MB in one
 * request, larger ones through an upload session. If anything fails the draft is deleted for good
 * (found by its stamp when the answer creating it was lost), and the error names the action and the
 * step ("creating the draft", "uploading attachment 'x': chunk 3 of 10", ...).
 */
export async function createDraftWithAttachments(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  action: string,
  folder?: ItemRef,
): Promise<CreatedDraft> {
  let step = "creating the draft";
  const stamp = newStamp();
  let draft: (Message & { id: string }) | undefined;
  try {
    const created = await newDraft(mb, message, stamp, folder);
    draft = created.result;
    const path = messagePath(mb, draft.id);
    const added = await attachAll(mb, path, attachments, (s) => (step = s));
    return { id: draft.id, path, draft, outcome: combine(created.outcome, added.outcome), uploads: added.uploads };
  } catch (e) {
    const deleted = await discardHalfMade(mb, draft, e as Error, stamp, folder);
    throw atStep(e as Error, `${action} failed while ${step}${deleted ? " (the draft was deleted)" : ""}`);
  }
}

/**
 * Deletes a draft that failed half-made: by its id, or, when the answer creating it was lost and
 * the lookup failed too, found by its stamp (a last try: nothing is left behind if it can be helped).
 */
async function discardHalfMade(
  mb: MailboxRef,
  draft: Message | undefined,
  error: Error,
  stamp: Stamp,
  folder?: ItemRef,
): Promise<boolean> {
  const unknown = error instanceof GraphServiceError && error.graphCode === "OutcomeUnknown";
  const found =
    draft ?? (unknown ? await findStamped(mb, folder?.id ?? "drafts", stamp).catch(() => undefined) : undefined);
  if (!found?.id) return false;
  await discardDraft(mb, messagePath(mb, found.id));
  return true;
}

/** A draft with its attachments, as Graph now has it (read again when attachments were added). */
export async function createDraft(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  folder: ItemRef | undefined,
  action: string,
): Promise<Message & { outcome?: Outcome }> {
  const draft = await createDraftWithAttachments(mb, message, attachments, action, folder);
  const read = attachments.length ? await mb.graph.call<Message>({ method: "GET", path: draft.path }) : draft.draft;
  return withOutcome(read, draft.outcome);
}

/**
 * Deletes a draft for good: permanentDelete, as DELETE would leave it in Deleted Items. Repeating it
 * after a lost answer is harmless (the draft is gone: 404, which the fallback DELETE meets too).
 */
export async function discardDraft(mb: MailboxRef, draftPath: GraphPath): Promise<void> {
  await mb.graph
    .call({ method: "POST", path: graphPath`${draftPath}/permanentDelete`, repeatable: true })
    .catch(() => mb.graph.call({ method: "DELETE", path: draftPath }))
    .catch(() => undefined);
}
