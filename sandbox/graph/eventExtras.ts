import { GraphError, badRequest, sendEmpty, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import type { Attendee, Mailbox, Recipient, StoredEvent } from "../store";
import { dateTimeTimeZone, instantOf, preferredZone } from "../timezones";
import { odataContext, readActionParameters } from "./common";
import { answerDelta, roundOf, type DeltaItem, type DeltaSource } from "./deltaRounds";
import {
  EVENT_ITEMS,
  calendarsOf,
  eventBody,
  eventChanged,
  eventJson,
  eventsIn,
  findEvent,
  invite,
  recordForward,
  windowOf,
} from "./events";
import { parseSelect } from "./odata";

/**
 * What a calendar offers beyond its events' CRUD: forwarding a meeting, dismissing and snoozing
 * reminders, the reminder view, and delta rounds over events and calendar views.
 */

const EVENT = "microsoft.graph.event";

function forward(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "write");
  const { ev } = findEvent(ctx, mailbox);
  const params = readActionParameters(ctx, EVENT, "forward");
  const to = (params.toRecipients as Recipient[] | undefined) ?? [];
  if (!to.length)
    throw new GraphError(400, "ErrorInvalidRecipients", "At least one recipient is required to forward a meeting.");
  const attendees: Attendee[] = to.map((r) => ({
    type: "optional",
    status: { response: "none", time: "0001-01-01T00:00:00Z" },
    emailAddress: { name: r.emailAddress?.name, address: String(r.emailAddress?.address ?? "") },
  }));
  invite(ctx, user, ev, attendees);
  recordForward(ctx, user, ev, attendees, typeof params.comment === "string" ? params.comment : "");
  sendEmpty(ctx.res, 202);
}

/** An event's or one occurrence's reminder, as snoozed or dismissed (undefined: as the event's lead time says). */
function reminderOf(ev: StoredEvent, occurrence?: { start: number }): number | null | undefined {
  return occurrence ? ev.occurrenceReminders?.[String(occurrence.start)] : ev.reminderAt;
}

/** Snoozes (a time) or dismisses (null) the reminder of the event, or of only the occurrence the id names. */
function setReminder(ev: StoredEvent, occurrence: { start: number } | undefined, at: number | null): void {
  if (occurrence) ev.occurrenceReminders = { ...ev.occurrenceReminders, [String(occurrence.start)]: at };
  else ev.reminderAt = at;
}

function dismissReminder(ctx: RouteContext): void {
  const { mailbox } = calendarsOf(ctx, "write");
  const { ev, occurrence } = findEvent(ctx, mailbox);
  setReminder(ev, occurrence, null);
  eventChanged(ctx, mailbox, ev);
  sendEmpty(ctx.res, 200);
}

function snoozeReminder(ctx: RouteContext): void {
  const { mailbox } = calendarsOf(ctx, "write");
  const { ev, occurrence } = findEvent(ctx, mailbox);
  const params = readActionParameters(ctx, EVENT, "snoozeReminder");
  if (!params.newReminderTime) throw badRequest("newReminderTime is required.", "ErrorInvalidParameter");
  const at = instantOf(params.newReminderTime as { dateTime?: string; timeZone?: string }, "newReminderTime");
  setReminder(ev, occurrence, at);
  eventChanged(ctx, mailbox, ev);
  sendEmpty(ctx.res, 200);
}

/** When an event's (or occurrence's) reminder fires: as snoozed, never once dismissed, else its lead before start. */
function fireTime(ev: StoredEvent, occurrence: { start: number } | undefined, start: number): number | undefined {
  const set = reminderOf(ev, occurrence);
  if (!ev.isReminderOn || set === null) return undefined;
  return set ?? start - ev.reminderMinutesBeforeStart * 60_000;
}

/**
 * `reminderView(startDateTime='…',endDateTime='…')`: the reminders of events in the window, one per
 * occurrence of a series, each naming the event (or the occurrence) it reminds of.
 */
function reminderView(ctx: RouteContext): void {
  const { mailbox } = calendarsOf(ctx, "read");
  const args = ctx.params.args ?? "";
  const arg = (name: string) => new RegExp(`${name}\\s*=\\s*'([^']*)'`, "i").exec(args)?.[1];
  const { from, to } = windowOf(ctx, { start: arg("startDateTime"), end: arg("endDateTime") });
  const zone = preferredZone(ctx.req.headers.prefer as string | undefined);
  const value = eventsIn(mailbox, undefined, from, to).flatMap(({ ev, occurrence }) => {
    const start = occurrence?.start ?? ev.start;
    const fire = fireTime(ev, occurrence, start);
    if (fire === undefined || ev.isCancelled) return [];
    const json = eventJson(ev, zone, occurrence);
    return [
      {
        eventId: json.id,
        eventStartTime: dateTimeTimeZone(start, zone),
        eventEndTime: dateTimeTimeZone(occurrence?.end ?? ev.end, zone),
        changeKey: ev.changeKey,
        eventSubject: ev.subject,
        eventLocation: { displayName: ev.location.displayName, locationType: "default", uniqueIdType: "unknown" },
        eventWebLink: json.webLink,
        reminderFireTime: dateTimeTimeZone(fire, zone),
      },
    ];
  });
  sendJson(ctx.res, 200, { "@odata.context": odataContext(ctx, "Collection(microsoft.graph.reminder)"), value });
}

/** The calendar a delta path names: one by id, the default one (/calendar/...), or all of them. */
function deltaCalendar(ctx: RouteContext, mb: Mailbox): string | undefined {
  if (ctx.params["calendar-id"] !== undefined) return ctx.params["calendar-id"];
  return /\/calendar\//i.test(new URL(ctx.req.url ?? "/", "http://x").pathname)
    ? [...mb.calendars.values()].find((c) => c.isDefaultCalendar)?.id
    : undefined;
}

/** Delta over a calendar view (occurrences in a window kept by the round) or over events (series masters). */
function eventDelta(view: boolean) {
  return (ctx: RouteContext): void => {
    const { mailbox } = calendarsOf(ctx, "read");
    const calendarId = deltaCalendar(ctx, mailbox);
    const zone = preferredZone(ctx.req.headers.prefer as string | undefined);
    const select = parseSelect(ctx.query, EVENT);
    const scope = `${mailbox.userId}|${view ? "calendarView" : "events"}|${calendarId ?? "*"}`;
    const named = (name: string) => [...ctx.query].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    const options: Record<string, string> = {};
    if (select) options.select = select.join(",");
    if (view && !named("$skiptoken") && !named("$deltatoken")) {
      windowOf(ctx);
      options.start = named("startDateTime")!;
      options.end = named("endDateTime")!;
    }
    const source: DeltaSource = {
      scope,
      odataType: "#microsoft.graph.event",
      context: "Collection(event)",
      items: (state) => {
        const shown = (ev: StoredEvent, occurrence?: { start: number; end: number }, i = 0): DeltaItem => ({
          id: ev.id,
          // Occurrences of one series share its sequence: each takes a fraction just below it, so paging
          // can stop between them and the next round (which starts at a whole sequence) does not repeat them.
          seq: (ev.seq ?? 0) - 1 + (i + 1) / 1_000_000,
          json: eventBody(ctx, eventJson(ev, zone, occurrence)),
        });
        if (!view)
          return [...mailbox.events.values()]
            .filter((e) => !calendarId || e.calendarId === calendarId)
            .map((e) => shown(e));
        const { from, to } = windowOf(ctx, { start: state.o?.start, end: state.o?.end });
        return eventsIn(mailbox, calendarId, from, to).map(({ ev, occurrence }, i) => shown(ev, occurrence, i));
      },
      removed: () => mailbox.removals.filter((r) => r.kind === "event" && (!calendarId || r.scope === calendarId)),
    };
    answerDelta(ctx, mailbox, source, roundOf(ctx, mailbox, scope, options));
  };
}

export function registerEventExtraRoutes(router: Router): void {
  for (const item of EVENT_ITEMS) {
    router.add("graph", "POST", `${item}/forward`, forward);
    router.add("graph", "POST", `${item}/dismissReminder`, dismissReminder);
    router.add("graph", "POST", `${item}/snoozeReminder`, snoozeReminder);
  }
  router.add("graph", "GET", "/users/{user-id}/reminderView({args})", reminderView);
  for (const base of ["/users/{user-id}", "/users/{user-id}/calendar", "/users/{user-id}/calendars/{calendar-id}"]) {
    router.add("graph", "GET", `${base}/calendarView/delta`, eventDelta(true));
    router.add("graph", "GET", `${base}/events/delta`, eventDelta(false));
  }
}
