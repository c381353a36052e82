import { action, input } from "@prismatic-io/spectral";
import type { Message, Recipient } from "@microsoft/microsoft-graph-types";
import { atStep } from "../../errors";
import { graphFor, type Graph } from "../../graph/client";
import { isObjectId, mailboxPath } from "../../graph/paths";
import { INLINE_LIMIT_BYTES, addInlineAttachment, uploadLargeAttachment, type AttachmentContent } from "../../graph/upload";
import { attachmentsInput, dynamicAttachmentsInput, readAttachments } from "../../inputs/attachments";
import { choice, connectionInput, flag, mailboxInput, text } from "../../inputs/common";
import { parseRecipients } from "../../inputs/recipients";

const BODY_TYPES = ["html", "text"] as const;
const IMPORTANCES = ["low", "normal", "high"] as const;
/** All attachments ride in one sendMail request only while it stays under Graph's ~4 MB body limit (base64 grows bytes by 4/3). */
const INLINE_REQUEST_BUDGET_BYTES = 2.5 * 1024 * 1024;

const addressList = {
  type: "string",
  required: false,
  comments: "Comma-separated addresses; each may carry a display name, e.g. 'john@example.com, Sally Doe <sally@example.com>'.",
} as const;

interface SentAttachment {
  name: string;
  contentType: string;
  size: number;
  /** How it travelled: inside the send request or draft, or through an upload session. */
  method: "inline" | "uploadSession";
}

/**
 * Resolves a mailbox given as an object id to its address, for the output and the From line.
 * Needs a directory permission; without one the message still goes from that mailbox's path.
 */
async function senderAddress(graph: Graph, mailbox: string): Promise<string | undefined> {
  const key = decodeURIComponent(mailbox.replace(/^\/users\//, ""));
  if (mailbox === "/me" || !isObjectId(key)) return mailbox === "/me" ? undefined : key;
  try {
    const user = await graph.call<{ mail?: string; userPrincipalName?: string }>({ method: "GET", path: mailbox, query: { $select: "mail,userPrincipalName" }, notFound: "mailbox" });
    return user.mail ?? user.userPrincipalName;
  } catch {
    return undefined;
  }
}

export const sendMessage = action({
  display: {
    label: "Send Message",
    description: "Send a new message, with attachments of any size up to 150 MB, from a user's or a shared mailbox.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: input({ ...mailboxInput, label: "Send From (Mailbox)", comments: "The mailbox to send from: a user principal name, SMTP address or object ID, including a shared mailbox. Defaults to the connection's User ID, or the signed-in user." }),
    to: input({ ...addressList, label: "To", required: true }),
    cc: input({ ...addressList, label: "CC" }),
    bcc: input({ ...addressList, label: "BCC" }),
    replyTo: input({ ...addressList, label: "Reply-To", comments: "Where replies go instead of the sender; comma-separated addresses." }),
    subject: input({ label: "Subject", type: "string", required: false }),
    body: input({ label: "Message Body", type: "text", required: false, comments: "Plain text or HTML body." }),
    bodyContentType: input({ label: "Body Content Type", type: "string", model: BODY_TYPES.map((v) => ({ label: v, value: v })), default: "html", required: false }),
    importance: input({ label: "Importance", type: "string", model: IMPORTANCES.map((v) => ({ label: v, value: v })), default: "normal", required: false }),
    attachments: attachmentsInput,
    dynamicAttachments: dynamicAttachmentsInput,
    saveToSentItems: input({ label: "Save to Sent Items", type: "boolean", default: "true", required: false, comments: "Keep a copy in the sender's Sent Items." }),
  },
  perform: async (_context, params) => {
    // Everything is checked before the first request: nothing half-done on bad input.
    const toRecipients = parseRecipients("to", params.to, true);
    const ccRecipients = parseRecipients("cc", params.cc, false);
    const bccRecipients = parseRecipients("bcc", params.bcc, false);
    const replyTo = parseRecipients("replyTo", params.replyTo, false);
    const contentType = choice("bodyContentType", params.bodyContentType, BODY_TYPES, "html");
    const importance = choice("importance", params.importance, IMPORTANCES, "normal");
    const saveToSentItems = flag("saveToSentItems", params.saveToSentItems, true);
    const attachments = readAttachments(params.attachments, params.dynamicAttachments);
    const graph = graphFor(params.connection);
    const mailbox = mailboxPath(graph.conn, params.mailbox);

    const from = await senderAddress(graph, mailbox);
    const message: Message = {
      subject: text(params.subject) ?? "",
      body: { contentType, content: text(params.body) ?? "" },
      importance,
      toRecipients,
      ccRecipients,
      bccRecipients,
      replyTo,
      ...(from ? { from: { emailAddress: { address: from } } } : {}),
    };
    const inlineBytes = attachments.reduce((n, a) => n + a.content.length, 0);
    const needsDraft = attachments.some((a) => a.content.length >= INLINE_LIMIT_BYTES) || inlineBytes > INLINE_REQUEST_BUDGET_BYTES;
    const sent: SentAttachment[] = attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.content.length, method: needsDraft && a.content.length >= INLINE_LIMIT_BYTES ? "uploadSession" : "inline" }));
    const summary = { mailbox: from ?? (mailbox === "/me" ? "me" : decodeURIComponent(mailbox.slice("/users/".length))), subject: message.subject, importance, bodyContentType: contentType, to: addresses(toRecipients), cc: addresses(ccRecipients), bcc: addresses(bccRecipients), replyTo: addresses(replyTo), attachments: sent, saveToSentItems };

    if (!needsDraft) {
      message.attachments = attachments.map((a) => ({ "@odata.type": "#microsoft.graph.fileAttachment", name: a.name, contentType: a.contentType, contentBytes: a.content.toString("base64") }) as never);
      await graph.call({ method: "POST", path: `${mailbox}/sendMail`, body: { message, saveToSentItems } });
      return { data: { ...summary, sent: true, via: "sendMail" } };
    }
    await sendThroughDraft(graph, mailbox, message, attachments, saveToSentItems);
    return { data: { ...summary, sent: true, via: "draft" } };
  },
});

function addresses(list: Recipient[]): string[] {
  return list.map((r) => r.emailAddress?.address ?? "");
}

/**
 * The path for attachments of 3 MB or more: a draft, each attachment added (small ones in one
 * request, large ones through an upload session), then the draft is sent. If any step fails the
 * draft is deleted, and the error names the step.
 */
async function sendThroughDraft(graph: Graph, mailbox: string, message: Message, attachments: AttachmentContent[], saveToSentItems: boolean): Promise<void> {
  let step = "creating the draft";
  let draftId: string | undefined;
  try {
    const draft = await graph.call<{ id: string }>({ method: "POST", path: `${mailbox}/messages`, body: message });
    draftId = draft.id;
    const draftPath = `${mailbox}/messages/${encodeURIComponent(draft.id)}`;
    for (const a of attachments) {
      const large = a.content.length >= INLINE_LIMIT_BYTES;
      step = `${large ? "uploading" : "adding"} attachment '${a.name}'`;
      if (large) await uploadLargeAttachment(graph, draftPath, a);
      else await addInlineAttachment(graph, draftPath, a);
    }
    if (!saveToSentItems) {
      step = "turning off Save to Sent Items";
      // Graph's draft send always saves; the message's PR_DELETE_AFTER_SUBMIT property (0x0E01) skips it.
      await graph.call({ method: "PATCH", path: draftPath, body: { singleValueExtendedProperties: [{ id: "Boolean 0x0E01", value: "true" }] } });
    }
    step = "sending the draft";
    await graph.call({ method: "POST", path: `${draftPath}/send` });
  } catch (e) {
    if (draftId) {
      // permanentDelete, not DELETE: a deleted draft would otherwise linger in Deleted Items.
      const draftPath = `${mailbox}/messages/${encodeURIComponent(draftId)}`;
      await graph.call({ method: "POST", path: `${draftPath}/permanentDelete` }).catch(() => graph.call({ method: "DELETE", path: draftPath })).catch(() => undefined);
    }
    throw atStep(e as Error, `Send Message failed while ${step}${draftId ? " (the draft was deleted)" : ""}`);
  }
}
