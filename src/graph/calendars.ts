import type { Calendar } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { Paging } from "../inputs/paging";
import type { MailboxRef } from "./mailbox";
import { allPages, listPage, MAX_PAGE_SIZE, type Page } from "./paging";
import { graphPath, type GraphPath } from "./path";

/** Calendars (Graph's calendar resource): list, create, rename or recolor, delete. */

/** A calendar named by an input, or the mailbox's default calendar when none is named. */
export const calendarPath = (mb: MailboxRef, calendar?: ItemRef): GraphPath =>
  calendar ? graphPath`${mb.root}/calendars/${calendar}` : graphPath`${mb.root}/calendar`;

const calendarsOf = (mb: MailboxRef): GraphPath => graphPath`${mb.root}/calendars`;

export function list(mb: MailboxRef, paging: Paging): Promise<Page<Calendar>> {
  return listPage<Calendar>(mb.graph, { method: "GET", path: calendarsOf(mb) }, paging);
}

/** Every calendar, with only what a picker shows (id, name, whether it is the default). */
export function listForPicker(mb: MailboxRef): Promise<Calendar[]> {
  return allPages<Calendar>(mb.graph, {
    method: "GET",
    path: calendarsOf(mb),
    query: { $top: MAX_PAGE_SIZE, $select: "id,name,isDefaultCalendar" },
  });
}

export function create(mb: MailboxRef, calendar: { name: string; color: string }): Promise<Calendar> {
  return mb.graph.call<Calendar>({ method: "POST", path: calendarsOf(mb), body: calendar });
}

export function update(mb: MailboxRef, calendar: ItemRef, patch: Calendar): Promise<Calendar> {
  return mb.graph.call<Calendar>({
    method: "PATCH",
    path: calendarPath(mb, calendar),
    body: patch,
    notFound: calendar.input,
  });
}

/** Deletes a calendar and its events. */
export async function remove(mb: MailboxRef, calendar: ItemRef): Promise<void> {
  await mb.graph.call({ method: "DELETE", path: calendarPath(mb, calendar), notFound: calendar.input });
}
