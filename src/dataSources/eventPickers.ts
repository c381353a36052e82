import { dataSource } from "@prismatic-io/spectral";
import type { Event } from "@microsoft/microsoft-graph-types";
import * as events from "../graph/events";
import { openMailbox } from "../graph/mailbox";
import { connectionInput, mailboxInput } from "../inputs/common";
import { calendarIdInput } from "../inputs/events";
import { optionalItemRef } from "../inputs/ids";
import { dayOf, orNone, utcMinutes } from "./labels";

/** "Team sync — 2026-11-23 09:30 UTC", or "Offsite — 2026-11-23 (all day)". */
export function eventLabel(e: Event): string {
  const start = e.isAllDay ? `${dayOf(e.start?.dateTime)} (all day)` : utcMinutes(e.start?.dateTime);
  return `${orNone(e.subject, "(no subject)")} — ${start}`;
}

/** An event picker: the calendar's next events, occurrences of recurring series included, soonest first. */
export const selectEvent = dataSource({
  display: {
    label: "Select Event",
    description:
      `Pick one of the next ${events.PICKER_EVENTS} events of a calendar (the default calendar when none is ` +
      `given) within ${events.PICKER_DAYS_AHEAD} days; each occurrence of a recurring series is listed.`,
  },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput, calendarId: calendarIdInput(false) },
  perform: async (_context, params) => {
    const calendar = optionalItemRef("calendarId", params.calendarId);
    const mb = openMailbox(params.connection, params.mailbox);
    const found = await events.upcomingForPicker(mb, calendar, Date.now());
    return { result: found.map((e) => ({ key: e.id!, label: eventLabel(e) })) };
  },
});
