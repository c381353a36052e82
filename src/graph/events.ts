import { randomUUID } from "node:crypto";
import type { DateTimeTimeZone, Event, Recipient, Reminder } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { Paging } from "../inputs/paging";
import { calendarPath } from "./calendars";
import { withOutcome, type Outcome } from "./lostAnswers";
import type { MailboxRef } from "./mailbox";
import { listPage, type Page } from "./paging";
import { graphPath, type GraphPath } from "./path";

/** Events (Graph's event resource): create, change, read, list, calendar view, delete, cancel, respond. */

export const eventPath = (mb: MailboxRef, event: ItemRef): GraphPath => graphPath`${mb.root}/events/${event}`;

/** The events of a calendar, or of all the mailbox's calendars. */
const eventsIn = (mb: MailboxRef, calendar?: ItemRef): GraphPath =>
  calendar ? graphPath`${calendarPath(mb, calendar)}/events` : graphPath`${mb.root}/events`;

/** Graph answers in this (Windows) time zone, or in UTC when none is given. */
export function preferZone(zone: string | undefined): Record<string, string> | undefined {
  return zone === undefined ? undefined : { Prefer: `outlook.timezone="${zone}"` };
}

/**
 * Creates an event. Its fresh transactionId has Graph answer a repeated create with the same event,
 * never a duplicate, so after a lost answer the create is simply sent again (`outcome` then says so).
 */
export async function create(
  mb: MailboxRef,
  calendar: ItemRef | undefined,
  event: Event,
  outputZone?: string,
): Promise<Event & { outcome?: Outcome }> {
  const { result, outcome } = await mb.graph.callWithOutcome<Event>({
    method: "POST",
    path: eventsIn(mb, calendar),
    body: { ...event, transactionId: randomUUID() },
    headers: preferZone(outputZone),
    notFound: calendar?.input,
    repeatable: true,
  });
  return withOutcome(result, outcome);
}

export function update(mb: MailboxRef, event: ItemRef, patch: Event, outputZone?: string): Promise<Event> {
  return mb.graph.call<Event>({
    method: "PATCH",
    path: eventPath(mb, event),
    body: patch,
    headers: preferZone(outputZone),
    notFound: event.input,
  });
}

export function get(mb: MailboxRef, event: ItemRef, outputZone?: string): Promise<Event> {
  return mb.graph.call<Event>({
    method: "GET",
    path: eventPath(mb, event),
    headers: preferZone(outputZone),
    notFound: event.input,
  });
}

/** Single events and series masters of a calendar (or of all calendars), one page or all of them. */
export function list(
  mb: MailboxRef,
  calendar: ItemRef | undefined,
  outputZone: string | undefined,
  paging: Paging,
): Promise<Page<Event>> {
  return listPage<Event>(
    mb.graph,
    { method: "GET", path: eventsIn(mb, calendar), headers: preferZone(outputZone), notFound: calendar?.input },
    paging,
  );
}

/** Events in a time range (instants as ISO strings), series expanded into occurrences, times in `zone`. */
export function calendarView(
  mb: MailboxRef,
  calendar: ItemRef | undefined,
  range: { start: string; end: string; zone: string },
  paging: Paging,
): Promise<Page<Event>> {
  const path = calendar ? graphPath`${calendarPath(mb, calendar)}/calendarView` : graphPath`${mb.root}/calendarView`;
  return listPage<Event>(
    mb.graph,
    {
      method: "GET",
      path,
      query: { startDateTime: range.start, endDateTime: range.end },
      headers: preferZone(range.zone),
      notFound: calendar?.input,
    },
    paging,
  );
}

/** How many events a picker offers, and how far ahead it looks. */
export const PICKER_EVENTS = 100;
export const PICKER_DAYS_AHEAD = 365;

/** The next events (occurrences of series included) from `now` on, in UTC, with only what a picker shows. */
export async function upcomingForPicker(mb: MailboxRef, calendar: ItemRef | undefined, now: number): Promise<Event[]> {
  const path = calendar ? graphPath`${calendarPath(mb, calendar)}/calendarView` : graphPath`${mb.root}/calendarView`;
  const page = await mb.graph.call<{ value?: Event[] }>({
    method: "GET",
    path,
    query: {
      startDateTime: new Date(now).toISOString(),
      endDateTime: new Date(now + PICKER_DAYS_AHEAD * 24 * 3600_000).toISOString(),
      $top: PICKER_EVENTS,
      $orderby: "start/dateTime",
      $select: "id,subject,start,isAllDay",
    },
    headers: preferZone("UTC"),
    notFound: calendar?.input,
  });
  return page.value ?? [];
}

/** Deletes an event; for a meeting the mailbox organizes, Graph sends attendees a cancellation. */
export async function remove(mb: MailboxRef, event: ItemRef): Promise<void> {
  await mb.graph.call({ method: "DELETE", path: eventPath(mb, event), notFound: event.input });
}

/** Cancels a meeting the mailbox organizes, with a comment to all attendees. */
export async function cancel(mb: MailboxRef, event: ItemRef, comment: string | undefined): Promise<void> {
  await mb.graph.call({
    method: "POST",
    path: graphPath`${eventPath(mb, event)}/cancel`,
    body: comment ? { Comment: comment } : {},
    notFound: event.input,
  });
}

export type EventResponse = "accept" | "tentativelyAccept" | "decline";

/** Accepts, tentatively accepts or declines a meeting, telling the organizer when `sendResponse`. */
export async function respond(
  mb: MailboxRef,
  event: ItemRef,
  response: EventResponse,
  reply: { sendResponse: boolean; comment?: string },
): Promise<void> {
  await mb.graph.call({
    method: "POST",
    path: graphPath`${eventPath(mb, event)}/${response}`,
    body: { sendResponse: reply.sendResponse, ...(reply.comment ? { comment: reply.comment } : {}) },
    notFound: event.input,
  });
}

/**
 * Forwards a meeting to more people with an optional comment; for an attendee's copy Graph also tells
 * the organizer and adds them to the organizer's event. It sends mail and Graph offers no way to check
 * it afterwards, so after a lost answer it is never sent again (the client reports it may have happened).
 */
export async function forward(
  mb: MailboxRef,
  event: ItemRef,
  to: Recipient[],
  comment: string | undefined,
): Promise<void> {
  await mb.graph.call({
    method: "POST",
    path: graphPath`${eventPath(mb, event)}/forward`,
    body: { ToRecipients: to, ...(comment ? { Comment: comment } : {}) },
    notFound: event.input,
    delivers: true,
  });
}

/** Dismisses the event's reminder; doing it twice does no more than once, so a lost answer just repeats it. */
export async function dismissReminder(mb: MailboxRef, event: ItemRef): Promise<void> {
  await mb.graph.call({
    method: "POST",
    path: graphPath`${eventPath(mb, event)}/dismissReminder`,
    notFound: event.input,
    repeatable: true,
  });
}

/** Snoozes the event's reminder until a new time (the same time again changes nothing: repeatable). */
export async function snoozeReminder(mb: MailboxRef, event: ItemRef, until: DateTimeTimeZone): Promise<void> {
  await mb.graph.call({
    method: "POST",
    path: graphPath`${eventPath(mb, event)}/snoozeReminder`,
    body: { NewReminderTime: until },
    notFound: event.input,
    repeatable: true,
  });
}

/**
 * The reminders of the mailbox's events in a window (instants as ISO strings in UTC), times in `zone`:
 * Graph's reminderView function, its window written as UTC date-times without offset, as it takes them.
 */
export async function reminderView(
  mb: MailboxRef,
  window: { start: string; end: string },
  zone: string | undefined,
): Promise<Reminder[]> {
  const [start, end] = [utcLocal(window.start), utcLocal(window.end)];
  const page = await mb.graph.call<{ value?: Reminder[] }>({
    method: "GET",
    path: graphPath`${mb.root}/reminderView(startDateTime='${start}',endDateTime='${end}')`,
    headers: preferZone(zone),
  });
  return page.value ?? [];
}

/** "2026-11-23T09:00:00.000Z" as "2026-11-23T09:00:00.0000000", the form Graph's own examples give reminderView. */
function utcLocal(iso: string): string {
  return `${iso.slice(0, 19)}.0000000`;
}
