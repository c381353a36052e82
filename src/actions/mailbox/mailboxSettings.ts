import { action, input } from "@prismatic-io/spectral";
import type { AutomaticRepliesSetting, MailboxSettings } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyNullError } from "../../errors";
import { choice, connectionInput, mailboxInput, text } from "../../inputs/common";
import { mailbox } from "../../inputs/mail";
import { localDateTime } from "../../inputs/times";

const STATUSES = ["disabled", "alwaysEnabled", "scheduled"] as const;
const AUDIENCES = ["none", "contactsOnly", "all"] as const;
const picklist = (values: readonly string[]) => values.map((v) => ({ label: v, value: v }));

export const getMailboxSettings = action({
  display: {
    label: "Get Mailbox Settings",
    description:
      "Get a mailbox's settings: time zone, language, date and time formats, working hours and automatic replies.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    return { data: await graph.call<MailboxSettings>({ method: "GET", path: `${path}/mailboxSettings` }) };
  },
});

export const updateMailboxSettings = action({
  display: {
    label: "Update Mailbox Settings",
    description:
      "Change a mailbox's time zone, language, or date and time formats; inputs left empty stay as they are.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    timeZone: input({ label: "Time Zone", type: "string", required: false, example: "Pacific Standard Time" }),
    language: input({ label: "Language (locale)", type: "string", required: false, example: "en-US" }),
    dateFormat: input({ label: "Date Format", type: "string", required: false, example: "dd/MM/yyyy" }),
    timeFormat: input({ label: "Time Format", type: "string", required: false, example: "HH:mm" }),
  },
  perform: async (_context, params) => {
    const patch: MailboxSettings = {};
    if (text(params.timeZone)) patch.timeZone = text(params.timeZone);
    const locale = text(params.language);
    if (locale) {
      if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale))
        throw new ArgumentError("language", `'language' must be a locale such as en-US (got '${locale}').`);
      patch.language = { locale };
    }
    if (text(params.dateFormat)) patch.dateFormat = text(params.dateFormat);
    if (text(params.timeFormat)) patch.timeFormat = text(params.timeFormat);
    if (!Object.keys(patch).length)
      throw new PropertyNullError(
        "timeZone",
        "Give at least one of Time Zone, Language, Date Format or Time Format to change.",
      );
    const { graph, path } = mailbox(params);
    return {
      data: await graph.call<MailboxSettings>({ method: "PATCH", path: `${path}/mailboxSettings`, body: patch }),
    };
  },
});

export const getAutomaticReplies = action({
  display: {
    label: "Get Automatic Replies",
    description: "Get a mailbox's automatic replies (out of office) setting.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    const settings = await graph.call<MailboxSettings>({
      method: "GET",
      path: `${path}/mailboxSettings`,
      query: { $select: "automaticRepliesSetting" },
    });
    return { data: settings.automaticRepliesSetting ?? null };
  },
});

export const updateAutomaticReplies = action({
  display: {
    label: "Update Automatic Replies",
    description: "Turn automatic replies (out of office) on, off or on a schedule, with their messages.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    status: input({ label: "Status", type: "string", model: picklist(STATUSES), required: true }),
    externalAudience: input({
      label: "External Audience",
      type: "string",
      model: picklist(AUDIENCES),
      default: "all",
      required: false,
    }),
    internalReplyMessage: input({
      label: "Internal Reply Message",
      type: "text",
      required: false,
      comments: "HTML or text sent to people in your organization.",
    }),
    externalReplyMessage: input({ label: "External Reply Message", type: "text", required: false }),
    scheduledStart: input({
      label: "Scheduled Start",
      type: "string",
      required: false,
      comments: "For 'scheduled': start, ISO 8601 without offset, e.g. 2026-12-20T17:00:00.",
    }),
    scheduledEnd: input({ label: "Scheduled End", type: "string", required: false }),
    timeZone: input({ label: "Schedule Time Zone", type: "string", default: "UTC", required: false }),
  },
  perform: async (_context, params) => {
    const status = choice("status", params.status, STATUSES, "disabled");
    const setting: AutomaticRepliesSetting = {
      status,
      externalAudience: choice("externalAudience", params.externalAudience, AUDIENCES, "all"),
    };
    if (text(params.internalReplyMessage) !== undefined)
      setting.internalReplyMessage = String(params.internalReplyMessage);
    if (text(params.externalReplyMessage) !== undefined)
      setting.externalReplyMessage = String(params.externalReplyMessage);
    if (status === "scheduled") {
      if (!text(params.scheduledStart))
        throw new PropertyNullError("scheduledStart", "A scheduled reply needs a start.");
      if (!text(params.scheduledEnd)) throw new PropertyNullError("scheduledEnd", "A scheduled reply needs an end.");
      const start = localDateTime("scheduledStart", params.scheduledStart);
      const end = localDateTime("scheduledEnd", params.scheduledEnd);
      if (Date.parse(`${end}Z`) <= Date.parse(`${start}Z`))
        throw new ArgumentError("scheduledEnd", `'scheduledEnd' (${end}) must be after 'scheduledStart' (${start}).`);
      const timeZone = text(params.timeZone) ?? "UTC";
      setting.scheduledStartDateTime = { dateTime: start, timeZone };
      setting.scheduledEndDateTime = { dateTime: end, timeZone };
    }
    const { graph, path } = mailbox(params);
    const settings = await graph.call<MailboxSettings>({
      method: "PATCH",
      path: `${path}/mailboxSettings`,
      body: { automaticRepliesSetting: setting },
    });
    return { data: settings.automaticRepliesSetting ?? null };
  },
});
