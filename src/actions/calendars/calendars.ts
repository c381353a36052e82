import { action, input } from "@prismatic-io/spectral";
import type { Calendar } from "@microsoft/microsoft-graph-types";
import { PropertyNullError } from "../../errors";
import { choice, connectionInput, mailboxInput, text } from "../../inputs/common";
import { calendarIdInput, calendarPath } from "../../inputs/events";
import { mailbox } from "../../inputs/mail";
import { listPage, pagingInputs, readPaging } from "../../inputs/paging";

/** Graph's calendarColor values. */
export const CALENDAR_COLORS = [
  "auto",
  "lightBlue",
  "lightGreen",
  "lightOrange",
  "lightGray",
  "lightYellow",
  "lightTeal",
  "lightPink",
  "lightBrown",
  "lightRed",
  "maxColor",
] as const;
const colorInput = input({
  label: "Color",
  type: "string",
  model: CALENDAR_COLORS.map((v) => ({ label: v, value: v })),
  default: "auto",
  required: false,
  comments:
    "See 'color' at https://learn.microsoft.com/en-us/graph/api/resources/calendar?view=graph-rest-1.0#properties.",
});
const nameInput = input({ label: "Name", type: "string", required: true, comments: "Name of the calendar." });

export const listCalendars = action({
  display: { label: "List Calendars", description: "List all calendars for the user." },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ...pagingInputs },
  perform: async (_context, params) => {
    const paging = readPaging(params);
    const { graph, path } = mailbox(params);
    return { data: await listPage<Calendar>(graph, { method: "GET", path: `${path}/calendars` }, paging) };
  },
});

export const createCalendar = action({
  display: { label: "Create Calendar", description: "Create a new calendar." },
  inputs: { connection: connectionInput, mailbox: mailboxInput, name: nameInput, color: colorInput },
  perform: async (_context, params) => {
    const name = text(params.name)?.trim();
    if (!name) throw new PropertyNullError("name", "Name the calendar.");
    const color = choice("color", params.color, CALENDAR_COLORS, "auto");
    const { graph, path } = mailbox(params);
    return { data: await graph.call<Calendar>({ method: "POST", path: `${path}/calendars`, body: { name, color } }) };
  },
});

export const updateCalendar = action({
  display: { label: "Update Calendar", description: "Rename or recolor a calendar." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(true, "ID of the calendar to modify."),
    name: input({ ...nameInput, required: false }),
    color: input({ ...colorInput, default: "" }),
  },
  perform: async (_context, params) => {
    const patch: Calendar = {};
    if (text(params.name)) patch.name = text(params.name)!.trim();
    if (text(params.color)) patch.color = choice("color", params.color, CALENDAR_COLORS, "auto");
    if (!Object.keys(patch).length) throw new PropertyNullError("name", "Give a Name or a Color to change.");
    const { graph, path } = mailbox(params);
    return {
      data: await graph.call<Calendar>({
        method: "PATCH",
        path: calendarPath(path, params.calendarId),
        body: patch,
        notFound: "calendarId",
      }),
    };
  },
});

export const deleteCalendar = action({
  display: { label: "Delete Calendar", description: "Delete a calendar and its events." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(true, "ID of the calendar to delete."),
  },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    await graph.call({ method: "DELETE", path: calendarPath(path, params.calendarId), notFound: "calendarId" });
    return { data: { deleted: true, calendarId: params.calendarId } };
  },
});
