import { input } from "@prismatic-io/spectral";
import { itemId } from "../graph/paths";
import { text } from "./common";
import { zone } from "./timezones";

export const calendarIdInput = (required: boolean, comments = "Calendar ID; the default calendar when empty.") =>
  input({ label: "Calendar ID", type: "string", required, comments, dataSource: "selectCalendar" });
export const eventIdInput = input({
  label: "Event ID",
  type: "string",
  required: true,
  comments: "The ID of a calendar event.",
});
export const outputTimeZoneInput = input({
  label: "Output Time Zone",
  type: "string",
  required: false,
  comments: "Return times in this Windows or IANA zone (UTC when empty).",
});

export const eventPath = (mailboxPath: string, id: unknown) => `${mailboxPath}/events/${itemId("eventId", id)}`;
export const calendarPath = (mailboxPath: string, id: unknown) =>
  `${mailboxPath}/calendars/${itemId("calendarId", id)}`;

/** The Prefer header that has Graph answer in the zone asked for. */
export function outputZoneHeader(params: { outputTimeZone?: unknown }): Record<string, string> | undefined {
  if (!text(params.outputTimeZone)) return undefined;
  return { Prefer: `outlook.timezone="${zone("outputTimeZone", params.outputTimeZone).graph}"` };
}
