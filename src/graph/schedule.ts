import type { ScheduleInformation } from "@microsoft/microsoft-graph-types";
import type { MailboxRef } from "./mailbox";
import { graphPath } from "./path";
import { preferZone } from "./events";

/** Free/busy schedules (Graph's calendar getSchedule). */

export interface ScheduleRequest {
  /** SMTP addresses of users, distribution lists or resources. */
  schedules: string[];
  /** Local times without offset, in Windows (or UTC) zones. */
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  /** Minutes per slot of the availability view. */
  interval: number;
}

/** Each schedule's free/busy items and availability view, with times in the start's zone. */
export async function getSchedule(mb: MailboxRef, request: ScheduleRequest): Promise<ScheduleInformation[]> {
  const page = await mb.graph.call<{ value: ScheduleInformation[] }>({
    method: "POST",
    path: graphPath`${mb.root}/calendar/getSchedule`,
    body: {
      schedules: request.schedules,
      startTime: request.start,
      endTime: request.end,
      availabilityViewInterval: request.interval,
    },
    headers: preferZone(request.start.timeZone),
  });
  return page.value;
}
