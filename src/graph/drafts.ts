import type { Message } from "@microsoft/microsoft-graph-types";
import { atStep } from "../errors";
import type { ItemRef } from "../inputs/ids";
import type { MailboxRef } from "./mailbox";
import { messagePath, messagesIn } from "./messages";
import { graphPath, type GraphPath } from "./path";
import { INLINE_LIMIT_BYTES, addInlineAttachment, uploadLargeAttachment, type AttachmentContent } from "./upload";

/** Drafts with attachments of any size, made in steps that are undone as a whole when one fails. */

export interface CreatedDraft {
  id: string;
  path: GraphPath;
  draft: Message;
}

/**
 * Creates a draft (in Drafts, or in `folder`) and adds its attachments: each under 3 MB in one
 * request, larger ones through an upload session. If anything fails the draft is deleted for good,
 * and the error names the action and the step ("creating the draft", "uploading attachment 'x':
 * chunk 3 of 10", ...).
 */
export async function createDraftWithAttachments(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  action: string,
  folder?: ItemRef,
): Promise<CreatedDraft> {
  let step = "creating the draft";
  let draft: (Message & { id: string }) | undefined;
  try {
    draft = await mb.graph.call<Message & { id: string }>({
      method: "POST",
      path: messagesIn(mb, folder),
      body: message,
    });
    const path = messagePath(mb, draft.id);
    for (const a of attachments) {
      const large = a.content.length >= INLINE_LIMIT_BYTES;
      step = `${large ? "uploading" : "adding"} attachment '${a.name}'`;
      if (large) await uploadLargeAttachment(mb.graph, path, a);
      else await addInlineAttachment(mb.graph, path, a);
    }
    return { id: draft.id, path, draft };
  } catch (e) {
    if (draft) await discardDraft(mb, messagePath(mb, draft.id));
    throw atStep(e as Error, `${action} failed while ${step}${draft ? " (the draft was deleted)" : ""}`);
  }
}

/** A draft with its attachments, as Graph now has it (read again when attachments were added). */
export async function createDraft(
  mb: MailboxRef,
  message: Message,
  attachments: AttachmentContent[],
  folder: ItemRef | undefined,
  action: string,
): Promise<Message> {
  const draft = await createDraftWithAttachments(mb, message, attachments, action, folder);
  return attachments.length ? mb.graph.call<Message>({ method: "GET", path: draft.path }) : draft.draft;
}

/** Deletes a draft for good: permanentDelete, as DELETE would leave it in Deleted Items. */
export async function discardDraft(mb: MailboxRef, draftPath: GraphPath): Promise<void> {
  await mb.graph
    .call({ method: "POST", path: graphPath`${draftPath}/permanentDelete` })
    .catch(() => mb.graph.call({ method: "DELETE", path: draftPath }))
    .catch(() => undefined);
}
