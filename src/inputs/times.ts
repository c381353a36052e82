import { ArgumentError } from "../errors";
import { text } from "./common";

/** "2026-11-22T10:00:00" (no offset), as Graph's dateTimeTimeZone takes it. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?$/;
/** "2026-11-22T10:00:00Z", "2026-11-22T10:00:00.5+01:00" or without offset (UTC). */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** Whether the numbers name a real calendar day and time: no February 30th, month 13 or hour 25. */
function exists(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(match: RegExpMatchArray): number[] {
  return match.slice(1, 7).map((p) => Number(p ?? 0));
}

/** A local date-time without offset, checked to be a real calendar time. */
export function localDateTime(property: string, value: unknown): string {
  const s = text(property, value)?.trim() ?? "";
  const match = s.match(LOCAL_DATE_TIME);
  if (!match) {
    throw new ArgumentError(
      property,
      `'${property}' must be an ISO 8601 date and time without offset, e.g. 2026-11-22T09:30:00 (got '${s}').`,
    );
  }
  const [y, mo, d, h, mi, sec] = parts(match);
  if (!exists(y, mo, d, h, mi, sec) || y < 1)
    throw new ArgumentError(property, `'${property}' names a day or time that does not exist (${s}).`);
  return s.length === 16 ? `${s}:00` : s;
}

/** A date (yyyy-MM-dd) that exists. */
export function calendarDate(property: string, value: unknown): string | undefined {
  const s = text(property, value)?.trim();
  if (s === undefined) return undefined;
  const match = s.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!match || !exists(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0) || Number(match[1]) < 1)
    throw new ArgumentError(property, `'${property}' must be a date that exists, yyyy-MM-dd (got '${s}').`);
  return s;
}

/**
 * An instant: an ISO 8601 date and time with an offset (UTC when none is given), checked to exist; undefined when
 * empty. Returned as milliseconds since the epoch.
 */
export function instant(property: string, value: unknown): number | undefined {
  const s = text(property, value)?.trim();
  if (s === undefined) return undefined;
  const match = s.match(INSTANT);
  const [y, mo, d, h, mi, sec] = match ? parts(match) : [];
  const offsetOk = !match?.[8] || (Number(match[8]) <= 23 && Number(match[9]) <= 59);
  if (!match || !offsetOk || !exists(y, mo, d, h, mi, sec) || y < 1) {
    throw new ArgumentError(
      property,
      `'${property}' must be an ISO 8601 date and time that exists, e.g. 2026-11-29T10:00:00Z (got '${s}').`,
    );
  }
  return Date.parse(match[7] ? s : `${s}Z`);
}
