import MailComposer from "nodemailer/lib/mail-composer";
import { simpleParser, type AddressObject } from "mailparser";
import { compile } from "html-to-text";
import type { Recipient, StoredMessage } from "./store";

/**
 * The HTML-to-text converter, compiled once: html-to-text's `convert` compiles its selectors on every call, which
 * cost the sandbox about 60 ms of CPU per message listed with previews.
 */
const toPlainText = compile({
  wordwrap: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
  ],
});

/** Plain text of an HTML body, as Outlook renders previews and text bodies. */
export function htmlToText(html: string): string {
  return toPlainText(html);
}

function addressList(list: Recipient[]): { name: string; address: string }[] {
  return list.map((r) => ({ name: r.emailAddress.name ?? "", address: r.emailAddress.address }));
}

/** The message's RFC 5322 form, as `GET /messages/{id}/$value` returns it. */
export async function buildMime(m: StoredMessage): Promise<Buffer> {
  const importanceHeader = { low: "low", normal: "normal", high: "high" }[m.importance];
  const composer = new MailComposer({
    from: m.from ? addressList([m.from])[0] : undefined,
    sender:
      m.sender && m.from && m.sender.emailAddress.address !== m.from.emailAddress.address
        ? addressList([m.sender])[0]
        : undefined,
    to: addressList(m.toRecipients),
    cc: addressList(m.ccRecipients),
    bcc: addressList(m.bccRecipients),
    replyTo: addressList(m.replyTo),
    subject: m.subject,
    messageId: m.internetMessageId,
    date: new Date(m.sentDateTime ?? m.createdDateTime),
    ...(m.body.contentType === "html" ? { html: m.body.content } : { text: m.body.content }),
    headers: {
      Importance: importanceHeader,
      "Thread-Index": m.conversationIndex,
      ...Object.fromEntries(m.internetMessageHeaders.map((h) => [h.name, h.value])),
    },
    attachments: m.attachments.map((a) => ({
      filename: a.name,
      content: a.content,
      contentType: a.contentType,
      ...(a.isInline ? { cid: a.contentId ?? a.id, contentDisposition: "inline" as const } : {}),
    })),
  });
  const mail = composer.compile();
  (mail as unknown as { keepBcc: boolean }).keepBcc = m.bccRecipients.length > 0;
  return new Promise((resolve, reject) => mail.build((err, out) => (err ? reject(err) : resolve(out))));
}

export interface ParsedMime {
  subject: string;
  from?: Recipient;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  body: { contentType: "html" | "text"; content: string };
  importance: "low" | "normal" | "high";
  internetMessageId?: string;
  /** Headers kept as Graph shows them in internetMessageHeaders (what Inbox rules test: Sensitivity). */
  headers: { name: string; value: string }[];
  attachments: { name: string; contentType: string; content: Buffer; isInline: boolean; contentId?: string }[];
}

function recipients(obj: AddressObject | AddressObject[] | undefined): Recipient[] {
  const list = obj ? (Array.isArray(obj) ? obj : [obj]) : [];
  return list
    .flatMap((o) => o.value)
    .filter((v) => v.address)
    .map((v) => ({ emailAddress: { name: v.name || v.address!, address: v.address! } }));
}

/** Reads a MIME message (sendMail's and create's text/plain base64 variant). */
export async function parseMime(raw: Buffer): Promise<ParsedMime> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true });
  const importance = String(mail.headers.get("importance") ?? mail.headers.get("priority") ?? "normal").toLowerCase();
  return {
    subject: mail.subject ?? "",
    from: recipients(mail.from)[0],
    toRecipients: recipients(mail.to),
    ccRecipients: recipients(mail.cc),
    bccRecipients: recipients(mail.bcc),
    replyTo: recipients(mail.replyTo),
    body: mail.html ? { contentType: "html", content: mail.html } : { contentType: "text", content: mail.text ?? "" },
    importance: importance === "high" || importance === "low" ? importance : "normal",
    internetMessageId: mail.messageId,
    headers: mail.headers.has("sensitivity")
      ? [{ name: "Sensitivity", value: String(mail.headers.get("sensitivity")) }]
      : [],
    attachments: mail.attachments.map((a) => ({
      name: a.filename ?? "attachment",
      contentType: a.contentType,
      content: a.content,
      isInline: a.contentDisposition === "inline",
      contentId: a.cid,
    })),
  };
}
