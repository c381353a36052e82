import { input } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyNullError } from "../errors";
import { cleanChoice, cleanFlag, cleanId } from "./clean";
import { choice, connectionInput, flag, isBlank, mailboxInput, picklist, text } from "./common";
import { distinctIds, inputText, itemRef, type InputText, type ItemRef } from "./ids";
import { categoriesInput, readCategories } from "./categories";
import { BODY_TYPES, IMPORTANCES, composeInputs } from "./compose";
import type { ResponseKind } from "../graph/messages";
import { readPaging, type Paging } from "./paging";
import { parseRecipients } from "./recipients";
import { instant } from "./times";

/** Inputs and checks of the message actions (read, change, reply, forward, drafts). */

export const messageIdInput = input({
  label: "Message ID",
  type: "string",
  required: true,
  comments: "The ID of a mail message (a moved message has a new one).",
  dataSource: "selectMessage",
  clean: cleanId("messageId"),
});

/** The most message IDs one bulk action takes (the platform's step time is the real bound). */
export const MAX_BULK_IDS = 10_000;

export const messageIdsInput = input({
  label: "Message IDs",
  type: "string",
  collection: "valuelist",
  required: true,
  comments:
    `The messages to work on: a list of message IDs, or text with the IDs separated by commas or new lines (up to ` +
    `${MAX_BULK_IDS.toLocaleString("en-US")}). An ID given twice is worked on once. Each ID is checked like any ` +
    "message ID before any request.",
});

/** Bulk message IDs: each checked as any message ID input (named by its position, e.g. messageIds[3]). */
export function readMessageIds(property: string, value: unknown): ItemRef[] {
  return distinctIds(property, value, MAX_BULK_IDS, itemRef);
}

/** Search, filter and paging of List Mail Messages, checked against what Graph accepts together. */
export function readMessageQuery(params: Record<string, unknown>): {
  query: { search?: InputText; filter?: InputText; select?: InputText };
  paging: Paging;
} {
  const search = text("search", params.search);
  const filter = text("filter", params.filter);
  const select = text("select", params.select);
  if (search && filter)
    throw new ArgumentError(
      "search",
      "'search' can not be combined with 'filter': Graph refuses $search with $filter. Use one of them.",
    );
  const paging = readPaging(params);
  if (search && paging.skip)
    throw new ArgumentError(
      "pageSkip",
      "'pageSkip' can not be combined with 'search': Graph pages search results with its own links.",
    );
  return {
    query: {
      search: inputText("search", search?.trim()),
      filter: inputText("filter", filter),
      select: inputText("select", select),
    },
    paging,
  };
}

/** Reply, reply all and forward: with a comment or a message body, never both (Graph refuses both with a 400). */
export function responseInputs(kind: ResponseKind) {
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
            placeholder: "john@example.com; Sally Doe <sally@example.com>",
            comments: "Addresses to forward to, separated by ',' or ';', each an address or 'Name <address>'.",
          }),
        }
      : {}),
    comment: input({
      label: "Comment",
      type: "text",
      required: false,
      placeholder: "Thanks, see my notes below.",
      comments:
        "Text placed above the original message. Use this or Message Body, not both: both are refused before any " +
        "request (Graph answers 400).",
    }),
    body: input({
      label: "Message Body",
      type: "text",
      required: false,
      comments: "A full body instead of a comment, as Body Content Type says.",
    }),
    bodyContentType: composeInputs.bodyContentType,
    cc: input({
      label: "CC",
      type: "string",
      required: false,
      placeholder: "john@example.com; Sally Doe <sally@example.com>",
      comments: "Extra addresses to copy, separated by ',' or ';', each an address or 'Name <address>'.",
    }),
  };
}

/** The request body of a reply, reply all or forward (sent at once or as a draft), checked. */
export function responseBody(kind: ResponseKind, params: Record<string, unknown>): Record<string, unknown> {
  const comment = text("comment", params.comment);
  const body = text("body", params.body);
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

export const FLAGS = ["notFlagged", "flagged", "complete"] as const;
export const CLASSES = ["focused", "other"] as const;

/** The inputs of Update Message. */
export const messageChangeInputs = {
  isRead: input({
    label: "Is Read",
    type: "string",
    model: [
      { label: "(unchanged)", value: "" },
      { label: "read", value: "true" },
      { label: "unread", value: "false" },
    ],
    required: false,
    comments: "Mark the message read (true) or unread (false); unchanged when empty.",
    clean: cleanFlag("isRead"),
  }),
  categories: categoriesInput("Replaces the message's categories; left empty, they stay as they are."),
  importance: input({
    label: "Importance",
    type: "string",
    model: picklist(IMPORTANCES),
    required: false,
    comments: "Unchanged when empty.",
    clean: cleanChoice("importance", IMPORTANCES),
  }),
  flagStatus: input({
    label: "Flag",
    type: "string",
    model: picklist(FLAGS),
    required: false,
    comments: "Flag the message for follow-up, mark the flag complete, or clear it; unchanged when empty.",
    clean: cleanChoice("flagStatus", FLAGS),
  }),
  inferenceClassification: input({
    label: "Focused Inbox",
    type: "string",
    model: picklist(CLASSES),
    required: false,
    comments: "Move the message to the Focused or the Other tab; unchanged when empty.",
    clean: cleanChoice("inferenceClassification", CLASSES),
  }),
};

/** Update Message's change: only what was given, at least one thing. */
export function messageChange(params: Record<string, unknown>): Message {
  const patch: Message = {};
  if (!isBlank(params.isRead)) patch.isRead = flag("isRead", params.isRead, false);
  const categories = readCategories("categories", params.categories);
  if (categories.length) patch.categories = categories;
  if (!isBlank(params.importance)) patch.importance = choice("importance", params.importance, IMPORTANCES, "normal");
  if (!isBlank(params.flagStatus))
    patch.flag = { flagStatus: choice("flagStatus", params.flagStatus, FLAGS, "notFlagged") };
  if (!isBlank(params.inferenceClassification))
    patch.inferenceClassification = choice(
      "inferenceClassification",
      params.inferenceClassification,
      CLASSES,
      "focused",
    );
  if (!Object.keys(patch).length)
    throw new PropertyNullError(
      "isRead",
      "Give at least one of Is Read, Categories, Importance, Flag or Focused Inbox to change.",
    );
  return patch;
}

/** The inputs of Update Draft: the compose inputs, each left as it is when empty. */
export const draftChangeInputs = {
  to: composeInputs.to,
  cc: composeInputs.cc,
  bcc: composeInputs.bcc,
  replyTo: composeInputs.replyTo,
  subject: composeInputs.subject,
  body: composeInputs.body,
  bodyContentType: composeInputs.bodyContentType,
  importance: input({ ...composeInputs.importance, default: "" }),
};

/** Update Draft's change: only what was given, at least one thing. */
export function draftChange(params: Record<string, unknown>): Message {
  const patch: Message = {};
  for (const [key, field] of [
    ["to", "toRecipients"],
    ["cc", "ccRecipients"],
    ["bcc", "bccRecipients"],
    ["replyTo", "replyTo"],
  ] as const) {
    if (!isBlank(params[key])) patch[field] = parseRecipients(key, params[key], false);
  }
  const subject = text("subject", params.subject);
  if (subject !== undefined) patch.subject = subject;
  const body = text("body", params.body);
  const contentType = choice("bodyContentType", params.bodyContentType, BODY_TYPES, "html");
  if (body !== undefined) patch.body = { contentType, content: body };
  if (!isBlank(params.importance)) patch.importance = choice("importance", params.importance, IMPORTANCES, "normal");
  if (!Object.keys(patch).length)
    throw new PropertyNullError(
      "subject",
      "Give at least one of To, CC, BCC, Reply-To, Subject, Message Body or Importance to change.",
    );
  return patch;
}

export const SYNC_CHANGE_TYPES = ["all", "created", "updated", "deleted"] as const;

/** Sync Folder Messages' first-sync options, checked. */
export function readSyncOptions(params: Record<string, unknown>) {
  const changeType = choice("changeType", params.changeType, SYNC_CHANGE_TYPES, "all");
  const since = instant("receivedSince", params.receivedSince);
  return {
    $select: inputText("select", text("select", params.select)),
    changeType: changeType === "all" ? undefined : changeType,
    $filter: since === undefined ? undefined : `receivedDateTime ge ${new Date(since).toISOString()}`,
  };
}
