import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import { getSchedule } from "../../graph/schedule";
import { cleanWholeNumber } from "../../inputs/clean";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { scheduleRequest } from "../../inputs/schedule";
import { timeZoneInput } from "../../inputs/timezones";

export const getScheduleAvailability = action({
  display: {
    label: "Get Schedule Availability",
    description:
      "Get the free/busy availability of users, distribution lists or resources (at most 100) for a time range of " +
      "at most 62 days: per address, availabilityView (a digit per slot: 0 free, 1 tentative, 2 busy, 3 away, 4 " +
      "working elsewhere), scheduleItems and workingHours.",
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
      clean: cleanWholeNumber("availabilityViewInterval", 5, 1440),
    }),
    schedules: input({
      label: "Schedules",
      type: "string",
      collection: "valuelist",
      required: true,
      placeholder: "alexw@contoso.com, confroomadams@contoso.com",
      comments: "SMTP addresses of users, distribution lists or resources (rooms), at most 100.",
    }),
    startAt: input({
      label: "Start At",
      type: "string",
      required: true,
      placeholder: "2026-11-23T08:00:00",
      comments: "ISO 8601 without time zone, in Start Timezone.",
    }),
    startTimezone: timeZoneInput("Start Timezone"),
    endAt: input({
      label: "End At",
      type: "string",
      required: true,
      placeholder: "2026-11-23T18:00:00",
      comments: "ISO 8601 without time zone, in End Timezone; after Start At, at most 62 days later.",
    }),
    endTimezone: timeZoneInput("End Timezone"),
  },
  perform: async (_context, params) => {
    const request = scheduleRequest(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await getSchedule(mb, request) };
  },
});
