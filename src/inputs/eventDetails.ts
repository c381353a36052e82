import { input } from "@prismatic-io/spectral";
import type { Attendee, PatternedRecurrence } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyNullError } from "../errors";
import { cleanChoice, cleanChoices, cleanWholeNumber } from "./clean";
import { choice, choices, isBlank, picklist, wholeNumber } from "./common";
import { parseRecipients, recipientFrom } from "./recipients";
import { calendarDate } from "./times";
import type { TimedValue } from "./timezones";

/** An event's attendees (a list and a data collection, merged) and its recurrence (the Repeat inputs). */

export const ATTENDEE_TYPES = ["required", "optional", "resource"] as const;
export const RECURRENCE_TYPES = [
  "none",
  "daily",
  "weekly",
  "absoluteMonthly",
  "relativeMonthly",
  "absoluteYearly",
  "relativeYearly",
] as const;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;
const INDEXES = ["first", "second", "third", "fourth", "last"] as const;
export const attendeeInputs = {
  attendees: input({
    label: "Attendees",
    type: "string",
    collection: "valuelist",
    required: false,
    placeholder: "alexw@contoso.com, Megan Bowen <meganb@contoso.com>",
    comments:
      "Addresses, each optionally 'Name <address>': a list, or text with the addresses separated by ',' or ';'. " +
      "They get the event on their calendars with an invitation.",
  }),
  attendeeType: input({
    label: "Type",
    type: "string",
    model: picklist(ATTENDEE_TYPES),
    default: "required",
    required: false,
    comments: "The attendee type for Attendees (a room or equipment is a resource).",
    clean: cleanChoice("attendeeType", ATTENDEE_TYPES),
  }),
  attendeesDataCollection: input({
    label: "Attendees Data Collection",
    type: "code",
    language: "json",
    required: false,
    comments:
      'References to attendee structures: [{"emailAddress":{"address":"a@b.com","name":"A"},"type":"optional"}] or ' +
      '["a@b.com"]. Merged with Attendees, without duplicates.',
  }),
};

export const recurrenceInputs = {
  recurrenceType: input({
    label: "Repeat",
    type: "string",
    model: picklist(RECURRENCE_TYPES),
    default: "none",
    required: false,
    comments:
      "Make the event a series: every day, every week, on a day of the month (absolute) or a weekday of a week " +
      "(relative) each month or year. The series starts on the start date.",
    clean: cleanChoice("recurrenceType", RECURRENCE_TYPES),
  }),
  recurrenceInterval: input({
    label: "Repeat Every",
    type: "string",
    default: "1",
    required: false,
    comments: "Interval in days, weeks, months or years (1 to 99).",
    clean: cleanWholeNumber("recurrenceInterval", 1, 99),
  }),
  recurrenceDaysOfWeek: input({
    label: "Repeat On Days",
    type: "string",
    collection: "valuelist",
    model: picklist(WEEKDAYS),
    required: false,
    comments: "For weekly patterns (the start's weekday when empty) and relative ones (required there).",
    clean: cleanChoices("recurrenceDaysOfWeek", WEEKDAYS),
  }),
  recurrenceDayOfMonth: input({
    label: "Repeat On Day of Month",
    type: "string",
    required: false,
    comments: "For absolute monthly and yearly patterns (1 to 31); the start's day when empty.",
    clean: cleanWholeNumber("recurrenceDayOfMonth", 1, 31),
  }),
  recurrenceMonth: input({
    label: "Repeat In Month",
    type: "string",
    required: false,
    comments: "For yearly patterns (1 to 12); the start's month when empty.",
    clean: cleanWholeNumber("recurrenceMonth", 1, 12),
  }),
  recurrenceIndex: input({
    label: "Repeat On Week",
    type: "string",
    model: picklist(INDEXES),
    required: false,
    comments: "For relative patterns: which week of the month (first when empty).",
    clean: cleanChoice("recurrenceIndex", INDEXES),
  }),
  recurrenceEndDate: input({
    label: "Repeat Until",
    type: "string",
    required: false,
    placeholder: "2026-12-31",
    comments:
      "Last date (yyyy-MM-dd), not before the start. Leave empty with no count to repeat forever; not with Number " +
      "of Occurrences.",
  }),
  recurrenceCount: input({
    label: "Number of Occurrences",
    type: "string",
    required: false,
    comments: "How many times the series happens (1 to 999); not with Repeat Until.",
    clean: cleanWholeNumber("recurrenceCount", 1, 999),
  }),
};

/** The data collection: a list, or JSON text holding one (a single attendee is a list of one). */
function asList(property: string, value: unknown): unknown[] {
  if (isBlank(value)) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      throw new ArgumentError(property, `'${property}' must be a JSON array of attendees.`);
    }
  }
  return [value];
}

interface AttendeeFields {
  emailAddress?: { address?: unknown; name?: unknown };
  address?: unknown;
  name?: unknown;
  type?: unknown;
}

/** One item of the data collection: an address list (text), or an attendee structure. */
function collectionItem(where: string, item: unknown, type: Attendee["type"]): Attendee[] {
  if (typeof item === "string")
    return parseRecipients(where, item, true).map((r) => ({ type, emailAddress: r.emailAddress }));
  if (typeof item !== "object" || item === null || Array.isArray(item))
    throw new ArgumentError(where, `'${where}' must be an address or {"emailAddress":{"address","name"},"type"}.`);
  const obj = item as AttendeeFields;
  const fields = obj.emailAddress && typeof obj.emailAddress === "object" ? obj.emailAddress : obj;
  const at = obj.emailAddress ? `${where}.emailAddress` : where;
  const r = recipientFrom(at, fields.address, fields.name);
  return [
    { type: choice(`${where}.type`, obj.type, ATTENDEE_TYPES, type ?? "required"), emailAddress: r.emailAddress },
  ];
}

/** Attendees from the list and the data collection, merged without duplicate addresses. */
export function readAttendees(params: Record<string, unknown>): Attendee[] | undefined {
  const type = choice("attendeeType", params.attendeeType, ATTENDEE_TYPES, "required");
  const out: Attendee[] = [];
  const add = (a: Attendee) => {
    const address = a.emailAddress!.address!.toLowerCase();
    if (!out.some((o) => o.emailAddress!.address!.toLowerCase() === address)) out.push(a);
  };
  for (const r of parseRecipients("attendees", params.attendees, false)) add({ type, emailAddress: r.emailAddress });
  asList("attendeesDataCollection", params.attendeesDataCollection).forEach((item, i) =>
    collectionItem(`attendeesDataCollection[${i}]`, item, type).forEach(add),
  );
  return out.length || !isBlank(params.attendees) || !isBlank(params.attendeesDataCollection) ? out : undefined;
}

/** A patternedRecurrence from the Repeat inputs, starting on the event's start date, in its zone. */
export function readRecurrence(
  params: Record<string, unknown>,
  start: TimedValue,
): PatternedRecurrence | null | undefined {
  const type = choice("recurrenceType", params.recurrenceType, RECURRENCE_TYPES, "none");
  if (type === "none") return isBlank(params.recurrenceType) ? undefined : null;
  const interval = wholeNumber("recurrenceInterval", params.recurrenceInterval, 1, 99) ?? 1;
  const days = choices("recurrenceDaysOfWeek", params.recurrenceDaysOfWeek, WEEKDAYS);
  const startDate = start.dateTime.slice(0, 10);
  const weekday = WEEKDAYS[new Date(`${startDate}T00:00:00Z`).getUTCDay()];
  const pattern: PatternedRecurrence["pattern"] = { type, interval };
  if (type === "weekly") pattern.daysOfWeek = days.length ? days : [weekday];
  if (type === "relativeMonthly" || type === "relativeYearly") {
    if (!days.length) throw new PropertyNullError("recurrenceDaysOfWeek", `A ${type} pattern needs Repeat On Days.`);
    pattern.daysOfWeek = days;
    pattern.index = choice("recurrenceIndex", params.recurrenceIndex, INDEXES, "first");
  }
  if (type === "absoluteMonthly" || type === "absoluteYearly")
    pattern.dayOfMonth =
      wholeNumber("recurrenceDayOfMonth", params.recurrenceDayOfMonth, 1, 31) ?? Number(startDate.slice(8, 10));
  if (type === "absoluteYearly" || type === "relativeYearly")
    pattern.month = wholeNumber("recurrenceMonth", params.recurrenceMonth, 1, 12) ?? Number(startDate.slice(5, 7));
  const endDate = calendarDate("recurrenceEndDate", params.recurrenceEndDate);
  const count = wholeNumber("recurrenceCount", params.recurrenceCount, 1, 999);
  if (endDate !== undefined && endDate < startDate)
    throw new ArgumentError(
      "recurrenceEndDate",
      `'recurrenceEndDate' (${endDate}) is before the event's start (${startDate}).`,
    );
  if (endDate !== undefined && count !== undefined)
    throw new ArgumentError("recurrenceCount", "Give Repeat Until or Number of Occurrences, not both.");
  const range: PatternedRecurrence["range"] = endDate
    ? { type: "endDate", startDate, endDate, recurrenceTimeZone: start.timeZone }
    : count
      ? { type: "numbered", startDate, numberOfOccurrences: count, recurrenceTimeZone: start.timeZone }
      : { type: "noEnd", startDate, recurrenceTimeZone: start.timeZone };
  return { pattern, range };
}
