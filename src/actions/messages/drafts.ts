import { action, input } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { PropertyNullError } from "../../errors";
import { createDraftWithAttachments } from "../../graph/drafts";
import { choice, connectionInput, mailboxInput, text } from "../../inputs/common";
import { BODY_TYPES, IMPORTANCES, composeInputs, composeMessage } from "../../inputs/compose";
import { folderPath, mailbox, messageIdInput, messagePath } from "../../inputs/mail";
import { parseRecipients } from "../../inputs/recipients";

export const createDraft = action({
  display: {
    label: "Create Draft",
    description: "Create a draft message, with attachments of any size up to 150 MB, to send later.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    ...composeInputs,
    folderId: input({
      label: "Folder ID",
      type: "string",
      required: false,
      comments: "Create the draft in this folder instead of Drafts.",
      dataSource: "selectMailFolder",
    }),
  },
  perform: async (_context, params) => {
    const { message, attachments } = composeMessage(params, false);
    const { graph, path } = mailbox(params);
    const folder = text(params.folderId);
    const draft = await createDraftWithAttachments(
      graph,
      path,
      message,
      attachments,
      "Create Draft",
      folder ? `${folderPath(path, folder)}/messages` : undefined,
    );
    const data = attachments.length ? await graph.call<Message>({ method: "GET", path: draft.path }) : draft.draft;
    return { data };
  },
});

export const updateDraft = action({
  display: {
    label: "Update Draft",
    description: "Change a draft's subject, body, recipients or importance; inputs left empty stay as they are.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    to: composeInputs.to,
    cc: composeInputs.cc,
    bcc: composeInputs.bcc,
    replyTo: composeInputs.replyTo,
    subject: composeInputs.subject,
    body: composeInputs.body,
    bodyContentType: composeInputs.bodyContentType,
    importance: input({ ...composeInputs.importance, default: "" }),
  },
  perform: async (_context, params) => {
    const patch: Message = {};
    for (const [key, field] of [
      ["to", "toRecipients"],
      ["cc", "ccRecipients"],
      ["bcc", "bccRecipients"],
      ["replyTo", "replyTo"],
    ] as const) {
      if (text(params[key]) !== undefined) patch[field] = parseRecipients(key, params[key], false);
    }
    if (text(params.subject) !== undefined) patch.subject = String(params.subject);
    if (text(params.body) !== undefined)
      patch.body = {
        contentType: choice("bodyContentType", params.bodyContentType, BODY_TYPES, "html"),
        content: String(params.body),
      };
    if (text(params.importance) !== undefined)
      patch.importance = choice("importance", params.importance, IMPORTANCES, "normal");
    if (!Object.keys(patch).length)
      throw new PropertyNullError(
        "subject",
        "Give at least one of To, CC, BCC, Reply-To, Subject, Message Body or Importance to change.",
      );
    const { graph, path } = mailbox(params);
    const data = await graph.call<Message>({
      method: "PATCH",
      path: messagePath(path, params.messageId),
      body: patch,
      notFound: "messageId",
    });
    return { data };
  },
});

export const sendDraft = action({
  display: { label: "Send Draft", description: "Send a draft message." },
  inputs: { connection: connectionInput, mailbox: mailboxInput, messageId: messageIdInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    await graph.call({
      method: "POST",
      path: `${messagePath(path, params.messageId)}/send`,
      notFound: "messageId",
      delivers: true,
    });
    return { data: { sent: true, messageId: params.messageId } };
  },
});
