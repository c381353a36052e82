import { input } from "@prismatic-io/spectral";
import type { Message, Recipient } from "@microsoft/microsoft-graph-types";
import { APPRISE_FORMATS, type AppriseFormat, type AppriseUrl } from "../connections/apprise/parse";
import type { AttachmentContent } from "../graph/upload";
import { readAttachments } from "./attachments";
import { cleanChoice, cleanFlag } from "./clean";
import { choice, flag, text } from "./common";
import { composeInputs, IMPORTANCES } from "./compose";
import { markdownToHtml } from "./markdown";
import { parseRecipients } from "./recipients";

/**
 * Send Notification's inputs: Apprise's title and body, its body format (text, html or markdown rendered to HTML),
 * and recipients that default to what the connection's Apprise URL says (its targets, cc, bcc, reply_to, format,
 * savesent), else to the sender itself, as Apprise sends to the source when it has no targets.
 */

const defaulted = (label: string, what: string) =>
  input({
    ...composeInputs.to,
    label,
    comments:
      `Comma-separated addresses, each may carry a display name. Defaults to the Apprise URL's ${what}; ` +
      "given ones replace the URL's.",
  });

export const notificationInputs = {
  title: input({
    label: "Title",
    type: "string",
    required: false,
    placeholder: "Backup finished",
    comments: "The message's subject.",
  }),
  body: input({
    label: "Body",
    type: "text",
    required: false,
    placeholder: "**3 files** were saved.",
    comments: "The notification's text, in Body Format.",
  }),
  format: input({
    label: "Body Format",
    type: "string",
    model: APPRISE_FORMATS.map((f) => ({ label: f, value: f })),
    required: false,
    comments:
      "text, html, or markdown (rendered to HTML with markdown-it; raw HTML in it is shown as text, and " +
      "javascript:, vbscript:, file: and data: links stay text). Defaults to the Apprise URL's format, else text.",
    clean: cleanChoice("format", APPRISE_FORMATS),
  }),
  to: defaulted("To", "targets (or to=); without any, the sender's own address"),
  cc: defaulted("CC", "cc="),
  bcc: defaulted("BCC", "bcc="),
  replyTo: defaulted("Reply-To", "reply_to="),
  importance: composeInputs.importance,
  attachments: composeInputs.attachments,
  dynamicAttachments: composeInputs.dynamicAttachments,
  // A choice, not a boolean: a boolean input is never "not set" (spectral makes it false), and empty here means
  // the Apprise URL's savesent.
  saveToSentItems: input({
    label: "Save to Sent Items",
    type: "string",
    model: [
      { label: "Yes", value: "true" },
      { label: "No", value: "false" },
    ],
    required: false,
    comments: "Keep a copy in the sender's Sent Items. Defaults to the Apprise URL's savesent, else yes.",
    clean: cleanFlag("saveToSentItems"),
  }),
};

export interface Notification {
  message: Message;
  attachments: AttachmentContent[];
  format: AppriseFormat;
  saveToSentItems: boolean;
}

/** The given list, or the URL's when none is given. */
function listOr(property: string, value: unknown, fallback: Recipient[] | undefined): Recipient[] {
  const given = parseRecipients(property, value, false);
  return given.length ? given : (fallback ?? []);
}

/** Reads and checks the inputs, with the Apprise URL's values where an input is empty; To may stay empty. */
export function composeNotification(params: Record<string, unknown>, url: AppriseUrl | undefined): Notification {
  const body = text("body", params.body) ?? "";
  // Only a value that is really absent falls back to the URL's format: 0, NaN or false given is checked and refused.
  const absent = params.format === undefined || params.format === null || params.format === "";
  const format = absent ? (url?.format ?? "text") : choice("format", params.format, APPRISE_FORMATS, "text");
  const message: Message = {
    subject: text("title", params.title) ?? "",
    body: {
      contentType: format === "text" ? "text" : "html",
      content: format === "markdown" ? markdownToHtml(body) : body,
    },
    importance: choice("importance", params.importance, IMPORTANCES, "normal"),
    toRecipients: listOr("to", params.to, url?.to),
    ccRecipients: listOr("cc", params.cc, url?.cc),
    bccRecipients: listOr("bcc", params.bcc, url?.bcc),
    replyTo: listOr("replyTo", params.replyTo, url?.replyTo),
  };
  if (url?.source.address)
    message.from = {
      emailAddress: { address: url.source.address, ...(url.source.name ? { name: url.source.name } : {}) },
    };
  return {
    message,
    attachments: readAttachments(params.attachments, params.dynamicAttachments),
    format,
    saveToSentItems: flag("saveToSentItems", params.saveToSentItems, url?.saveToSentItems ?? true),
  };
}
