import { action, input } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { ArgumentError } from "../../errors";
import { choice, connectionInput, mailboxInput, text } from "../../inputs/common";
import { BODY_TYPES } from "../../inputs/compose";
import { mailbox, messageIdInput, messagePath } from "../../inputs/mail";
import { parseRecipients } from "../../inputs/recipients";

/**
 * Reply, reply all and forward, sent at once (202) or as a draft (create*): with a comment or a
 * message body, never both, as Graph refuses both with a 400 that peers leave users to discover.
 */

type Kind = "reply" | "replyAll" | "forward";

const LABELS: Record<Kind, string> = { reply: "Reply", replyAll: "Reply All", forward: "Forward" };

function inputs(kind: Kind) {
  return {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    ...(kind === "forward"
      ? {
          to: input({
            label: "To",
            type: "string",
            required: true,
            comments: "Comma-separated addresses to forward to.",
          }),
        }
      : {}),
    comment: input({
      label: "Comment",
      type: "text",
      required: false,
      comments: "Text placed above the original message. Use this or Message Body, not both.",
    }),
    body: input({
      label: "Message Body",
      type: "text",
      required: false,
      comments: "A full body instead of a comment.",
    }),
    bodyContentType: input({
      label: "Body Content Type",
      type: "string",
      model: BODY_TYPES.map((v) => ({ label: v, value: v })),
      default: "html",
      required: false,
    }),
    cc: input({ label: "CC", type: "string", required: false, comments: "Extra comma-separated addresses to copy." }),
  };
}

function requestBody(kind: Kind, params: Record<string, unknown>): Record<string, unknown> {
  const comment = text(params.comment);
  const body = text(params.body);
  if (comment && body)
    throw new ArgumentError(
      "body",
      "'body' and 'comment' can not both be given: Graph takes a comment or a message body, not both.",
    );
  const contentType = choice("bodyContentType", params.bodyContentType, BODY_TYPES, "html");
  const cc = parseRecipients("cc", params.cc, false);
  const message: Message = {};
  if (body) message.body = { contentType, content: body };
  if (cc.length) message.ccRecipients = cc;
  const out: Record<string, unknown> = {};
  if (comment) out.comment = comment;
  if (Object.keys(message).length) out.message = message;
  if (kind === "forward") out.toRecipients = parseRecipients("to", params.to, true);
  return out;
}

function respond(kind: Kind) {
  return action({
    display: { label: `${LABELS[kind]} to Message`, description: `${LABELS[kind]} to a message and send it at once.` },
    inputs: inputs(kind),
    perform: async (_context, params) => {
      const body = requestBody(kind, params);
      const { graph, path } = mailbox(params);
      await graph.call({
        method: "POST",
        path: `${messagePath(path, params.messageId)}/${kind}`,
        body,
        notFound: "messageId",
        delivers: true,
      });
      return { data: { sent: true, messageId: params.messageId } };
    },
  });
}

function createDraft(kind: Kind) {
  const action_ = `create${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
  return action({
    display: {
      label: `Create ${LABELS[kind]} Draft`,
      description: `Create a draft ${LABELS[kind].toLowerCase()} to a message, to edit and send later.`,
    },
    inputs: inputs(kind),
    perform: async (_context, params) => {
      const body = requestBody(kind, params);
      const { graph, path } = mailbox(params);
      const data = await graph.call<Message>({
        method: "POST",
        path: `${messagePath(path, params.messageId)}/${action_}`,
        body,
        notFound: "messageId",
      });
      return { data };
    },
  });
}

export const replyToMessage = respond("reply");
export const replyAllToMessage = respond("replyAll");
export const forwardMessage = respond("forward");
export const createReplyDraft = createDraft("reply");
export const createReplyAllDraft = createDraft("replyAll");
export const createForwardDraft = createDraft("forward");
