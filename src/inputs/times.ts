import { ArgumentError } from "../errors";

/** "2026-11-22T10:00:00" (no offset), as Graph's dateTimeTimeZone takes it. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/;

/** A local date-time without offset, checked to be a real calendar time. */
export function localDateTime(property: string, value: unknown): string {
  const s = String(value ?? "").trim();
  if (!LOCAL_DATE_TIME.test(s) || Number.isNaN(Date.parse(`${s}Z`))) {
    throw new ArgumentError(
      property,
      `'${property}' must be an ISO 8601 date and time without offset, e.g. 2026-11-22T09:30:00 (got '${s}').`,
    );
  }
  const [date] = s.split("T");
  if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date)
    throw new ArgumentError(property, `'${property}' names a day that does not exist (${date}).`);
  return s.length === 16 ? `${s}:00` : s;
}
