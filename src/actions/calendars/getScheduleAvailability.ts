import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import { getSchedule } from "../../graph/schedule";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { scheduleRequest } from "../../inputs/schedule";
import { timeZoneInput } from "../../inputs/timezones";

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
    const request = scheduleRequest(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await getSchedule(mb, request) };
  },
});
