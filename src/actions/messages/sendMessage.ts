import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import { sendNewMessage } from "../../graph/send";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { addresses, composeInputs, composeMessage } from "../../inputs/compose";

export const sendMessage = action({
  display: {
    label: "Send Message",
    description:
      "Send a new message, with attachments of any size up to 150 MB, from a user's or a shared mailbox. Returns " +
      "the sent message's immutable id (its copy in Sent Items: it keeps naming the message after it is moved; " +
      "null when Save to Sent Items is off) and its internetMessageId (the Message-ID header recipients see).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: input({
      ...mailboxInput,
      label: "Send From (Mailbox)",
      comments:
        "The mailbox to send from: a user principal name, SMTP address or object ID, including a shared mailbox (an " +
        "object ID is resolved to its address when the connection may read the directory). Defaults to the " +
        "connection's User ID, or the signed-in user.",
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
    returnMessageId: input({
      label: "Return Sent Message ID",
      type: "boolean",
      default: "true",
      required: false,
      comments:
        "Find the sent message's immutable id and internetMessageId for later steps. A message sent in one request " +
        "(under 3 MB) costs one more request for this, and waits while Graph files the copy in Sent Items (up to " +
        "10 seconds); turn it off when no later step needs them (both are then null, unless the message went " +
        "through a draft, whose ids are known anyway).",
    }),
  },
  perform: async (_context, params) => {
    // Everything is checked before the first request: nothing half-done on bad input.
    const { message, attachments } = composeMessage(params, true);
    const saveToSentItems = flag("saveToSentItems", params.saveToSentItems, true);
    const returnMessageId = flag("returnMessageId", params.returnMessageId, true);
    const mb = openMailbox(params.connection, params.mailbox);
    const sent = await sendNewMessage(mb, message, attachments, saveToSentItems, "Send Message", returnMessageId);
    const data = {
      mailbox: sent.mailbox,
      subject: message.subject,
      importance: message.importance,
      bodyContentType: message.body?.contentType,
      to: addresses(message.toRecipients),
      cc: addresses(message.ccRecipients),
      bcc: addresses(message.bccRecipients),
      replyTo: addresses(message.replyTo),
      attachments: sent.attachments,
      saveToSentItems,
    };
    const ids = { messageId: sent.messageId ?? null, internetMessageId: sent.internetMessageId ?? null };
    return { data: { ...data, sent: true, ...ids, via: sent.via, outcome: sent.outcome } };
  },
});
