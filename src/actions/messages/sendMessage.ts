import { action, input } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { atStep } from "../../errors";
import { graphFor, type Graph } from "../../graph/client";
import { isObjectId, mailboxPath } from "../../graph/paths";
import { createDraftWithAttachments, discardDraft } from "../../graph/drafts";
import { INLINE_LIMIT_BYTES, type AttachmentContent } from "../../graph/upload";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { addresses, composeInputs, composeMessage } from "../../inputs/compose";

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
    const user = await graph.call<{ mail?: string; userPrincipalName?: string }>({
      method: "GET",
      path: mailbox,
      query: { $select: "mail,userPrincipalName" },
      notFound: "mailbox",
    });
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
    mailbox: input({
      ...mailboxInput,
      label: "Send From (Mailbox)",
      comments:
        "The mailbox to send from: a user principal name, SMTP address or object ID, including a shared mailbox. Defaults to the connection's User ID, or the signed-in user.",
    }),
    ...composeInputs,
    to: input({ ...composeInputs.to, required: true }),
    saveToSentItems: input({
      label: "Save to Sent Items",
      type: "boolean",
      default: "true",
      required: false,
      comments: "Keep a copy in the sender's Sent Items.",
    }),
  },
  perform: async (_context, params) => {
    // Everything is checked before the first request: nothing half-done on bad input.
    const { message, attachments } = composeMessage(params, true);
    const saveToSentItems = flag("saveToSentItems", params.saveToSentItems, true);
    const graph = graphFor(params.connection);
    const mailbox = mailboxPath(graph.conn, params.mailbox);
    const from = await senderAddress(graph, mailbox);
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
    const summary = {
      mailbox: from ?? (mailbox === "/me" ? "me" : decodeURIComponent(mailbox.slice("/users/".length))),
      subject: message.subject,
      importance: message.importance,
      bodyContentType: message.body?.contentType,
      to: addresses(message.toRecipients),
      cc: addresses(message.ccRecipients),
      bcc: addresses(message.bccRecipients),
      replyTo: addresses(message.replyTo),
      attachments: sent,
      saveToSentItems,
    };

    if (!needsDraft) {
      message.attachments = attachments.map(
        (a) =>
          ({
            "@odata.type": "#microsoft.graph.fileAttachment",
            name: a.name,
            contentType: a.contentType,
            contentBytes: a.content.toString("base64"),
          }) as never,
      );
      await graph.call({
        method: "POST",
        path: `${mailbox}/sendMail`,
        body: { message, saveToSentItems },
        delivers: true,
      });
      return { data: { ...summary, sent: true, via: "sendMail" } };
    }
    await sendThroughDraft(graph, mailbox, message, attachments, saveToSentItems);
    return { data: { ...summary, sent: true, via: "draft" } };
  },
});

/**
 * The path for attachments of 3 MB or more: a draft with every attachment added (large ones through
 * upload sessions), then sent. If any step fails the draft is deleted, and the error names the step.
 */
async function sendThroughDraft(
  graph: Graph,
  mailbox: string,
  message: Message,
  attachments: AttachmentContent[],
  saveToSentItems: boolean,
): Promise<void> {
  const draft = await createDraftWithAttachments(graph, mailbox, message, attachments, "Send Message");
  let step = "sending the draft";
  try {
    if (!saveToSentItems) {
      step = "turning off Save to Sent Items";
      // Graph's draft send always saves; the message's PR_DELETE_AFTER_SUBMIT property (0x0E01) skips it.
      await graph.call({
        method: "PATCH",
        path: draft.path,
        body: { singleValueExtendedProperties: [{ id: "Boolean 0x0E01", value: "true" }] },
      });
      step = "sending the draft";
    }
    await graph.call({ method: "POST", path: `${draft.path}/send`, delivers: true });
  } catch (e) {
    await discardDraft(graph, draft.path);
    throw atStep(e as Error, `Send Message failed while ${step} (the draft was deleted)`);
  }
}
