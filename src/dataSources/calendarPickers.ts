import { dataSource } from "@prismatic-io/spectral";
import type { Calendar, TimeZoneInformation } from "@microsoft/microsoft-graph-types";
import { connectionInput, mailboxInput } from "../inputs/common";
import { mailbox } from "../inputs/mail";

/** A calendar picker, default calendar first. */
export const selectCalendar = dataSource({
  display: { label: "Select Calendar", description: "Pick one of the user's calendars." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    const calendars = await graph.all<Calendar>({
      method: "GET",
      path: `${path}/calendars`,
      query: { $top: 1000, $select: "id,name,isDefaultCalendar" },
    });
    calendars.sort(
      (a, b) =>
        Number(b.isDefaultCalendar) - Number(a.isDefaultCalendar) || String(a.name).localeCompare(String(b.name)),
    );
    return {
      result: calendars.map((c) => ({
        key: c.id!,
        label: c.isDefaultCalendar ? `${c.name} (default)` : String(c.name),
      })),
    };
  },
});

/** A time-zone picker from the zones Outlook supports for the user (Windows names, with their UTC offset). */
export const selectTimeZone = dataSource({
  display: { label: "Select Time Zone", description: "Pick a time zone Outlook supports." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    const page = await graph.call<{ value: TimeZoneInformation[] }>({
      method: "GET",
      path: `${path}/outlook/supportedTimeZones`,
    });
    return { result: page.value.map((z) => ({ key: z.alias!, label: z.displayName ?? z.alias! })) };
  },
});
