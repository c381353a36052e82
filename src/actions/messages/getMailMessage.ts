import { action } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { simpleParser, type AddressObject } from "mailparser";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { mailbox, messageIdInput, messagePath } from "../../inputs/mail";

const addressText = (a: AddressObject | AddressObject[] | undefined) =>
  a ? (Array.isArray(a) ? a.map((x) => x.text).join(", ") : a.text) : undefined;

export const getMailMessage = action({
  display: {
    label: "Get Mail Message",
    description: "Fetch a message by ID, and parse its raw MIME: headers, text, HTML and attachment metadata.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, messageId: messageIdInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    const item = messagePath(path, params.messageId);
    const message = await graph.call<Message>({ method: "GET", path: item, notFound: "messageId" });
    const mime = await graph.call<Buffer>({
      method: "GET",
      path: `${item}/$value`,
      responseType: "bytes",
      notFound: "messageId",
    });
    const mail = await simpleParser(mime, { skipImageLinks: true, skipTextLinks: true });
    const headers = Object.fromEntries(
      [...mail.headerLines].map((h) => [h.key, h.line.slice(h.line.indexOf(":") + 1).trim()]),
    );
    return {
      data: {
        message,
        parsed: {
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
        },
      },
    };
  },
});
