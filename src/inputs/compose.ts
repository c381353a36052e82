import { input } from "@prismatic-io/spectral";
import type { Message, Recipient } from "@microsoft/microsoft-graph-types";
import type { AttachmentContent } from "../graph/upload";
import { attachmentsInput, dynamicAttachmentsInput, readAttachments } from "./attachments";
import { cleanChoice } from "./clean";
import { choice, picklist, text } from "./common";
import { parseRecipients } from "./recipients";

export const BODY_TYPES = ["html", "text"] as const;
export const IMPORTANCES = ["low", "normal", "high"] as const;

const addressList = {
  type: "string",
  required: false,
  placeholder: "john@example.com; Sally Doe <sally@example.com>",
  comments:
    "Addresses separated by ',' or ';', each an address or 'Name <address>' (a quoted name may hold commas). " +
    "What a person did not mean is refused: control characters, addresses separated by spaces, a display name that " +
    "is itself an address, groups and comments.",
} as const;

/**
 * The inputs that compose a message: recipients (To, CC, BCC, Reply-To), subject, body and its type,
 * importance, and attachments of any size from keyed or dynamic inputs.
 */
export const composeInputs = {
  to: input({ ...addressList, label: "To" }),
  cc: input({ ...addressList, label: "CC" }),
  bcc: input({ ...addressList, label: "BCC" }),
  replyTo: input({
    ...addressList,
    label: "Reply-To",
    comments: "Where replies go instead of the sender: addresses separated by ',' or ';', as in To.",
  }),
  subject: input({ label: "Subject", type: "string", required: false, placeholder: "Quarterly report" }),
  body: input({
    label: "Message Body",
    type: "text",
    required: false,
    placeholder: "<p>Here are the figures for the quarter.</p>",
    comments: "Plain text or HTML body, as Body Content Type says.",
  }),
  bodyContentType: input({
    label: "Body Content Type",
    type: "string",
    model: picklist(BODY_TYPES),
    default: "html",
    required: false,
    comments: "Whether Message Body is HTML or plain text.",
    clean: cleanChoice("bodyContentType", BODY_TYPES),
  }),
  importance: input({
    label: "Importance",
    type: "string",
    model: picklist(IMPORTANCES),
    default: "normal",
    required: false,
    clean: cleanChoice("importance", IMPORTANCES),
  }),
  attachments: attachmentsInput,
  dynamicAttachments: dynamicAttachmentsInput,
};

export interface Composed {
  message: Message;
  attachments: AttachmentContent[];
}

export const addresses = (list: Recipient[] | null | undefined) =>
  (list ?? []).map((r) => r.emailAddress?.address ?? "");

/** Reads and checks the compose inputs; To is required when sending, optional for a draft. */
export function composeMessage(params: Record<string, unknown>, toRequired: boolean): Composed {
  const message: Message = {
    subject: text("subject", params.subject) ?? "",
    body: {
      contentType: choice("bodyContentType", params.bodyContentType, BODY_TYPES, "html"),
      content: text("body", params.body) ?? "",
    },
    importance: choice("importance", params.importance, IMPORTANCES, "normal"),
    toRecipients: parseRecipients("to", params.to, toRequired),
    ccRecipients: parseRecipients("cc", params.cc, false),
    bccRecipients: parseRecipients("bcc", params.bcc, false),
    replyTo: parseRecipients("replyTo", params.replyTo, false),
  };
  return { message, attachments: readAttachments(params.attachments, params.dynamicAttachments) };
}
