import { DateTime } from "luxon";
import { GraphError } from "./http";
import { toIana } from "./timezones";

/**
 * Expands Graph's patternedRecurrence (daily, weekly, absolute/relative monthly and yearly; end
 * date, numbered or no end) into occurrences. Each occurrence keeps the series' local time of day
 * in the series' time zone, so a 09:00 meeting stays at 09:00 across a daylight-saving change.
 */

export interface Pattern {
  type: "daily" | "weekly" | "absoluteMonthly" | "relativeMonthly" | "absoluteYearly" | "relativeYearly";
  interval?: number;
  month?: number;
  dayOfMonth?: number;
  daysOfWeek?: string[];
  firstDayOfWeek?: string;
  index?: "first" | "second" | "third" | "fourth" | "last";
}

export interface Range {
  type: "endDate" | "noEnd" | "numbered";
  startDate: string;
  endDate?: string;
  numberOfOccurrences?: number;
  recurrenceTimeZone?: string;
}

export interface Recurrence {
  pattern: Pattern;
  range: Range;
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const INDEXES = ["first", "second", "third", "fourth"];
const MAX_DAYS = 366 * 50;

function bad(message: string): GraphError {
  return new GraphError(400, "ErrorInvalidRequest", `The recurrence is not valid: ${message}`);
}

/** Checks a recurrence's shape as Exchange would before storing it. */
export function checkRecurrence(r: Recurrence): void {
  const p = r.pattern;
  const g = r.range;
  if (!p || !g) throw bad("pattern and range are required.");
  if (!["daily", "weekly", "absoluteMonthly", "relativeMonthly", "absoluteYearly", "relativeYearly"].includes(p.type))
    throw bad(`unknown pattern type '${String(p.type)}'.`);
  if (p.interval !== undefined && (!Number.isInteger(p.interval) || p.interval < 1 || p.interval > 99))
    throw bad("interval must be 1 to 99.");
  if (["weekly", "relativeMonthly", "relativeYearly"].includes(p.type) && !p.daysOfWeek?.length)
    throw bad(`a ${p.type} pattern needs daysOfWeek.`);
  if ((p.daysOfWeek ?? []).some((d) => !WEEKDAYS.includes(d))) throw bad("daysOfWeek holds an unknown day.");
  if (
    ["absoluteMonthly", "absoluteYearly"].includes(p.type) &&
    !(p.dayOfMonth && p.dayOfMonth >= 1 && p.dayOfMonth <= 31)
  )
    throw bad("dayOfMonth must be 1 to 31.");
  if (["absoluteYearly", "relativeYearly"].includes(p.type) && !(p.month && p.month >= 1 && p.month <= 12))
    throw bad("month must be 1 to 12.");
  if (!DateTime.fromISO(g.startDate ?? "").isValid) throw bad("range.startDate must be a date (yyyy-MM-dd).");
  if (g.type === "endDate" && !(g.endDate && DateTime.fromISO(g.endDate).isValid && g.endDate >= g.startDate))
    throw bad("range.endDate must be a date on or after startDate.");
  if (g.type === "numbered" && !(Number.isInteger(g.numberOfOccurrences) && g.numberOfOccurrences! >= 1))
    throw bad("range.numberOfOccurrences must be at least 1.");
}

function matches(p: Pattern, first: DateTime, d: DateTime): boolean {
  const interval = p.interval ?? 1;
  const weekday = WEEKDAYS[d.weekday - 1];
  const months = (d.year - first.year) * 12 + (d.month - first.month);
  const relative = () => {
    if (!(p.daysOfWeek ?? []).includes(weekday)) return false;
    if (p.index === "last") return d.plus({ days: 7 }).month !== d.month;
    return Math.floor((d.day - 1) / 7) === INDEXES.indexOf(p.index ?? "first");
  };
  switch (p.type) {
    case "daily":
      return Math.round(d.diff(first, "days").days) % interval === 0;
    case "weekly": {
      if (!(p.daysOfWeek ?? []).includes(weekday)) return false;
      const startDay = WEEKDAYS.indexOf(p.firstDayOfWeek ?? "sunday") + 1;
      const weekStart = (x: DateTime) => x.minus({ days: (x.weekday - startDay + 7) % 7 });
      return Math.round(weekStart(d).diff(weekStart(first), "days").days / 7) % interval === 0;
    }
    case "absoluteMonthly":
      return d.day === Math.min(p.dayOfMonth!, d.daysInMonth!) && months % interval === 0;
    case "relativeMonthly":
      return months % interval === 0 && relative();
    case "absoluteYearly":
      return (
        d.month === p.month &&
        d.day === Math.min(p.dayOfMonth!, d.daysInMonth!) &&
        (d.year - first.year) % interval === 0
      );
    case "relativeYearly":
      return d.month === p.month && (d.year - first.year) % interval === 0 && relative();
  }
}

export interface Occurrence {
  start: number;
  end: number;
}

/** The occurrences overlapping [from, to), in order. */
export function expand(
  r: Recurrence,
  seriesStart: number,
  seriesEnd: number,
  zone: string,
  from: number,
  to: number,
): Occurrence[] {
  const iana = toIana(r.range.recurrenceTimeZone ?? zone) ?? "UTC";
  const local = DateTime.fromMillis(seriesStart, { zone: iana });
  const duration = seriesEnd - seriesStart;
  const first = DateTime.fromISO(r.range.startDate, { zone: iana }).startOf("day");
  const last = r.range.type === "endDate" ? DateTime.fromISO(r.range.endDate!, { zone: iana }).endOf("day") : undefined;
  const out: Occurrence[] = [];
  let count = 0;
  for (let d = first, i = 0; i < MAX_DAYS; d = d.plus({ days: 1 }), i++) {
    if (last && d > last) break;
    if (!matches(r.pattern, first, d)) continue;
    const start = d.set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: 0 }).toMillis();
    count++;
    if (r.range.type === "numbered" && count > r.range.numberOfOccurrences!) break;
    if (start >= to) break;
    if (start + duration > from) out.push({ start, end: start + duration });
  }
  return out;
}
