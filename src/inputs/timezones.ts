import { input } from "@prismatic-io/spectral";
import { DateTime, IANAZone } from "luxon";
import { findIana, findWindows } from "windows-iana";
import { ArgumentError } from "../errors";
import { text } from "./common";
import { localDateTime } from "./times";

/**
 * Time zones: every time-zone input takes a Windows name ("Pacific Standard Time") or an IANA one
 * ("America/Los_Angeles"), checked against CLDR's mapping (windows-iana) and the platform's IANA
 * data (luxon), and is sent to Graph as the Windows name Outlook stores.
 */

export const timeZoneInput = (
  label: string,
  comments = "A Windows (Pacific Standard Time) or IANA (America/Los_Angeles) time zone; see List Supported Timezones.",
) => input({ label, type: "string", default: "UTC", required: false, comments, dataSource: "selectTimeZone" });

export interface Zone {
  /** What Graph is sent: the Windows name, or UTC. */
  graph: string;
  /** The IANA zone, for arithmetic. */
  iana: string;
}

/** A zone name starts with a letter: an offset such as "+05:00" is not a zone (it knows no daylight saving time). */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/ ().]*$/;

/** Every time-zone input is read here: a Windows or an IANA name Outlook knows, else a typed error naming the input. */
export function zone(property: string, value: unknown, fallback = "UTC"): Zone {
  const name = text(property, value)?.trim() ?? fallback;
  if (/^(utc|etc\/utc|gmt|z)$/i.test(name)) return { graph: "UTC", iana: "UTC" };
  const fromWindows = ZONE_NAME.test(name) ? findIana(name)?.find((z) => IANAZone.isValidZone(z)) : undefined;
  if (fromWindows) return { graph: name, iana: fromWindows };
  if (ZONE_NAME.test(name) && IANAZone.isValidZone(name)) {
    const windows = findWindows(name)?.[0];
    return { graph: windows ?? name, iana: name };
  }
  throw new ArgumentError(
    property,
    `'${property}' is not a time zone Outlook knows: give a Windows name such as 'Pacific Standard Time' or an IANA ` +
      `name such as 'America/Los_Angeles' (got '${name}').`,
  );
}

/** A local date-time in a zone, as an instant, for comparisons before any request. */
export function instant(local: string, z: Zone): number {
  return DateTime.fromISO(local, { zone: z.iana }).toMillis();
}

export interface TimedValue {
  dateTime: string;
  timeZone: string;
  instant: number;
}

/** A start or end: an ISO date-time without offset (or a date, for all-day events) in a zone. */
export function timed(
  property: string,
  value: unknown,
  zoneProperty: string,
  zoneValue: unknown,
  allDay = false,
): TimedValue {
  const z = zone(zoneProperty, zoneValue);
  const raw = text(property, value)?.trim() ?? "";
  const local = localDateTime(property, allDay && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00` : raw);
  if (allDay && !local.endsWith("T00:00:00"))
    throw new ArgumentError(property, `'${property}' of an all-day event must be a date or midnight (got '${raw}').`);
  return { dateTime: local, timeZone: z.graph, instant: instant(local, z) };
}

/**
 * The instant a dateTimeTimeZone from Graph names ("2026-11-23T09:00:00.0000000" in "W. Europe Standard Time",
 * a Windows or IANA zone, UTC when none); undefined when Graph gave something unreadable.
 */
export function instantOfGraph(value: { dateTime?: string | null; timeZone?: string | null } | null | undefined) {
  const local = value?.dateTime?.replace(/(\.\d{1,3})\d*$/, "$1");
  if (!local) return undefined;
  try {
    const z = zone("timeZone", value?.timeZone ?? "UTC");
    const ms = DateTime.fromISO(local.replace(/Z$/, ""), { zone: z.iana }).toMillis();
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}
