import { input } from "@prismatic-io/spectral";
import type { AttendeeBase, LocationConstraintItem, TimeSlot } from "@microsoft/microsoft-graph-types";
import { ArgumentError } from "../errors";
import { cleanChoice, cleanWholeNumber } from "./clean";
import { choice, flag, isBlank, picklist, wholeNumber } from "./common";
import { parseRecipients } from "./recipients";
import { timeZoneInput, timed, zone } from "./timezones";

/** Find Meeting Times' inputs and the request they make, checked before any request. */

export const ACTIVITY_DOMAINS = ["work", "personal", "unrestricted"] as const;
/** Rooms considered at most: each is a calendar Graph reads for every candidate slot. */
export const MAX_ROOMS = 100;
const addressList = (label: string, comments: string) =>
  input({ label, type: "string", collection: "valuelist", required: false, comments });

export const meetingTimeInputs = {
  attendees: addressList(
    "Attendees",
    "People who must attend: addresses, each optionally 'Name <address>'. Their calendars are read for free/busy.",
  ),
  optionalAttendees: addressList("Optional Attendees", "People who may attend: addresses, as for Attendees."),
  durationMinutes: input({
    label: "Duration (minutes)",
    type: "string",
    default: "30",
    required: false,
    comments: "How long the meeting lasts, 5 to 1440 minutes (30 when empty).",
    clean: cleanWholeNumber("durationMinutes", 5, 1440),
  }),
  activityDomain: input({
    label: "Time Constraint",
    type: "string",
    model: picklist(ACTIVITY_DOMAINS),
    default: "work",
    required: false,
    clean: cleanChoice("activityDomain", ACTIVITY_DOMAINS),
    comments:
      "work: only within the organizer's working hours (mailbox settings); personal: also outside them, on any day; " +
      "unrestricted: any time at all.",
  }),
  windowStart: input({
    label: "Window Start",
    type: "string",
    required: false,
    placeholder: "2026-12-01T08:00:00",
    comments:
      "Earliest start to consider, ISO 8601 without offset (e.g. 2026-12-01T08:00:00). With Window End; without " +
      "both, Graph looks at the coming days.",
  }),
  windowEnd: input({
    label: "Window End",
    type: "string",
    required: false,
    placeholder: "2026-12-05T18:00:00",
    comments: "Latest end to consider, ISO 8601 without offset; after Window Start by at least the duration.",
  }),
  timeZone: timeZoneInput(
    "Time Zone",
    "The Windows or IANA zone of the window and of the times suggested (UTC when empty).",
  ),
  rooms: addressList(
    "Rooms",
    "Room mailboxes to consider, at most 100 (List Rooms gives their addresses), each optionally 'Name <address>'. " +
      "Each suggestion names the ones free for its whole slot.",
  ),
  roomRequired: input({
    label: "Room Required",
    type: "boolean",
    default: "false",
    required: false,
    comments: "Only suggest times when at least one of the rooms (given, or suggested by Graph) is free.",
  }),
  suggestRooms: input({
    label: "Suggest Rooms",
    type: "boolean",
    default: "false",
    required: false,
    comments: "When no Rooms are given, let Graph consider the tenant's rooms (needs Place.Read.All for listing).",
  }),
  minimumAttendeePercentage: input({
    label: "Minimum Attendee Percentage",
    type: "string",
    required: false,
    comments: "Least share of attendees (0 to 100) free in a suggested slot; Graph's default is 50. 100: all free.",
    placeholder: "50",
    clean: cleanWholeNumber("minimumAttendeePercentage", 0, 100),
  }),
  organizerOptional: input({
    label: "Organizer Optional",
    type: "boolean",
    default: "false",
    required: false,
    comments: "Suggest times when the organizer (this mailbox) is busy too.",
  }),
  maxCandidates: input({
    label: "Max Candidates",
    type: "string",
    required: false,
    comments: "At most this many suggestions (1 to 1000); Graph's default when empty.",
    clean: cleanWholeNumber("maxCandidates", 1, 1000),
  }),
};

/** Graph's findMeetingTimes body, and the zone to answer in. */
export interface MeetingTimesRequest {
  body: {
    attendees: AttendeeBase[];
    meetingDuration: string;
    timeConstraint: { activityDomain: string; timeSlots?: TimeSlot[] };
    locationConstraint?: { isRequired: boolean; suggestLocation: boolean; locations: LocationConstraintItem[] };
    minimumAttendeePercentage?: number;
    isOrganizerOptional: boolean;
    maxCandidates?: number;
    returnSuggestionReasons: boolean;
  };
  zone: string;
}

/** "PT1H30M": a duration in minutes as ISO 8601, as Graph's meetingDuration takes it. */
function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}`;
}

/** Required and optional attendees, each address once (required wins). */
function readAttendees(params: Record<string, unknown>): AttendeeBase[] {
  const out: AttendeeBase[] = [];
  const add = (type: "required" | "optional", property: string) => {
    for (const r of parseRecipients(property, params[property], false)) {
      const address = r.emailAddress!.address!.toLowerCase();
      if (!out.some((a) => a.emailAddress!.address!.toLowerCase() === address))
        out.push({ type, emailAddress: r.emailAddress });
    }
  };
  add("required", "attendees");
  add("optional", "optionalAttendees");
  return out;
}

/** The window as one time slot, both ends given (or neither), long enough for the meeting. */
function readWindow(params: Record<string, unknown>, minutes: number): TimeSlot[] | undefined {
  const given = [params.windowStart, params.windowEnd].map((v) => !isBlank(v));
  if (!given[0] && !given[1]) {
    zone("timeZone", params.timeZone);
    return undefined;
  }
  if (!given[0] || !given[1]) {
    const missing = given[0] ? "windowEnd" : "windowStart";
    throw new ArgumentError(missing, `Give both 'windowStart' and 'windowEnd', or neither ('${missing}' is empty).`);
  }
  const start = timed("windowStart", params.windowStart, "timeZone", params.timeZone);
  const end = timed("windowEnd", params.windowEnd, "timeZone", params.timeZone);
  if (end.instant - start.instant < minutes * 60_000)
    throw new ArgumentError(
      "windowEnd",
      `'windowEnd' must be at least the meeting's ${minutes} minutes after 'windowStart'.`,
    );
  return [
    {
      start: { dateTime: start.dateTime, timeZone: start.timeZone },
      end: { dateTime: end.dateTime, timeZone: end.timeZone },
    },
  ];
}

/** Rooms as location constraints: Graph checks each one's calendar when resolveAvailability is on. */
function readLocations(params: Record<string, unknown>) {
  const rooms = parseRecipients("rooms", params.rooms, false);
  if (rooms.length > MAX_ROOMS)
    throw new ArgumentError("rooms", `'rooms' may hold at most ${MAX_ROOMS} rooms (got ${rooms.length}).`);
  const isRequired = flag("roomRequired", params.roomRequired, false);
  const suggestLocation = flag("suggestRooms", params.suggestRooms, false);
  if (!rooms.length && !isRequired && !suggestLocation) return undefined;
  const locations: LocationConstraintItem[] = rooms.map((r) => ({
    resolveAvailability: true,
    displayName: r.emailAddress!.name ?? r.emailAddress!.address!,
    locationEmailAddress: r.emailAddress!.address!,
  }));
  return { isRequired, suggestLocation, locations };
}

/** Find Meeting Times' request, every input checked before any request. */
export function meetingTimesRequest(params: Record<string, unknown>): MeetingTimesRequest {
  const minutes = wholeNumber("durationMinutes", params.durationMinutes, 5, 1440) ?? 30;
  const activityDomain = choice("activityDomain", params.activityDomain, ACTIVITY_DOMAINS, "work");
  const timeSlots = readWindow(params, minutes);
  const percentage = wholeNumber("minimumAttendeePercentage", params.minimumAttendeePercentage, 0, 100);
  const maxCandidates = wholeNumber("maxCandidates", params.maxCandidates, 1, 1000);
  const locationConstraint = readLocations(params);
  return {
    body: {
      attendees: readAttendees(params),
      meetingDuration: isoDuration(minutes),
      timeConstraint: { activityDomain, ...(timeSlots ? { timeSlots } : {}) },
      ...(locationConstraint ? { locationConstraint } : {}),
      ...(percentage !== undefined ? { minimumAttendeePercentage: percentage } : {}),
      isOrganizerOptional: flag("organizerOptional", params.organizerOptional, false),
      ...(maxCandidates !== undefined ? { maxCandidates } : {}),
      returnSuggestionReasons: true,
    },
    zone: zone("timeZone", params.timeZone).graph,
  };
}
