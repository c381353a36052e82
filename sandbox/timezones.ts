import { DateTime, IANAZone } from "luxon";
import { WINDOWS_TO_IANA_MAP, findIana } from "windows-iana";
import { GraphError } from "./http";

/**
 * Outlook speaks Windows time-zone names ("Pacific Standard Time"), integrations speak IANA
 * ("America/Los_Angeles"); Graph takes both. Conversion uses windows-iana (CLDR's mapping) and
 * luxon (the platform's IANA data), never a hand-written table.
 */

/** The IANA zone for a Windows or IANA name, or undefined when neither. */
export function toIana(zone: string): string | undefined {
  if (!zone) return undefined;
  if (/^utc$/i.test(zone) || /^etc\/utc$/i.test(zone)) return "UTC";
  if (IANAZone.isValidZone(zone) && zone.includes("/")) return zone;
  const mapped = findIana(zone)?.find((z) => IANAZone.isValidZone(z));
  return mapped ?? (IANAZone.isValidZone(zone) ? zone : undefined);
}

export function checkZone(zone: string): string {
  const iana = toIana(zone);
  if (!iana)
    throw new GraphError(
      400,
      "TimeZoneNotSupportedException",
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zone}'.`,
    );
  return iana;
}

/** A dateTimeTimeZone as an instant. */
export function instantOf(value: { dateTime?: string; timeZone?: string } | undefined, property: string): number {
  if (!value?.dateTime)
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      `The '${property}' property is required and must have a dateTime.`,
    );
  const zone = checkZone(value.timeZone ?? "UTC");
  const dt = DateTime.fromISO(value.dateTime.replace(/Z$|[+-]\d\d:\d\d$/, ""), { zone });
  if (!dt.isValid)
    throw new GraphError(400, "ErrorInvalidRequest", `Cannot convert '${value.dateTime}' to a date and time.`);
  return dt.toMillis();
}

/** An instant as Graph writes a dateTimeTimeZone in a zone ("2026-11-22T10:00:00.0000000"). */
export function dateTimeTimeZone(ms: number, zone: string): { dateTime: string; timeZone: string } {
  const dt = DateTime.fromMillis(ms, { zone: toIana(zone) ?? "UTC" });
  return { dateTime: `${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`, timeZone: zone };
}

/** The zone a `Prefer: outlook.timezone="..."` header asks for (UTC otherwise). */
export function preferredZone(prefer: string | undefined): string {
  const m = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(prefer ?? "");
  if (!m) return "UTC";
  checkZone(m[1]);
  return m[1];
}

/** Every Windows zone name CLDR knows, and the IANA zones this platform knows. */
export function windowsZones(): string[] {
  const names = (WINDOWS_TO_IANA_MAP as unknown as { windowsName: string }[]).map((e) => e.windowsName);
  return [...new Set(names)].filter((w) => toIana(w));
}

export function ianaZones(): string[] {
  return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf("timeZone");
}

/** "(UTC-08:00) Pacific Standard Time", as Outlook labels zones (the offset now). */
export function zoneLabel(zone: string, now: number): string {
  const offset = DateTime.fromMillis(now, { zone: toIana(zone) ?? "UTC" }).toFormat("ZZ");
  return `(UTC${offset === "+00:00" ? "" : offset}) ${zone}`;
}
