import type { Message } from "@microsoft/microsoft-graph-types";
import { atStep } from "../errors";
import type { Graph } from "./client";
import { INLINE_LIMIT_BYTES, addInlineAttachment, uploadLargeAttachment, type AttachmentContent } from "./upload";

/**
 * Creates a draft and adds its attachments: each under 3 MB in one request, larger ones through
 * an upload session. If anything fails the draft is deleted for good, and the error names the
 * step ("creating the draft", "uploading attachment 'x': chunk 3 of 10", ...).
 */
export async function createDraftWithAttachments(
  graph: Graph,
  mailbox: string,
  message: Message,
  attachments: AttachmentContent[],
  action: string,
  draftsPath = `${mailbox}/messages`,
): Promise<{ id: string; path: string; draft: Message }> {
  let step = "creating the draft";
  let draft: (Message & { id: string }) | undefined;
  try {
    draft = await graph.call<Message & { id: string }>({ method: "POST", path: draftsPath, body: message });
    const path = `${mailbox}/messages/${encodeURIComponent(draft.id)}`;
    for (const a of attachments) {
      const large = a.content.length >= INLINE_LIMIT_BYTES;
      step = `${large ? "uploading" : "adding"} attachment '${a.name}'`;
      if (large) await uploadLargeAttachment(graph, path, a);
      else await addInlineAttachment(graph, path, a);
    }
    return { id: draft.id, path, draft };
  } catch (e) {
    if (draft) await discardDraft(graph, `${mailbox}/messages/${encodeURIComponent(draft.id)}`);
    throw atStep(e as Error, `${action} failed while ${step}${draft ? " (the draft was deleted)" : ""}`);
  }
}

/** Deletes a draft for good: permanentDelete, as DELETE would leave it in Deleted Items. */
export async function discardDraft(graph: Graph, draftPath: string): Promise<void> {
  await graph
    .call({ method: "POST", path: `${draftPath}/permanentDelete` })
    .catch(() => graph.call({ method: "DELETE", path: draftPath }))
    .catch(() => undefined);
}
