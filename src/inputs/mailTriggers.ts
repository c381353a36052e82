import { input } from "@prismatic-io/spectral";
import { MAX_ATTACHMENT_BYTES } from "../graph/upload";
import { cleanWholeNumber } from "./clean";
import { flag, wholeNumber } from "./common";

/**
 * What the new-mail triggers (webhook and polling) share: whether the mailbox's own copies of what it
 * writes and sends (Drafts, Sent Items, Outbox) count as new mail, and whether attachments come along.
 */

export const DEFAULT_ATTACHMENT_CONTENT_LIMIT = 1024 * 1024;

export const newMailInputs = {
  includeOwnMail: input({
    label: "Include Own Drafts and Sent Items",
    type: "boolean",
    default: "false",
    required: false,
    comments:
      "Graph also reports the copies the mailbox makes of what it writes and sends itself: drafts, and each sent " +
      "message's copy in Sent Items (and Outbox). Off (the default), those are skipped, unless the folder you chose " +
      "is one of them; turn it on to get them too.",
  }),
  includeAttachments: input({
    label: "Include Attachments",
    type: "boolean",
    default: "false",
    required: false,
    comments:
      "Add each message's attachments (name, content type, size, inline or not) under 'attachments'. Files up to " +
      "Attachment Content Limit also carry their content (base64, as contentBytes); larger ones, attached " +
      "messages and links come as metadata only (Get Attachment reads any of them).",
  }),
  attachmentContentLimit: input({
    label: "Attachment Content Limit (bytes)",
    type: "string",
    default: String(DEFAULT_ATTACHMENT_CONTENT_LIMIT),
    required: false,
    comments:
      "With Include Attachments: files up to this size (as Graph reports it) carry their content; 0 gives metadata " +
      "only. At most 157286400 (150 MB); the default is 1 MB.",
    clean: cleanWholeNumber("attachmentContentLimit", 0, MAX_ATTACHMENT_BYTES),
  }),
};

export interface NewMailOptions {
  /** Keep the mailbox's own drafts and sent copies. */
  includeOwnMail: boolean;
  /** With attachments: files up to this many bytes carry their content. */
  attachments?: { contentLimit: number };
}

/** The shared new-mail options, checked before any request. */
export function readNewMailOptions(params: Record<string, unknown>): NewMailOptions {
  const includeOwnMail = flag("includeOwnMail", params.includeOwnMail, false);
  const withAttachments = flag("includeAttachments", params.includeAttachments, false);
  const contentLimit =
    wholeNumber("attachmentContentLimit", params.attachmentContentLimit, 0, MAX_ATTACHMENT_BYTES) ??
    DEFAULT_ATTACHMENT_CONTENT_LIMIT;
  return { includeOwnMail, ...(withAttachments ? { attachments: { contentLimit } } : {}) };
}
