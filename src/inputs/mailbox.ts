import { input } from "@prismatic-io/spectral";
import type { AutomaticRepliesSetting, MailboxSettings } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyNullError } from "../errors";
import { cleanChoice, cleanId } from "./clean";
import { choice, choices, picklist, requiredChoice, text } from "./common";
import { parseRecipients } from "./recipients";
import { localDateTime } from "./times";
import { zone } from "./timezones";

/** Inputs and checks of the mailbox actions: settings, automatic replies, MailTips, Focused Inbox overrides. */

/** Update Mailbox Settings' change: only what was given, at least one thing. */
export function settingsChange(params: Record<string, unknown>): MailboxSettings {
  const patch: MailboxSettings = {};
  if (text("timeZone", params.timeZone)) patch.timeZone = zone("timeZone", params.timeZone).graph;
  const locale = text("language", params.language)?.trim();
  if (locale) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale))
      throw new ArgumentError("language", `'language' must be a locale such as en-US (got '${locale}').`);
    patch.language = { locale };
  }
  const dateFormat = text("dateFormat", params.dateFormat);
  if (dateFormat) patch.dateFormat = dateFormat;
  const timeFormat = text("timeFormat", params.timeFormat);
  if (timeFormat) patch.timeFormat = timeFormat;
  if (!Object.keys(patch).length)
    throw new PropertyNullError(
      "timeZone",
      "Give at least one of Time Zone, Language, Date Format or Time Format to change.",
    );
  return patch;
}

export const REPLY_STATUSES = ["disabled", "alwaysEnabled", "scheduled"] as const;
export const AUDIENCES = ["none", "contactsOnly", "all"] as const;

/** The inputs of Update Automatic Replies. */
export const automaticRepliesInputs = {
  status: input({
    label: "Status",
    type: "string",
    model: picklist(REPLY_STATUSES),
    required: true,
    comments: "Off, on until turned off, or on between Scheduled Start and End. No default: it must be chosen.",
    clean: cleanChoice("status", REPLY_STATUSES),
  }),
  externalAudience: input({
    label: "External Audience",
    type: "string",
    model: picklist(AUDIENCES),
    default: "all",
    required: false,
    comments: "Who outside your organization gets the External Reply Message: nobody, your contacts, or everyone.",
    clean: cleanChoice("externalAudience", AUDIENCES),
  }),
  internalReplyMessage: input({
    label: "Internal Reply Message",
    type: "text",
    required: false,
    comments: "HTML or text sent to people in your organization.",
  }),
  externalReplyMessage: input({
    label: "External Reply Message",
    type: "text",
    required: false,
    comments: "HTML or text sent to people outside your organization, as External Audience says.",
  }),
  scheduledStart: input({
    label: "Scheduled Start",
    type: "string",
    required: false,
    placeholder: "2026-12-20T17:00:00",
    comments: "For 'scheduled': start, ISO 8601 without offset, e.g. 2026-12-20T17:00:00, in Schedule Time Zone.",
  }),
  scheduledEnd: input({
    label: "Scheduled End",
    type: "string",
    required: false,
    placeholder: "2026-12-27T09:00:00",
    comments: "For 'scheduled': end, ISO 8601 without offset, after Scheduled Start, in Schedule Time Zone.",
  }),
  timeZone: input({
    label: "Schedule Time Zone",
    type: "string",
    default: "UTC",
    required: false,
    comments:
      "The zone of Scheduled Start and End: a Windows (Pacific Standard Time) or IANA (America/Los_Angeles) name.",
    dataSource: "selectTimeZone",
  }),
};

/** The automatic replies setting, checked: a scheduled one needs a start before its end. */
export function automaticReplies(params: Record<string, unknown>): AutomaticRepliesSetting {
  const status = requiredChoice("status", params.status, REPLY_STATUSES);
  const setting: AutomaticRepliesSetting = {
    status,
    externalAudience: choice("externalAudience", params.externalAudience, AUDIENCES, "all"),
  };
  const internal = text("internalReplyMessage", params.internalReplyMessage);
  if (internal !== undefined) setting.internalReplyMessage = internal;
  const external = text("externalReplyMessage", params.externalReplyMessage);
  if (external !== undefined) setting.externalReplyMessage = external;
  // The zone is checked whatever the status, so a wrong one is never kept silently for later.
  const timeZone = zone("timeZone", params.timeZone).graph;
  if (status === "scheduled") {
    if (!text("scheduledStart", params.scheduledStart))
      throw new PropertyNullError("scheduledStart", "A scheduled reply needs a start.");
    if (!text("scheduledEnd", params.scheduledEnd))
      throw new PropertyNullError("scheduledEnd", "A scheduled reply needs an end.");
    const start = localDateTime("scheduledStart", params.scheduledStart);
    const end = localDateTime("scheduledEnd", params.scheduledEnd);
    if (Date.parse(`${end}Z`) <= Date.parse(`${start}Z`))
      throw new ArgumentError("scheduledEnd", `'scheduledEnd' (${end}) must be after 'scheduledStart' (${start}).`);
    setting.scheduledStartDateTime = { dateTime: start, timeZone };
    setting.scheduledEndDateTime = { dateTime: end, timeZone };
  }
  return setting;
}

export const TIP_TYPES = [
  "automaticReplies",
  "mailboxFullStatus",
  "customMailTip",
  "externalMemberCount",
  "totalMemberCount",
  "maxMessageSize",
  "deliveryRestriction",
  "moderationStatus",
  "recipientScope",
  "recipientSuggestions",
] as const;

/** Get MailTips' recipients (at most 100) and tips (automaticReplies and mailboxFullStatus when none). */
export function mailTipsRequest(params: Record<string, unknown>): { recipients: string[]; tips: string[] } {
  const recipients = parseRecipients("recipients", params.recipients, true).map((r) => r.emailAddress!.address!);
  if (recipients.length > 100)
    throw new ArgumentError("recipients", `'recipients' may hold at most 100 addresses (got ${recipients.length}).`);
  const wanted = choices("tips", params.tips, TIP_TYPES);
  return { recipients, tips: wanted.length ? [...new Set(wanted)] : ["automaticReplies", "mailboxFullStatus"] };
}

export const CLASSES = ["focused", "other"] as const;

export const classifyAsInput = input({
  label: "Classify As",
  type: "string",
  model: picklist(CLASSES),
  required: true,
  comments: "Where the sender's mail goes: the Focused or the Other tab. No default: it must be chosen.",
  clean: cleanChoice("classifyAs", CLASSES),
});
export const overrideIdInput = input({
  label: "Override ID",
  type: "string",
  required: true,
  comments: "The ID of a Focused Inbox override (List Focused Inbox Overrides gives them).",
  clean: cleanId("overrideId"),
});

/** Focused or Other: required, never a default. */
export const classifyAs = (params: { classifyAs?: unknown }) =>
  requiredChoice("classifyAs", params.classifyAs, CLASSES);
