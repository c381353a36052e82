import { dataSource } from "@prismatic-io/spectral";
import * as calendars from "../graph/calendars";
import { openMailbox } from "../graph/mailbox";
import * as outlookUser from "../graph/outlookUser";
import { connectionInput, mailboxInput } from "../inputs/common";

/** A calendar picker, default calendar first. */
export const selectCalendar = dataSource({
  display: { label: "Select Calendar", description: "Pick one of the user's calendars, the default calendar first." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const found = await calendars.listForPicker(mb);
    found.sort(
      (a, b) =>
        Number(b.isDefaultCalendar) - Number(a.isDefaultCalendar) || String(a.name).localeCompare(String(b.name)),
    );
    return {
      result: found.map((c) => ({
        key: c.id!,
        label: c.isDefaultCalendar ? `${c.name} (default)` : String(c.name),
      })),
    };
  },
});

/** A time-zone picker from the zones Outlook supports for the user (Windows names, with their UTC offset). */
export const selectTimeZone = dataSource({
  display: {
    label: "Select Time Zone",
    description: "Pick a time zone Outlook supports, by its Windows name, labelled with its UTC offset.",
  },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const zones = await outlookUser.supportedTimeZones(mb, "windows");
    return { result: zones.map((z) => ({ key: z.alias!, label: z.displayName ?? z.alias! })) };
  },
});
