import { DateTime } from "luxon";
import { badRequest, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import type { Mailbox, SeedUser } from "../store";
import { dateTimeTimeZone, instantOf, preferredZone, toIana } from "../timezones";
import { mailboxOf, odataContext, readActionParameters } from "./common";
import { eventsIn } from "./events";

/**
 * findMeetingTimes from real free/busy: the organizer's, each attendee's and each room's calendar
 * (rooms are mailboxes), within the requested time slots and, for work meetings, the organizer's
 * working hours. A slot is suggested when enough attendees are free (minimumAttendeePercentage),
 * the organizer is (unless optional) and, when a location is required, one of the rooms is.
 */

type Availability = "free" | "tentative" | "busy" | "oof" | "workingElsewhere" | "unknown";
const RANK: Record<string, number> = { free: 0, workingElsewhere: 1, tentative: 2, busy: 3, oof: 4 };

interface Person {
  type: string;
  emailAddress: { name?: string; address: string };
}

interface Room {
  displayName: string;
  locationEmailAddress?: string;
  resolveAvailability: boolean;
}

/** An ISO 8601 duration ("PT1H", "PT30M", "P1DT2H") in ms. */
function duration(raw: unknown): number {
  if (raw === undefined || raw === null) return 30 * 60_000;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(String(raw));
  if (!m || m[0] === "P" || m[0] === "PT")
    throw badRequest(`meetingDuration '${String(raw)}' is not an ISO 8601 duration.`);
  const [d, h, min, s] = m.slice(1).map((v) => Number(v ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** What a mailbox's calendar says of a time range; unknown for addresses no mailbox here owns. */
function availability(ctx: RouteContext, tenantId: string, address: string, from: number, to: number): Availability {
  const owner = ctx.store.findByAddress(address);
  const mb = owner && owner.tenantId === tenantId ? ctx.store.mailboxes.get(owner.id) : undefined;
  if (!mb) return "unknown";
  return calendarStatus(ctx, mb, from, to);
}

function calendarStatus(ctx: RouteContext, mb: Mailbox, from: number, to: number): Availability {
  const busy = eventsIn(mb, ctx.store.defaultCalendar(mb).id, from, to).filter(
    ({ ev }) => !ev.isCancelled && ev.responseStatus.response !== "declined",
  );
  let worst: Availability = "free";
  for (const { ev } of busy) if ((RANK[ev.showAs] ?? 3) > RANK[worst]) worst = ev.showAs as Availability;
  return worst;
}

/** Whether a candidate lies within the organizer's working hours (days, start and end in its zone). */
function inWorkingHours(mb: Mailbox, from: number, to: number): boolean {
  const hours = mb.settings.workingHours as
    { daysOfWeek: string[]; startTime: string; endTime: string; timeZone?: { name?: string } } | undefined;
  if (!hours) return true;
  const zone = toIana(hours.timeZone?.name ?? "UTC") ?? "UTC";
  const start = DateTime.fromMillis(from, { zone });
  const end = DateTime.fromMillis(to, { zone });
  if (!start.hasSame(end.minus({ milliseconds: 1 }), "day")) return false;
  const day = start.setLocale("en-US").toFormat("cccc").toLowerCase();
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const startMin = start.hour * 60 + start.minute;
  const endMin = startMin + (to - from) / 60_000;
  return hours.daysOfWeek.includes(day) && startMin >= minutes(hours.startTime) && endMin <= minutes(hours.endTime);
}

interface Request {
  organizer: SeedUser;
  organizerMb: Mailbox;
  attendees: Person[];
  rooms: Room[];
  locationRequired: boolean;
  work: boolean;
  organizerOptional: boolean;
  minimumPercent: number;
}

function suggestionAt(ctx: RouteContext, r: Request, from: number, to: number, zone: string) {
  const tenant = r.organizer.tenantId;
  const attendeeAvailability = r.attendees.map((a) => ({
    attendee: { type: a.type, emailAddress: a.emailAddress },
    availability: availability(ctx, tenant, a.emailAddress.address, from, to),
  }));
  const organizerAvailability = calendarStatus(ctx, r.organizerMb, from, to);
  const free = attendeeAvailability.filter((a) => a.availability === "free").length;
  const confidence = r.attendees.length ? (100 * free) / r.attendees.length : 100;
  const rooms = r.rooms.filter(
    (room) =>
      !room.resolveAvailability ||
      !room.locationEmailAddress ||
      availability(ctx, tenant, room.locationEmailAddress, from, to) === "free",
  );
  const ok =
    confidence >= r.minimumPercent &&
    (r.organizerOptional || organizerAvailability === "free") &&
    (!r.locationRequired || rooms.length > 0);
  if (!ok) return undefined;
  return {
    confidence,
    organizerAvailability,
    attendeeAvailability,
    locations: rooms.map((room) => ({
      displayName: room.displayName,
      locationEmailAddress: room.locationEmailAddress ?? "",
    })),
    meetingTimeSlot: { start: dateTimeTimeZone(from, zone), end: dateTimeTimeZone(to, zone) },
    suggestionReason:
      free === r.attendees.length
        ? "Suggested because it is one of the nearest times when all attendees are available."
        : "",
  };
}

function readRequest(ctx: RouteContext, user: SeedUser, mb: Mailbox, params: Record<string, unknown>): Request {
  const constraint = (params.locationConstraint ?? {}) as {
    isRequired?: boolean;
    suggestLocation?: boolean;
    locations?: Room[];
  };
  let rooms = (constraint.locations ?? []).map((l) => ({ ...l, resolveAvailability: l.resolveAvailability !== false }));
  if (!rooms.length && constraint.suggestLocation)
    rooms = ctx.store.places
      .filter((p) => p["@odata.type"] === "microsoft.graph.room" && p.tenantId === user.tenantId)
      .map((p) => ({ displayName: p.displayName, locationEmailAddress: p.emailAddress, resolveAvailability: true }));
  const time = (params.timeConstraint ?? {}) as { activityDomain?: string };
  return {
    organizer: user,
    organizerMb: mb,
    attendees: ((params.attendees as Person[] | undefined) ?? []).map((a) => ({
      type: a.type ?? "required",
      emailAddress: a.emailAddress,
    })),
    rooms,
    locationRequired: constraint.isRequired === true,
    work: (time.activityDomain ?? "work") === "work",
    organizerOptional: params.isOrganizerOptional === true,
    minimumPercent: typeof params.minimumAttendeePercentage === "number" ? params.minimumAttendeePercentage : 50,
  };
}

function findMeetingTimes(ctx: RouteContext): void {
  const { user, mailbox } = mailboxOf(ctx, "read", "calendar");
  const params = readActionParameters(ctx, "microsoft.graph.user", "findMeetingTimes", { required: false });
  const zone = preferredZone(ctx.req.headers.prefer as string | undefined);
  const length = duration(params.meetingDuration);
  const max = typeof params.maxCandidates === "number" ? params.maxCandidates : 20;
  const r = readRequest(ctx, user, mailbox, params);
  const slots = (
    (params.timeConstraint as { timeSlots?: { start: object; end: object }[] } | undefined)?.timeSlots ?? []
  ).map((s) => ({ from: instantOf(s.start, "start"), to: instantOf(s.end, "end") }));
  if (!slots.length) {
    const now = Math.ceil(ctx.clock.now() / 1_800_000) * 1_800_000;
    slots.push({ from: now, to: now + 2 * 24 * 3600_000 });
  }
  const suggestions: Record<string, unknown>[] = [];
  for (const slot of slots) {
    for (let t = slot.from; t + length <= slot.to && suggestions.length < max; t += 30 * 60_000) {
      if (r.work && !inWorkingHours(mailbox, t, t + length)) continue;
      const s = suggestionAt(ctx, r, t, t + length, zone);
      if (s) suggestions.push({ ...s, order: suggestions.length + 1 });
    }
  }
  sendJson(ctx.res, 200, {
    "@odata.context": odataContext(ctx, "microsoft.graph.meetingTimeSuggestionsResult"),
    emptySuggestionsReason: suggestions.length
      ? ""
      : r.attendees.length
        ? "attendeesUnavailable"
        : "organizerUnavailable",
    meetingTimeSuggestions: suggestions,
  });
}

export function registerMeetingTimeRoutes(router: Router): void {
  router.add("graph", "POST", "/users/{user-id}/findMeetingTimes", findMeetingTimes);
}
