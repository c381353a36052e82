import { ArgumentError } from "../errors";
import { wholeNumber } from "./common";
import { parseRecipients } from "./recipients";
import { timed } from "./timezones";

/** Get Schedule Availability's request, checked: at most 100 schedules, a slot of 5 to 1440 minutes, 62 days. */
export function scheduleRequest(params: Record<string, unknown>) {
  const interval = wholeNumber("availabilityViewInterval", params.availabilityViewInterval, 5, 1440) ?? 30;
  const schedules = parseRecipients("schedules", params.schedules, true).map((r) => r.emailAddress!.address!);
  if (schedules.length > 100)
    throw new ArgumentError("schedules", `'schedules' may hold at most 100 addresses (got ${schedules.length}).`);
  const start = timed("startAt", params.startAt, "startTimezone", params.startTimezone);
  const end = timed("endAt", params.endAt, "endTimezone", params.endTimezone);
  if (end.instant <= start.instant) throw new ArgumentError("endAt", "'endAt' must be after 'startAt'.");
  if (end.instant - start.instant > 62 * 24 * 3600 * 1000)
    throw new ArgumentError("endAt", "The time range may span at most 62 days.");
  return {
    schedules,
    start: { dateTime: start.dateTime, timeZone: start.timeZone },
    end: { dateTime: end.dateTime, timeZone: end.timeZone },
    interval,
  };
}
