import { GraphError, badRequest, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import { checkZone, dateTimeTimeZone, ianaZones, instantOf, windowsZones, zoneLabel } from "../timezones";
import { mailboxOf, odataContext, readActionParameters } from "./common";
import { eventsIn } from "./events";

/** Free/busy from real events (getSchedule), and the Outlook time zones and languages a user may pick. */

const STATUS_DIGIT: Record<string, number> = { free: 0, tentative: 1, busy: 2, oof: 3, workingElsewhere: 4 };
const MAX_WINDOW_MS = 62 * 24 * 3600 * 1000;

interface ScheduleWindow {
  from: number;
  to: number;
  zone: string;
  /** Minutes per slot of the availability view. */
  interval: number;
}

function scheduleWindow(params: Record<string, unknown>): ScheduleWindow {
  const startTime = params.startTime as { dateTime?: string; timeZone?: string } | undefined;
  const endTime = params.endTime as { dateTime?: string; timeZone?: string } | undefined;
  const from = instantOf(startTime, "startTime");
  const to = instantOf(endTime, "endTime");
  const zone = startTime?.timeZone ?? "UTC";
  checkZone(zone);
  const interval = params.availabilityViewInterval === undefined ? 30 : Number(params.availabilityViewInterval);
  if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
    throw new GraphError(
      400,
      "ErrorInvalidParameter",
      `AvailabilityViewInterval must be between 5 and 1440 minutes (got ${String(params.availabilityViewInterval)}).`,
    );
  }
  if (to <= from) throw new GraphError(400, "ErrorInvalidParameter", "EndTime must be after StartTime.");
  if (to - from > MAX_WINDOW_MS)
    throw new GraphError(400, "ErrorInvalidParameter", "The time window can be at most 62 days.");
  return { from, to, zone, interval };
}

type Busy = ReturnType<typeof eventsIn>;

/** One digit per slot: the busiest status of the events overlapping it. */
function availabilityView(busy: Busy, w: ScheduleWindow): string {
  const slots: number[] = [];
  const step = w.interval * 60_000;
  for (let t = w.from; t < w.to; t += step) {
    const slotEnd = Math.min(t + step, w.to);
    const overlapping = busy.filter(
      ({ ev, occurrence }) => (occurrence?.start ?? ev.start) < slotEnd && (occurrence?.end ?? ev.end) > t,
    );
    slots.push(Math.max(0, ...overlapping.map(({ ev }) => STATUS_DIGIT[ev.showAs] ?? 2)));
  }
  return slots.join("");
}

function scheduleOf(ctx: RouteContext, tenantId: string, address: string, w: ScheduleWindow): Record<string, unknown> {
  const owner = ctx.store.findByAddress(address);
  const mb = owner && owner.tenantId === tenantId ? ctx.store.mailboxes.get(owner.id) : undefined;
  if (!mb)
    return {
      scheduleId: address,
      availabilityView: "",
      scheduleItems: [],
      error: {
        message: `The address ${address} could not be found in this organization.`,
        responseCode: "ErrorMailRecipientNotFound",
      },
    };
  const busy = eventsIn(mb, ctx.store.defaultCalendar(mb).id, w.from, w.to).filter(
    ({ ev }) => !ev.isCancelled && ev.responseStatus.response !== "declined" && ev.showAs !== "free",
  );
  return {
    scheduleId: address,
    availabilityView: availabilityView(busy, w),
    scheduleItems: busy.map(({ ev, occurrence }) => ({
      isPrivate: ev.sensitivity === "private",
      status: ev.showAs,
      subject: ev.subject,
      location: ev.location.displayName,
      start: dateTimeTimeZone(occurrence?.start ?? ev.start, w.zone),
      end: dateTimeTimeZone(occurrence?.end ?? ev.end, w.zone),
    })),
    workingHours: mb.settings.workingHours as Record<string, unknown>,
  };
}

function getSchedule(ctx: RouteContext): void {
  const { user } = mailboxOf(ctx, "read", "calendar");
  const params = readActionParameters(ctx, "microsoft.graph.calendar", "getSchedule");
  const schedules = params.schedules as string[] | undefined;
  if (!schedules?.length) throw badRequest("Schedules must name at least one address.", "ErrorInvalidParameter");
  if (schedules.length > 100) throw badRequest("Schedules can name at most 100 addresses.", "ErrorInvalidParameter");
  const w = scheduleWindow(params);
  const value = schedules.map((address) => scheduleOf(ctx, user.tenantId, address, w));
  sendJson(ctx.res, 200, {
    "@odata.context": odataContext(ctx, "Collection(microsoft.graph.scheduleInformation)"),
    value,
  });
}

/** Locales Outlook offers, named by the platform's own CLDR data. */
const LOCALES = [
  "ar-SA",
  "bg-BG",
  "ca-ES",
  "cs-CZ",
  "da-DK",
  "de-DE",
  "el-GR",
  "en-AU",
  "en-CA",
  "en-GB",
  "en-IN",
  "en-US",
  "es-ES",
  "es-MX",
  "et-EE",
  "fi-FI",
  "fr-CA",
  "fr-FR",
  "he-IL",
  "hi-IN",
  "hr-HR",
  "hu-HU",
  "id-ID",
  "it-IT",
  "ja-JP",
  "ko-KR",
  "lt-LT",
  "lv-LV",
  "nb-NO",
  "nl-NL",
  "pl-PL",
  "pt-BR",
  "pt-PT",
  "ro-RO",
  "ru-RU",
  "sk-SK",
  "sl-SI",
  "sr-Latn-RS",
  "sv-SE",
  "th-TH",
  "tr-TR",
  "uk-UA",
  "vi-VN",
  "zh-CN",
  "zh-TW",
];

export function registerScheduleRoutes(router: Router): void {
  router.add("graph", "POST", "/users/{user-id}/calendar/getSchedule", getSchedule);
  router.add("graph", "GET", "/users/{user-id}/outlook/supportedLanguages", (ctx) => {
    mailboxOf(ctx, "read", "calendar");
    // Graph names a locale by language and region ("English (United States)"), never by dialect ("American English").
    const names = new Intl.DisplayNames(["en"], { type: "language", languageDisplay: "standard" });
    sendJson(ctx.res, 200, {
      "@odata.context": odataContext(ctx, "Collection(microsoft.graph.localeInfo)"),
      value: LOCALES.map((locale) => ({ locale, displayName: names.of(locale) ?? locale })),
    });
  });
  const zones = (ctx: RouteContext, standard: "windows" | "iana") => {
    mailboxOf(ctx, "read", "calendar");
    const now = ctx.clock.now();
    const list = standard === "iana" ? ianaZones() : windowsZones();
    sendJson(ctx.res, 200, {
      "@odata.context": odataContext(ctx, "Collection(microsoft.graph.timeZoneInformation)"),
      value: list.map((alias) => ({ alias, displayName: zoneLabel(alias, now) })),
    });
  };
  router.add("graph", "GET", "/users/{user-id}/outlook/supportedTimeZones", (ctx) => zones(ctx, "windows"));
  router.add("graph", "GET", "/users/{user-id}/outlook/supportedTimeZones({args})", (ctx) => {
    const m = /^TimeZoneStandard\s*=\s*(?:microsoft\.graph\.timeZoneStandard)?'(\w+)'$/i.exec(ctx.params.args ?? "");
    if (!m || !["windows", "iana"].includes(m[1].toLowerCase()))
      throw badRequest(
        `TimeZoneStandard must be microsoft.graph.timeZoneStandard'Windows' or 'Iana' (got '${ctx.params.args}').`,
      );
    zones(ctx, m[1].toLowerCase() as "windows" | "iana");
  });
}
