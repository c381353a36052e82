import type { LocaleInfo, TimeZoneInformation } from "@microsoft/microsoft-graph-types";
import type { MailboxRef } from "./mailbox";
import { graphPath } from "./path";

/** What Outlook supports for a user (Graph's outlookUser): languages and time zones. */

export async function supportedLanguages(mb: MailboxRef): Promise<LocaleInfo[]> {
  const page = await mb.graph.call<{ value: LocaleInfo[] }>({
    method: "GET",
    path: graphPath`${mb.root}/outlook/supportedLanguages`,
  });
  return page.value;
}

/** The time zones Outlook supports, by Windows name (Graph's default) or by IANA name. */
export async function supportedTimeZones(mb: MailboxRef, standard: "windows" | "iana"): Promise<TimeZoneInformation[]> {
  const path =
    standard === "iana"
      ? graphPath`${mb.root}/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')`
      : graphPath`${mb.root}/outlook/supportedTimeZones`;
  const page = await mb.graph.call<{ value: TimeZoneInformation[] }>({ method: "GET", path });
  return page.value;
}
