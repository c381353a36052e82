import { action, input } from "@prismatic-io/spectral";
import type { LocaleInfo, ScheduleInformation, TimeZoneInformation } from "@microsoft/microsoft-graph-types";
import { ArgumentError } from "../../errors";
import { choice, connectionInput, mailboxInput, text } from "../../inputs/common";
import { mailbox } from "../../inputs/mail";
import { parseRecipients } from "../../inputs/recipients";
import { timeZoneInput, timed } from "../../inputs/timezones";

export const getScheduleAvailability = action({
  display: {
    label: "Get Schedule Availability",
    description: "Get the free/busy availability of users, distribution lists or resources for a time range.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    availabilityViewInterval: input({
      label: "Availability View Interval",
      type: "string",
      default: "30",
      required: false,
      comments: "Duration of each time slot in minutes (5 to 1440).",
    }),
    schedules: input({
      label: "Schedules",
      type: "string",
      collection: "valuelist",
      required: true,
      comments: "SMTP addresses of users, distribution lists or resources.",
    }),
    startAt: input({ label: "Start At", type: "string", required: true, comments: "ISO 8601 without time zone." }),
    startTimezone: timeZoneInput("Start Timezone"),
    endAt: input({ label: "End At", type: "string", required: true }),
    endTimezone: timeZoneInput("End Timezone"),
  },
  perform: async (_context, params) => {
    const raw = text(params.availabilityViewInterval)?.trim() ?? "30";
    if (!/^\d+$/.test(raw) || Number(raw) < 5 || Number(raw) > 1440) {
      throw new ArgumentError(
        "availabilityViewInterval",
        `'availabilityViewInterval' must be a whole number of minutes from 5 to 1440 (got '${raw}').`,
      );
    }
    const schedules = parseRecipients("schedules", params.schedules, true).map((r) => r.emailAddress!.address!);
    if (schedules.length > 100)
      throw new ArgumentError("schedules", `'schedules' may hold at most 100 addresses (got ${schedules.length}).`);
    const start = timed("startAt", params.startAt, "startTimezone", params.startTimezone);
    const end = timed("endAt", params.endAt, "endTimezone", params.endTimezone);
    if (end.instant <= start.instant) throw new ArgumentError("endAt", "'endAt' must be after 'startAt'.");
    if (end.instant - start.instant > 62 * 24 * 3600 * 1000)
      throw new ArgumentError("endAt", "The time range may span at most 62 days.");
    const { graph, path } = mailbox(params);
    const page = await graph.call<{ value: ScheduleInformation[] }>({
      method: "POST",
      path: `${path}/calendar/getSchedule`,
      body: {
        schedules,
        startTime: { dateTime: start.dateTime, timeZone: start.timeZone },
        endTime: { dateTime: end.dateTime, timeZone: end.timeZone },
        availabilityViewInterval: Number(raw),
      },
      headers: { Prefer: `outlook.timezone="${start.timeZone}"` },
    });
    return { data: page.value };
  },
});

export const listSupportedLanguages = action({
  display: {
    label: "List Supported Languages",
    description: "List the languages (locales) Outlook supports for the user.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    const page = await graph.call<{ value: LocaleInfo[] }>({
      method: "GET",
      path: `${path}/outlook/supportedLanguages`,
    });
    return { data: page.value };
  },
});

const STANDARDS = ["windows", "iana"] as const;

export const listSupportedTimezones = action({
  display: {
    label: "List Supported Timezones",
    description: "List the time zones Outlook supports for the user, by Windows or IANA name.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    standard: input({
      label: "Standard",
      type: "string",
      model: [
        { label: "Windows", value: "windows" },
        { label: "IANA", value: "iana" },
      ],
      default: "windows",
      required: false,
    }),
  },
  perform: async (_context, params) => {
    const standard = choice("standard", params.standard, STANDARDS, "windows");
    const { graph, path } = mailbox(params);
    const fn =
      standard === "iana"
        ? "supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')"
        : "supportedTimeZones";
    const page = await graph.call<{ value: TimeZoneInformation[] }>({ method: "GET", path: `${path}/outlook/${fn}` });
    return { data: page.value };
  },
});
