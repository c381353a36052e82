import { input } from "@prismatic-io/spectral";
import type { Calendar } from "@microsoft/microsoft-graph-types";
import { PropertyNullError } from "../errors";
import { cleanChoice } from "./clean";
import { choice, picklist, requiredText, text } from "./common";

/** Inputs and checks of the calendar actions. */

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

export const colorInput = input({
  label: "Color",
  type: "string",
  model: picklist(CALENDAR_COLORS),
  default: "auto",
  required: false,
  comments:
    "Graph's calendarColor; auto lets Outlook choose. See 'color' at " +
    "https://learn.microsoft.com/en-us/graph/api/resources/calendar?view=graph-rest-1.0#properties.",
  clean: cleanChoice("color", CALENDAR_COLORS),
});

export const nameInput = input({
  label: "Name",
  type: "string",
  required: true,
  placeholder: "Team calendar",
  comments: "Name of the calendar.",
});

/** A new calendar's name (required) and color (auto when empty). */
export function newCalendar(params: Record<string, unknown>): { name: string; color: string } {
  const name = requiredText("name", params.name, "Name the calendar.").trim();
  return { name, color: choice("color", params.color, CALENDAR_COLORS, "auto") };
}

/** Update Calendar's change: a name, a color, or both. */
export function calendarChange(params: Record<string, unknown>): Calendar {
  const patch: Calendar = {};
  const name = text("name", params.name);
  if (name) patch.name = name.trim();
  if (text("color", params.color)) patch.color = choice("color", params.color, CALENDAR_COLORS, "auto");
  if (!Object.keys(patch).length) throw new PropertyNullError("name", "Give a Name or a Color to change.");
  return patch;
}
