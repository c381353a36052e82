/** How pickers write times in their labels: minutes in UTC, the same for every viewer ("2026-11-23 09:30 UTC"). */

/** A Graph date-time (an ISO instant, or an event's dateTime in UTC without offset) as "2026-11-23 09:30 UTC". */
export function utcMinutes(value: string | null | undefined): string {
  if (!value) return "no date";
  const iso = /[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return value;
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** A day of an all-day event, as its date alone ("2026-11-23"). */
export function dayOf(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : "no date";
}

/** Text for a label: what Graph gave, or a stand-in when it gave nothing. */
export function orNone(value: string | null | undefined, none: string): string {
  const s = (value ?? "").trim();
  return s === "" ? none : s;
}
