import { createHash } from "node:crypto";
import { input, pollingTrigger } from "@prismatic-io/spectral";
import type { Event } from "@microsoft/microsoft-graph-types";
import * as events from "../graph/events";
import { openMailbox } from "../graph/mailbox";
import { connectionInput, flag, mailboxInput, wholeNumber } from "../inputs/common";
import { calendarIdInput } from "../inputs/events";
import { cleanWholeNumber } from "../inputs/clean";
import { optionalItemRef } from "../inputs/ids";
import { instantOfGraph, timeZoneInput, zone } from "../inputs/timezones";
import { publicPayload } from "../webhooks/request";

/**
 * Events starting soon, by polling the calendar view (Graph has no notification for it). Each poll
 * reads the events starting from the previous poll (so one the schedule missed is still caught, at
 * most a day late) up to the lead time ahead, and emits each occurrence (its id and start) once:
 * recurring series per occurrence, a moved event again at its new time. The state is the last poll's
 * time and a print of each occurrence emitted that has not started yet, so it holds no more than
 * the events within one lead time.
 */

export const MAX_LEAD_MINUTES = 10080;
/** How far back a poll looks when the previous one is long gone (the schedule stopped, the flow was off). */
export const MAX_CATCH_UP_MS = 24 * 3600_000;
/** Occurrences remembered at most (about 25 characters each): more than this many within the lead time are cut. */
export const MAX_EMITTED_PRINTS = 5000;

interface SoonState {
  /** The mailbox and calendar polled: another one starts over. */
  scope?: string;
  /** When the last poll looked (ms). */
  lastPoll?: number;
  /** "print.startSeconds(base 36)" of occurrences emitted that had not started at the last poll. */
  emitted?: string[];
}

const print = (id: string, start: number) =>
  createHash("sha256").update(`${id}|${start}`).digest("base64url").slice(0, 16);

interface Starting {
  event: Event;
  start: number;
  key: string;
}

/** The occurrences of the view that start within [from, until], not cancelled, each with its print. */
function startingIn(view: Event[], from: number, until: number, includeCancelled: boolean): Starting[] {
  return view
    .flatMap((event) => {
      const start = instantOfGraph(event.start);
      if (start === undefined || !event.id || start < from || start > until) return [];
      if (event.isCancelled && !includeCancelled) return [];
      return [{ event, start, key: print(event.id, start) }];
    })
    .sort((a, b) => a.start - b.start);
}

/** The state after this poll: emitted occurrences that have not started by `now`, soonest first, bounded. */
function nextEmitted(before: string[], fresh: Starting[], now: number): string[] {
  const entries = [...before, ...fresh.map((s) => `${s.key}.${Math.floor(s.start / 1000).toString(36)}`)];
  const upcoming = entries.filter((e) => parseInt(e.split(".")[1] ?? "", 36) * 1000 >= now);
  upcoming.sort((a, b) => parseInt(a.split(".")[1], 36) - parseInt(b.split(".")[1], 36));
  return upcoming.slice(0, MAX_EMITTED_PRINTS);
}

export const eventStartingSoon = pollingTrigger({
  display: {
    label: "Event Starting Soon (Polling)",
    description:
      "Checks a calendar on a schedule and emits each event once when it starts within the lead time: recurring " +
      "meetings once per occurrence, a rescheduled one again at its new time. An event the schedule missed (it " +
      "started since the previous poll, up to a day back) is emitted late rather than never, with a negative " +
      "minutesUntilStart. Schedule it more often than the lead time. Needs Calendars.Read.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(false, "The calendar to watch; the mailbox's calendar view when empty."),
    leadMinutes: input({
      label: "Lead Time (minutes)",
      type: "string",
      default: "15",
      required: false,
      comments: `Emit events starting within this many minutes (1 to ${MAX_LEAD_MINUTES}); 15 when empty.`,
      clean: cleanWholeNumber("leadMinutes", 1, MAX_LEAD_MINUTES),
    }),
    timeZone: timeZoneInput(
      "Time Zone",
      "The Windows or IANA zone of the events' times in the output (UTC by default).",
    ),
    includeCancelled: input({
      label: "Include Cancelled",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Also emit meetings the organizer cancelled (they stay on attendees' calendars until removed).",
    }),
  },
  perform: async (context, payload, params) => {
    const lead = wholeNumber("leadMinutes", params.leadMinutes, 1, MAX_LEAD_MINUTES) ?? 15;
    const output = zone("timeZone", params.timeZone).graph;
    const includeCancelled = flag("includeCancelled", params.includeCancelled, false);
    const mb = openMailbox(params.connection, params.mailbox);
    const calendar = optionalItemRef("calendarId", params.calendarId);
    const scope = `${String(mb.root)}|${calendar?.id ?? ""}`;
    const state = (context.polling.getState() ?? {}) as SoonState;
    const known = state.scope === scope ? state : {};
    const now = Date.now();
    const from = Math.max(known.lastPoll ?? now, now - MAX_CATCH_UP_MS);
    const until = now + lead * 60_000;
    const range = { start: new Date(from).toISOString(), end: new Date(until + 1).toISOString(), zone: output };
    const view = await events.calendarView(mb, calendar, range, { fetchAll: true });
    const seen = new Set((known.emitted ?? []).map((e) => e.split(".")[0]));
    const fresh = startingIn(view.value, from, until, includeCancelled).filter((s) => !seen.has(s.key));
    const emitted = nextEmitted(known.emitted ?? [], fresh, now);
    context.polling.setState({ scope, lastPoll: now, emitted } satisfies SoonState);
    const data = fresh.map((s) => ({ ...s.event, minutesUntilStart: Math.round((s.start - now) / 60_000) }));
    // What the flow sees carries no secret: the flows' webhook API keys and the invocation's raw body stay out.
    return { payload: publicPayload(payload, data), polledNoChanges: data.length === 0 };
  },
});
