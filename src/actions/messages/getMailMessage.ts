import { action } from "@prismatic-io/spectral";
import type { AddressObject, ParsedMail } from "mailparser";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

const addressText = (a: AddressObject | AddressObject[] | undefined) =>
  a ? (Array.isArray(a) ? a.map((x) => x.text).join(", ") : a.text) : undefined;

/** What the raw MIME says: headers, addresses as written, text, HTML and attachment metadata. */
function parsedView(mail: ParsedMail) {
  const headers = Object.fromEntries(
    [...mail.headerLines].map((h) => [h.key, h.line.slice(h.line.indexOf(":") + 1).trim()]),
  );
  return {
    headers,
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    date: mail.date?.toISOString(),
    subject: mail.subject,
    from: addressText(mail.from),
    to: addressText(mail.to),
    cc: addressText(mail.cc),
    replyTo: addressText(mail.replyTo),
    text: mail.text,
    html: mail.html || undefined,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      contentId: a.contentId,
      inline: a.contentDisposition === "inline",
      checksum: a.checksum,
    })),
  };
}

export const getMailMessage = action({
  display: {
    label: "Get Mail Message",
    description:
      "Fetch a message by ID, and parse its raw MIME with mailparser: the Graph message, and parsed headers, " +
      "messageId, inReplyTo, date, subject, from, to, cc, replyTo, text, html and attachments (filename, " +
      "contentType, size, contentId, inline, checksum).",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, messageId: messageIdInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const { message, mime } = await messages.getWithMime(mb, itemRef("messageId", params.messageId));
    // Loaded on first use: the MIME parser is the heaviest library the component loads, and only this action needs it.
    const { simpleParser } = await import("mailparser");
    const mail = await simpleParser(mime, { skipImageLinks: true, skipTextLinks: true });
    return { data: { message, parsed: parsedView(mail) } };
  },
});
