import { randomBytes } from "node:crypto";
import { GraphError, badRequest, notFound, sendEmpty, sendJson } from "../http";
import { changeKey, itemId } from "../ids";
import { checkRecurrence, expand, type Recurrence } from "../recurrence";
import type { RouteContext, Router } from "../router";
import type { Attendee, Calendar, Mailbox, Recipient, SeedUser, StoredEvent } from "../store";
import { dateTimeTimeZone, instantOf, preferredZone } from "../timezones";
import {
  applyPreference,
  expandOption,
  mailboxOf,
  odataContext,
  readActionParameters,
  readJson,
  sendEntity,
  serviceRoot,
} from "./common";
import { htmlToText } from "../mime";
import { checkIfMatch } from "./preconditions";
import { attachmentJson } from "./serialize";
import { contextPath } from "./messages";
import { messageFrom } from "./messages";
import { applyQuery, nextLink, nextPageLink, parseSelect, selectProperties } from "./odata";

/**
 * Calendars and events as Exchange keeps them: meetings placed on every attendee's calendar with an
 * invitation in their Inbox, responses reported back to the organizer, cancellation by the
 * organizer only, recurring series expanded in calendar views, times in any Windows or IANA zone,
 * answered in the zone `Prefer: outlook.timezone` asks for.
 */

const EVENT = "microsoft.graph.event";
const NO_TIME = "0001-01-01T00:00:00Z";
const COLORS = [
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
];
const HEX: Record<string, string> = {
  auto: "",
  lightBlue: "#a6d1f5",
  lightGreen: "#87d28e",
  lightOrange: "#fcab73",
  lightGray: "#c0c0c0",
  lightYellow: "#fde300",
  lightTeal: "#03d3b5",
  lightPink: "#ff8c8c",
  lightBrown: "#dac3a3",
  lightRed: "#ff8caa",
  maxColor: "",
};

export const EVENT_COLLECTIONS = [
  "/users/{user-id}/events",
  "/users/{user-id}/calendar/events",
  "/users/{user-id}/calendars/{calendar-id}/events",
];
export const EVENT_ITEMS = EVENT_COLLECTIONS.map((c) => `${c}/{event-id}`);
const VIEWS = [
  "/users/{user-id}/calendarView",
  "/users/{user-id}/calendar/calendarView",
  "/users/{user-id}/calendars/{calendar-id}/calendarView",
];

export const calendarsOf = (ctx: RouteContext, access: "read" | "write") => mailboxOf(ctx, access, "calendar");

function calendarJson(ctx: RouteContext, owner: SeedUser, c: Calendar): Record<string, unknown> {
  return {
    "@odata.id": `${serviceRoot(ctx)}/users('${owner.id}')/calendars('${encodeURIComponent(c.id)}')`,
    "@odata.etag": `W/"${c.changeKey}"`,
    id: c.id,
    name: c.name,
    color: c.color,
    hexColor: HEX[c.color] ?? "",
    isDefaultCalendar: c.isDefaultCalendar,
    changeKey: c.changeKey,
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: ["teamsForBusiness"],
    defaultOnlineMeetingProvider: "teamsForBusiness",
    isTallyingResponses: true,
    isRemovable: !c.isDefaultCalendar,
    owner: { name: owner.displayName, address: owner.mail },
  };
}

/** The calendar a path names: a calendar id, the default calendar (/calendar), or none (the mailbox's events). */
function scopedCalendar(ctx: RouteContext, mb: Mailbox): Calendar | undefined {
  const id = ctx.params["calendar-id"];
  if (id !== undefined) {
    const c = mb.calendars.get(id);
    if (!c) throw notFound();
    return c;
  }
  return new URL(ctx.req.url ?? "/", "http://x").pathname.match(/\/calendar\//i)
    ? ctx.store.defaultCalendar(mb)
    : undefined;
}

/** An occurrence's id names its series and start, so it can be read back. */
function occurrenceId(masterId: string, start: number): string {
  return "AAMkO" + Buffer.from(`${masterId}|${start}`).toString("base64url");
}

function parseOccurrenceId(id: string): { masterId: string; start: number } | undefined {
  if (!id.startsWith("AAMkO")) return undefined;
  const [masterId, start] = Buffer.from(id.slice(5), "base64url").toString("utf8").split("|");
  return masterId && /^\d+$/.test(start ?? "") ? { masterId, start: Number(start) } : undefined;
}

function bodyPreview(ev: StoredEvent): string {
  return ev.body.content
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 255);
}

function locationJson(ev: StoredEvent): Record<string, unknown> {
  const name = ev.location.displayName;
  return {
    location: { displayName: name, locationType: "default", uniqueIdType: name ? "private" : "unknown" },
    locations: name ? [{ displayName: name, locationType: "default", uniqueIdType: "private" }] : [],
  };
}

function peopleJson(ev: StoredEvent): Record<string, unknown> {
  const organizer = ev.organizer.emailAddress;
  return {
    attendees: ev.attendees.map((a) => ({
      type: a.type,
      status: { ...a.status },
      emailAddress: { name: a.emailAddress.name ?? a.emailAddress.address, address: a.emailAddress.address },
    })),
    organizer: { emailAddress: { name: organizer.name ?? organizer.address, address: organizer.address } },
  };
}

/** The properties that say what kind of item this is, and where it lives. */
function itemJson(ev: StoredEvent, occurrence?: { start: number; end: number }): Record<string, unknown> {
  return {
    "@odata.etag": `W/"${ev.changeKey}"`,
    id: occurrence ? occurrenceId(ev.id, occurrence.start) : ev.id,
    createdDateTime: ev.createdDateTime,
    lastModifiedDateTime: ev.lastModifiedDateTime,
    changeKey: ev.changeKey,
    categories: [...ev.categories],
    transactionId: ev.transactionId,
    originalStartTimeZone: ev.startTimeZone,
    originalEndTimeZone: ev.endTimeZone,
    iCalUId: ev.iCalUId,
    reminderMinutesBeforeStart: ev.reminderMinutesBeforeStart,
    isReminderOn: ev.isReminderOn,
    hasAttachments: (ev.attachments ?? []).some((a) => !a.isInline),
    subject: ev.subject,
    bodyPreview: bodyPreview(ev),
    importance: ev.importance,
    sensitivity: ev.sensitivity,
    isAllDay: ev.isAllDay,
    isCancelled: ev.isCancelled,
    isOrganizer: ev.isOrganizer,
    responseRequested: ev.responseRequested,
    seriesMasterId: occurrence ? ev.id : null,
    showAs: ev.showAs,
    type: occurrence ? "occurrence" : ev.recurrence ? "seriesMaster" : "singleInstance",
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(ev.id)}&exvsurl=1&path=/calendar/item`,
  };
}

export function eventJson(
  ev: StoredEvent,
  zone: string,
  occurrence?: { start: number; end: number },
): Record<string, unknown> {
  const start = occurrence?.start ?? ev.start;
  const end = occurrence?.end ?? ev.end;
  // All-day events keep their own zone: midnight to midnight where they were made.
  const outZone = ev.isAllDay ? ev.startTimeZone : zone;
  return {
    ...itemJson(ev, occurrence),
    onlineMeetingUrl: null,
    isOnlineMeeting: ev.isOnlineMeeting,
    onlineMeetingProvider: ev.onlineMeetingProvider,
    allowNewTimeProposals: ev.allowNewTimeProposals,
    isDraft: false,
    hideAttendees: false,
    ...(occurrence ? { originalStart: new Date(occurrence.start).toISOString().replace(/\.\d{3}Z$/, "Z") } : {}),
    responseStatus: { ...ev.responseStatus },
    body: { ...ev.body },
    start: dateTimeTimeZone(start, outZone),
    end: dateTimeTimeZone(end, outZone),
    ...locationJson(ev),
    recurrence: occurrence ? null : ev.recurrence,
    ...peopleJson(ev),
    onlineMeeting: ev.isOnlineMeeting
      ? { joinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(ev.iCalUId)}` }
      : null,
  };
}

function attendeesFrom(value: unknown): Attendee[] {
  const list = (value as { type?: string; emailAddress?: { name?: string; address?: string } }[] | undefined) ?? [];
  const seen = new Set<string>();
  const out: Attendee[] = [];
  for (const a of list) {
    const address = String(a?.emailAddress?.address ?? "").trim();
    if (!address) throw badRequest("Each attendee needs an emailAddress.address.", "ErrorInvalidRecipients");
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push({
      type: (a.type as Attendee["type"]) ?? "required",
      status: { response: "none", time: NO_TIME },
      emailAddress: { name: a.emailAddress?.name, address },
    });
  }
  return out;
}

/** Applies a create or update body to an event, with Exchange's checks. */
function applyEventBody(ctx: RouteContext, ev: StoredEvent, body: Record<string, unknown>): void {
  if (body.subject !== undefined) ev.subject = String(body.subject ?? "");
  if (body.body !== undefined) {
    const b = body.body as { contentType?: string; content?: string };
    ev.body = { contentType: b?.contentType?.toLowerCase() === "text" ? "text" : "html", content: b?.content ?? "" };
  }
  if (body.start !== undefined) {
    const s = body.start as { dateTime?: string; timeZone?: string };
    ev.start = instantOf(s, "start");
    ev.startTimeZone = s.timeZone ?? "UTC";
  }
  if (body.end !== undefined) {
    const e = body.end as { dateTime?: string; timeZone?: string };
    ev.end = instantOf(e, "end");
    ev.endTimeZone = e.timeZone ?? "UTC";
  }
  if (body.isAllDay !== undefined) ev.isAllDay = body.isAllDay === true;
  if (body.location !== undefined)
    ev.location = { displayName: String((body.location as { displayName?: string } | null)?.displayName ?? "") };
  if (body.attendees !== undefined) ev.attendees = mergeStatus(ev.attendees, attendeesFrom(body.attendees));
  for (const key of ["showAs", "importance", "sensitivity", "onlineMeetingProvider"] as const)
    if (body[key] !== undefined) (ev as unknown as Record<string, unknown>)[key] = body[key];
  for (const key of ["isReminderOn", "isOnlineMeeting", "responseRequested", "allowNewTimeProposals"] as const)
    if (body[key] !== undefined) (ev as unknown as Record<string, unknown>)[key] = body[key] === true;
  if (body.reminderMinutesBeforeStart !== undefined)
    ev.reminderMinutesBeforeStart = Number(body.reminderMinutesBeforeStart);
  if (body.categories !== undefined) ev.categories = (body.categories as string[]) ?? [];
  // Outlook sets a reminder afresh when the meeting moves or its reminder changes: snoozes and dismissals go.
  if (["start", "recurrence", "isReminderOn", "reminderMinutesBeforeStart"].some((k) => body[k] !== undefined)) {
    ev.reminderAt = undefined;
    ev.occurrenceReminders = undefined;
  }
  if (body.isOnlineMeeting === true && !body.onlineMeetingProvider) ev.onlineMeetingProvider = "teamsForBusiness";
  if (body.recurrence !== undefined) {
    if (body.recurrence === null) ev.recurrence = null;
    else {
      checkRecurrence(body.recurrence as Recurrence);
      ev.recurrence = body.recurrence as Record<string, unknown>;
    }
  }
  if (ev.end < ev.start) throw badRequest("The event's end must not be before its start.", "ErrorInvalidRequest");
  if (ev.isAllDay) {
    const startLocal = dateTimeTimeZone(ev.start, ev.startTimeZone).dateTime;
    const endLocal = dateTimeTimeZone(ev.end, ev.endTimeZone).dateTime;
    if (!startLocal.includes("T00:00:00") || !endLocal.includes("T00:00:00") || ev.end <= ev.start) {
      throw badRequest(
        "An all-day event must start and end at midnight, at least one day apart.",
        "ErrorInvalidRequest",
      );
    }
  }
  ev.lastModifiedDateTime = ctx.clock.iso();
  ev.changeKey = changeKey();
}

function mergeStatus(old: Attendee[], next: Attendee[]): Attendee[] {
  return next.map(
    (a) => old.find((o) => o.emailAddress.address.toLowerCase() === a.emailAddress.address.toLowerCase()) ?? a,
  );
}

/** Announces an event change to subscriptions (folderId carries the calendar). */
/** An event changed in place (its attachments, its reminder): new change key, announced as updated. */
export function eventChanged(ctx: RouteContext, mb: Mailbox, ev: StoredEvent): void {
  ev.changeKey = changeKey();
  ev.lastModifiedDateTime = ctx.clock.iso();
  changed(ctx, mb, ev, "updated");
}

function changed(ctx: RouteContext, mb: Mailbox, ev: StoredEvent, changeType: "created" | "updated" | "deleted"): void {
  const seq = ctx.store.nextSeq(mb);
  if (changeType === "deleted") mb.removals.push({ kind: "event", id: ev.id, scope: ev.calendarId, seq });
  else {
    ev.seq = seq;
    if (changeType === "created" || ev.createdSeq === undefined) ev.createdSeq = seq;
  }
  ctx.store.emitChange({ userId: mb.userId, resource: "event", changeType, id: ev.id, folderId: ev.calendarId });
}

/** The events of a mailbox that are the same meeting (same iCalendar UID). */
function copiesOf(mb: Mailbox, iCalUId: string): StoredEvent[] {
  return [...mb.events.values()].filter((e) => e.iCalUId === iCalUId);
}

/** A meeting message in someone's Inbox (request, response or cancellation). */
function meetingMessage(
  ctx: RouteContext,
  from: SeedUser,
  to: Recipient[],
  ev: StoredEvent,
  subject: string,
  info: Pick<
    NonNullable<ReturnType<typeof messageFrom>["eventMessage"]>,
    "odataType" | "meetingMessageType" | "responseType"
  >,
  bodyText?: string,
): ReturnType<typeof messageFrom> {
  const m = messageFrom(
    ctx,
    {
      subject,
      body: { contentType: "html", content: bodyText ?? ev.body.content },
      toRecipients: to,
      from: { emailAddress: { name: from.displayName, address: from.mail } },
    },
    from,
    "",
    false,
  );
  m.eventMessage = {
    ...info,
    start: dateTimeTimeZone(ev.start, "UTC"),
    end: dateTimeTimeZone(ev.end, "UTC"),
    location: ev.location.displayName,
    isAllDay: ev.isAllDay,
    type: ev.recurrence ? "seriesMaster" : "singleInstance",
    iCalUId: ev.iCalUId,
  };
  return m;
}

function deliverTo(ctx: RouteContext, address: string, message: ReturnType<typeof messageFrom>): void {
  const user = ctx.store.findByAddress(address);
  const mb = user ? ctx.store.mailboxes.get(user.id) : undefined;
  if (!mb) {
    ctx.store.outbound.push({
      from: message.from?.emailAddress.address ?? "",
      to: address,
      internetMessageId: message.internetMessageId,
      subject: message.subject,
      sentDateTime: ctx.clock.iso(),
    });
    return;
  }
  ctx.store.putMessage(mb, { ...message, folderId: ctx.store.folderByWellKnown(mb, "inbox").id, isRead: false });
}

/** Places the organizer's meeting on each attendee's calendar, with an invitation in their Inbox. */
export function invite(ctx: RouteContext, organizer: SeedUser, ev: StoredEvent, attendees: Attendee[]): void {
  for (const a of attendees) {
    const user = ctx.store.findByAddress(a.emailAddress.address);
    const mb = user && user.id !== organizer.id ? ctx.store.mailboxes.get(user.id) : undefined;
    if (mb && !copiesOf(mb, ev.iCalUId).length) {
      const copy: StoredEvent = {
        ...structuredClone(ev),
        id: itemId(),
        calendarId: ctx.store.defaultCalendar(mb).id,
        isOrganizer: false,
        responseStatus: { response: "notResponded", time: NO_TIME },
        transactionId: null,
      };
      mb.events.set(copy.id, copy);
      changed(ctx, mb, copy, "created");
    }
    deliverTo(
      ctx,
      a.emailAddress.address,
      meetingMessage(ctx, organizer, [{ emailAddress: a.emailAddress }], ev, ev.subject, {
        odataType: "eventMessageRequest",
        meetingMessageType: "meetingRequest",
      }),
    );
  }
}

/** The forwarded meeting request as the forwarder's Sent Items keep it ("FW: …", to everyone it went to). */
function fileForwardedRequest(
  ctx: RouteContext,
  forwarder: SeedUser,
  ev: StoredEvent,
  added: Attendee[],
  comment: string,
): void {
  const mb = ctx.store.mailboxes.get(forwarder.id);
  if (!mb) return;
  const request = meetingMessage(
    ctx,
    forwarder,
    added.map((a) => ({ emailAddress: { ...a.emailAddress } })),
    ev,
    `FW: ${ev.subject}`,
    { odataType: "eventMessageRequest", meetingMessageType: "meetingRequest" },
    comment ? `<p>${escapeHtml(comment)}</p>${ev.body.content}` : undefined,
  );
  ctx.store.putMessage(mb, { ...request, folderId: ctx.store.folderByWellKnown(mb, "sentitems").id, isRead: true });
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * A meeting forwarded by `forwarder`: the new people join the organizer's event (as optional
 * attendees); when an attendee forwards it, the organizer is told in a message of their own.
 */
export function recordForward(
  ctx: RouteContext,
  forwarder: SeedUser,
  ev: StoredEvent,
  added: Attendee[],
  comment: string,
): void {
  fileForwardedRequest(ctx, forwarder, ev, added, comment);
  const organizerAddress = ev.organizer.emailAddress.address;
  const organizer = ctx.store.findByAddress(organizerAddress);
  const organizerMb = organizer ? ctx.store.mailboxes.get(organizer.id) : undefined;
  const original = ev.isOrganizer ? ev : organizerMb && copiesOf(organizerMb, ev.iCalUId).find((e) => e.isOrganizer);
  if (original && organizerMb) {
    const known = new Set(original.attendees.map((a) => a.emailAddress.address.toLowerCase()));
    const fresh = added.filter((a) => !known.has(a.emailAddress.address.toLowerCase()));
    if (fresh.length) {
      original.attendees = [...original.attendees, ...fresh];
      original.lastModifiedDateTime = ctx.clock.iso();
      original.changeKey = changeKey();
      changed(ctx, organizerMb, original, "updated");
    }
  }
  if (ev.isOrganizer) return;
  const names = added.map((a) => a.emailAddress.name || a.emailAddress.address).join("; ");
  deliverTo(
    ctx,
    organizerAddress,
    messageFrom(
      ctx,
      {
        subject: `Meeting Forward Notification: ${ev.subject}`,
        body: { contentType: "html", content: `<p>${forwarder.displayName} forwarded your meeting to ${names}.</p>` },
        toRecipients: [{ emailAddress: { ...ev.organizer.emailAddress } }],
        from: { emailAddress: { name: forwarder.displayName, address: forwarder.mail } },
      },
      forwarder,
      "",
      false,
    ),
  );
}

/** Brings attendees' copies in line with the organizer's event. */
function propagate(ctx: RouteContext, organizer: SeedUser, ev: StoredEvent): void {
  for (const a of ev.attendees) {
    const user = ctx.store.findByAddress(a.emailAddress.address);
    const mb = user ? ctx.store.mailboxes.get(user.id) : undefined;
    if (!mb || user!.id === organizer.id) continue;
    for (const copy of copiesOf(mb, ev.iCalUId)) {
      Object.assign(copy, {
        subject: ev.subject,
        body: ev.body,
        start: ev.start,
        end: ev.end,
        startTimeZone: ev.startTimeZone,
        endTimeZone: ev.endTimeZone,
        isAllDay: ev.isAllDay,
        location: ev.location,
        recurrence: ev.recurrence,
        attendees: structuredClone(ev.attendees),
        isOnlineMeeting: ev.isOnlineMeeting,
        lastModifiedDateTime: ev.lastModifiedDateTime,
        changeKey: changeKey(),
      });
      changed(ctx, mb, copy, "updated");
    }
  }
}

/** Cancels a meeting on attendees' calendars and tells them. */
function cancelFor(
  ctx: RouteContext,
  organizer: SeedUser,
  ev: StoredEvent,
  attendees: Attendee[],
  comment?: string,
): void {
  for (const a of attendees) {
    const user = ctx.store.findByAddress(a.emailAddress.address);
    const mb = user ? ctx.store.mailboxes.get(user.id) : undefined;
    for (const copy of mb ? copiesOf(mb, ev.iCalUId) : []) {
      Object.assign(copy, {
        isCancelled: true,
        subject: `Canceled: ${ev.subject}`,
        changeKey: changeKey(),
        lastModifiedDateTime: ctx.clock.iso(),
      });
      changed(ctx, mb!, copy, "updated");
    }
    deliverTo(
      ctx,
      a.emailAddress.address,
      meetingMessage(
        ctx,
        organizer,
        [{ emailAddress: a.emailAddress }],
        ev,
        `Canceled: ${ev.subject}`,
        { odataType: "eventMessage", meetingMessageType: "meetingCancelled" },
        comment ?? ev.body.content,
      ),
    );
  }
}

export function findEvent(
  ctx: RouteContext,
  mb: Mailbox,
): { ev: StoredEvent; occurrence?: { start: number; end: number } } {
  const id = ctx.params["event-id"];
  const direct = mb.events.get(id);
  if (direct) return { ev: direct };
  const occ = parseOccurrenceId(id);
  const master = occ ? mb.events.get(occ.masterId) : undefined;
  if (occ && master?.recurrence) {
    const found = expand(
      master.recurrence as unknown as Recurrence,
      master.start,
      master.end,
      master.startTimeZone,
      occ.start,
      occ.start + 1,
    ).find((o) => o.start === occ.start);
    if (found) return { ev: master, occurrence: found };
  }
  throw notFound();
}

function noOccurrence(occurrence: unknown): void {
  if (occurrence)
    throw badRequest(
      "The sandbox changes whole series only; update, cancel or respond to the series master.",
      "ErrorInvalidRequest",
    );
}

function listEvents(ctx: RouteContext): void {
  const { mailbox } = calendarsOf(ctx, "read");
  const calendar = scopedCalendar(ctx, mailbox);
  const zone = preferredZone(ctx.req.headers.prefer as string | undefined);
  const items = [...mailbox.events.values()]
    .filter((e) => !calendar || e.calendarId === calendar.id)
    .map((e) => eventJson(e, zone));
  sendPage(ctx, items, "events", [{ path: ["start", "dateTime"], desc: false }]);
}

function sendPage(
  ctx: RouteContext,
  items: Record<string, unknown>[],
  collection: string,
  defaultOrder: { path: string[]; desc: boolean }[],
): void {
  const top = maxPageSize(ctx);
  const result = applyQuery(
    items.map((e) => eventBody(ctx, e)),
    ctx.query,
    { typeName: EVENT, defaultTop: top ?? 10, maxTop: 1000, defaultOrder },
  );
  const page: Record<string, unknown> = {
    "@odata.context": odataContext(ctx, contextPath(ctx, collection)),
    value: result.items.map((e) => withLocations(e)),
  };
  if (result.nextSkip !== undefined) page["@odata.nextLink"] = nextPageLink(ctx, result.nextSkip);
  applyPreference(ctx, `outlook.timezone="${preferredZone(ctx.req.headers.prefer as string | undefined)}"`);
  sendJson(ctx.res, 200, page);
}

/** A new event as Outlook fills it in before the request's own properties are applied. */
function blankEvent(ctx: RouteContext, user: SeedUser, calendarId: string, transactionId: string | null): StoredEvent {
  const now = ctx.clock.iso();
  return {
    id: itemId(),
    calendarId,
    iCalUId: "040000008200E00074C5B7101A82E008" + randomBytes(28).toString("hex").toUpperCase(),
    createdDateTime: now,
    lastModifiedDateTime: now,
    changeKey: changeKey(),
    subject: "",
    body: { contentType: "html", content: "" },
    start: 0,
    end: 0,
    startTimeZone: "UTC",
    endTimeZone: "UTC",
    isAllDay: false,
    location: { displayName: "" },
    attendees: [],
    organizer: { emailAddress: { name: user.displayName, address: user.mail } },
    isOrganizer: true,
    responseStatus: { response: "organizer", time: NO_TIME },
    showAs: "busy",
    importance: "normal",
    sensitivity: "normal",
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    isOnlineMeeting: false,
    onlineMeetingProvider: "unknown",
    recurrence: null,
    isCancelled: false,
    categories: [],
    responseRequested: true,
    allowNewTimeProposals: true,
    transactionId,
  };
}

function sendCreatedEvent(ctx: RouteContext, ev: StoredEvent): void {
  const zone = preferredZone(ctx.req.headers.prefer as string | undefined);
  sendEntity(ctx, 201, `${contextPath(ctx, "events")}/$entity`, eventJson(ev, zone));
}

function createEvent(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "write");
  const calendar = scopedCalendar(ctx, mailbox) ?? ctx.store.defaultCalendar(mailbox);
  const body = readJson(ctx, EVENT);
  if (!body.start || !body.end) throw badRequest("An event needs a start and an end.", "ErrorInvalidRequest");
  // Graph's guard against duplicates from client retries: the same transactionId returns the same event.
  const transactionId = typeof body.transactionId === "string" ? body.transactionId : null;
  const existing = transactionId
    ? [...mailbox.events.values()].find((e) => e.transactionId === transactionId)
    : undefined;
  if (existing) return sendCreatedEvent(ctx, existing);
  const ev = blankEvent(ctx, user, calendar.id, transactionId);
  applyEventBody(ctx, ev, body);
  mailbox.events.set(ev.id, ev);
  changed(ctx, mailbox, ev, "created");
  if (ev.attendees.length) invite(ctx, user, ev, ev.attendees);
  sendCreatedEvent(ctx, ev);
}

function updateEvent(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "write");
  const { ev, occurrence } = findEvent(ctx, mailbox);
  noOccurrence(occurrence);
  checkIfMatch(ctx, ev.changeKey);
  const body = readJson(ctx, EVENT);
  const before = ev.attendees.map((a) => a.emailAddress.address.toLowerCase());
  applyEventBody(ctx, ev, body);
  changed(ctx, mailbox, ev, "updated");
  if (ev.isOrganizer) {
    const added = ev.attendees.filter((a) => !before.includes(a.emailAddress.address.toLowerCase()));
    const removedAddresses = before.filter(
      (b) => !ev.attendees.some((a) => a.emailAddress.address.toLowerCase() === b),
    );
    propagate(ctx, user, ev);
    if (added.length) invite(ctx, user, ev, added);
    if (removedAddresses.length)
      cancelFor(
        ctx,
        user,
        ev,
        removedAddresses.map((address) => ({
          type: "required",
          status: { response: "none", time: NO_TIME },
          emailAddress: { address },
        })),
      );
  }
  sendEntity(
    ctx,
    200,
    `${contextPath(ctx, "events")}/$entity`,
    eventJson(ev, preferredZone(ctx.req.headers.prefer as string | undefined)),
  );
}

function deleteEvent(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "write");
  const { ev, occurrence } = findEvent(ctx, mailbox);
  noOccurrence(occurrence);
  checkIfMatch(ctx, ev.changeKey);
  mailbox.events.delete(ev.id);
  changed(ctx, mailbox, ev, "deleted");
  if (ev.isOrganizer && ev.attendees.length && !ev.isCancelled) cancelFor(ctx, user, ev, ev.attendees);
  sendEmpty(ctx.res, 204);
}

function cancelEvent(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "write");
  const { ev, occurrence } = findEvent(ctx, mailbox);
  noOccurrence(occurrence);
  if (!ev.isOrganizer)
    throw badRequest(
      "Your request can't be completed. You need to be an organizer to cancel a meeting.",
      "ErrorInvalidRequest",
    );
  const params = readActionParameters(ctx, EVENT, "cancel", { required: false });
  mailbox.events.delete(ev.id);
  changed(ctx, mailbox, ev, "deleted");
  cancelFor(ctx, user, ev, ev.attendees, typeof params.comment === "string" ? params.comment : undefined);
  sendEmpty(ctx.res, 202);
}

const RESPONSES = { accept: "accepted", tentativelyAccept: "tentativelyAccepted", decline: "declined" } as const;
const RESPONSE_SUBJECT = { accepted: "Accepted", tentativelyAccepted: "Tentative", declined: "Declined" } as const;
const RESPONSE_MESSAGE = {
  accepted: "meetingAccepted",
  tentativelyAccepted: "meetingTenativelyAccepted",
  declined: "meetingDeclined",
} as const;

function respond(action: keyof typeof RESPONSES) {
  return (ctx: RouteContext) => {
    const { user, mailbox } = calendarsOf(ctx, "write");
    const { ev, occurrence } = findEvent(ctx, mailbox);
    noOccurrence(occurrence);
    if (ev.isOrganizer)
      throw badRequest(
        "Your request can't be completed. You can't respond to a meeting you organized.",
        "ErrorInvalidRequest",
      );
    const params = readActionParameters(ctx, EVENT, action, { required: false });
    const response = RESPONSES[action];
    const now = ctx.clock.iso();
    ev.responseStatus = { response, time: now };
    ev.changeKey = changeKey();
    // The organizer's event records the answer.
    const organizerUser = ctx.store.findByAddress(ev.organizer.emailAddress.address);
    const organizerMb = organizerUser ? ctx.store.mailboxes.get(organizerUser.id) : undefined;
    for (const orig of organizerMb ? copiesOf(organizerMb, ev.iCalUId) : []) {
      for (const a of orig.attendees)
        if (a.emailAddress.address.toLowerCase() === user.mail.toLowerCase()) a.status = { response, time: now };
      orig.changeKey = changeKey();
      changed(ctx, organizerMb!, orig, "updated");
    }
    if (response === "declined") {
      mailbox.events.delete(ev.id);
      changed(ctx, mailbox, ev, "deleted");
    } else changed(ctx, mailbox, ev, "updated");
    if (params.sendResponse !== false) {
      deliverTo(
        ctx,
        ev.organizer.emailAddress.address,
        meetingMessage(
          ctx,
          user,
          [ev.organizer],
          ev,
          `${RESPONSE_SUBJECT[response]}: ${ev.subject}`,
          {
            odataType: "eventMessageResponse",
            meetingMessageType: RESPONSE_MESSAGE[response] as never,
            responseType: response,
          },
          typeof params.comment === "string" ? params.comment : "",
        ),
      );
    }
    sendEmpty(ctx.res, 202);
  };
}

/** A calendar view's window from its required query parameters. */
export function windowOf(ctx: RouteContext, kept?: { start?: string; end?: string }): { from: number; to: number } {
  const named = (name: string) => [...ctx.query].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  const start = kept?.start ?? named("startDateTime");
  const end = kept?.end ?? named("endDateTime");
  if (!start || !end)
    throw new GraphError(
      400,
      "ErrorInvalidParameter",
      "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
    );
  const asUtc = (s: string) => Date.parse(/Z$|[+-]\d\d:\d\d$/.test(s) ? s : `${s}Z`);
  const from = asUtc(start);
  const to = asUtc(end);
  if (Number.isNaN(from) || Number.isNaN(to))
    throw new GraphError(
      400,
      "ErrorInvalidParameter",
      "StartDateTime and EndDateTime must be ISO 8601 dates and times.",
    );
  if (to <= from) throw new GraphError(400, "ErrorInvalidParameter", "EndDateTime must be after StartDateTime.");
  return { from, to };
}

/** Single events and expanded occurrences overlapping a window. */
export function eventsIn(
  mb: Mailbox,
  calendarId: string | undefined,
  from: number,
  to: number,
): { ev: StoredEvent; occurrence?: { start: number; end: number } }[] {
  const out: { ev: StoredEvent; occurrence?: { start: number; end: number } }[] = [];
  for (const ev of mb.events.values()) {
    if (calendarId && ev.calendarId !== calendarId) continue;
    if (ev.recurrence) {
      for (const o of expand(ev.recurrence as unknown as Recurrence, ev.start, ev.end, ev.startTimeZone, from, to))
        out.push({ ev, occurrence: o });
    } else if (ev.start < to && ev.end > from) out.push({ ev });
  }
  return out.sort((a, b) => (a.occurrence?.start ?? a.ev.start) - (b.occurrence?.start ?? b.ev.start));
}

function calendarView(ctx: RouteContext): void {
  const { mailbox } = calendarsOf(ctx, "read");
  const calendar = scopedCalendar(ctx, mailbox);
  const { from, to } = windowOf(ctx);
  const zone = preferredZone(ctx.req.headers.prefer as string | undefined);
  const items = eventsIn(mailbox, calendar?.id, from, to).map(({ ev, occurrence }) => eventJson(ev, zone, occurrence));
  sendPage(ctx, items, "calendarView", []);
}

function instances(ctx: RouteContext): void {
  const { mailbox } = calendarsOf(ctx, "read");
  const { ev } = findEvent(ctx, mailbox);
  const { from, to } = windowOf(ctx);
  const zone = preferredZone(ctx.req.headers.prefer as string | undefined);
  const occurrences = ev.recurrence
    ? expand(ev.recurrence as unknown as Recurrence, ev.start, ev.end, ev.startTimeZone, from, to)
    : [];
  sendPage(
    ctx,
    occurrences.map((o) => eventJson(ev, zone, o)),
    "events",
    [],
  );
}

function listCalendars(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "read");
  const items = [...mailbox.calendars.values()].map((c) => calendarJson(ctx, user, c));
  const result = applyQuery(items, ctx.query, {
    typeName: "microsoft.graph.calendar",
    defaultTop: 10,
    maxTop: 1000,
    defaultOrder: [],
  });
  const page: Record<string, unknown> = {
    "@odata.context": odataContext(ctx, contextPath(ctx, "calendars")),
    value: result.items,
  };
  if (result.nextSkip !== undefined) {
    const path = new URL(ctx.req.url ?? "/", "http://x").pathname;
    page["@odata.nextLink"] = nextLink(ctx.origin, path, ctx.query, result.nextSkip);
  }
  sendJson(ctx.res, 200, page);
}

function createCalendar(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "write");
  const body = readJson(ctx, "microsoft.graph.calendar");
  const name = typeof body.name === "string" ? body.name.trim() : "";
  if (!name) throw badRequest("A calendar needs a name.", "ErrorInvalidRequest");
  if ([...mailbox.calendars.values()].some((c) => c.name.toLowerCase() === name.toLowerCase()))
    throw new GraphError(409, "ErrorFolderExists", "A folder with the specified name already exists.");
  const color = typeof body.color === "string" ? body.color : "auto";
  if (!COLORS.includes(color))
    throw new GraphError(400, "RequestBodyRead", `Requested value '${color}' was not found.`);
  const calendar: Calendar = { id: itemId(), name, color, isDefaultCalendar: false, changeKey: changeKey() };
  mailbox.calendars.set(calendar.id, calendar);
  sendEntity(ctx, 201, `${contextPath(ctx, "calendars")}/$entity`, calendarJson(ctx, user, calendar));
}

function getDefaultCalendar(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "read");
  const calendar = ctx.store.defaultCalendar(mailbox);
  sendEntity(ctx, 200, `${contextPath(ctx, "calendar")}/$entity`, calendarJson(ctx, user, calendar));
}

function getCalendar(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "read");
  sendEntity(
    ctx,
    200,
    `${contextPath(ctx, "calendars")}/$entity`,
    calendarJson(ctx, user, scopedCalendar(ctx, mailbox)!),
  );
}

function updateCalendar(ctx: RouteContext): void {
  const { user, mailbox } = calendarsOf(ctx, "write");
  const calendar = scopedCalendar(ctx, mailbox) ?? ctx.store.defaultCalendar(mailbox);
  const body = readJson(ctx, "microsoft.graph.calendar");
  for (const key of Object.keys(body))
    if (!["name", "color"].includes(key))
      throw badRequest(`The property '${key}' of a calendar cannot be updated.`, "ErrorInvalidPropertySet");
  if (typeof body.name === "string") {
    if (!body.name.trim()) throw badRequest("A calendar needs a name.", "ErrorInvalidRequest");
    calendar.name = body.name.trim();
  }
  if (typeof body.color === "string") calendar.color = body.color;
  calendar.changeKey = changeKey();
  sendEntity(ctx, 200, `${contextPath(ctx, "calendars")}/$entity`, calendarJson(ctx, user, calendar));
}

function deleteCalendar(ctx: RouteContext): void {
  const { mailbox } = calendarsOf(ctx, "write");
  const calendar = scopedCalendar(ctx, mailbox) ?? ctx.store.defaultCalendar(mailbox);
  if (calendar.isDefaultCalendar) throw badRequest("The default calendar cannot be deleted.", "ErrorInvalidRequest");
  mailbox.calendars.delete(calendar.id);
  for (const e of [...mailbox.events.values()]) if (e.calendarId === calendar.id) mailbox.events.delete(e.id);
  sendEmpty(ctx.res, 204);
}

function getEvent(ctx: RouteContext): void {
  const { mailbox } = calendarsOf(ctx, "read");
  const { ev, occurrence } = findEvent(ctx, mailbox);
  const zone = preferredZone(ctx.req.headers.prefer as string | undefined);
  const select = parseSelect(ctx.query, EVENT);
  const json = withLocations(selectProperties(eventBody(ctx, eventJson(ev, zone, occurrence)), select));
  const expanded = expandOption(ctx).some((e) => e.name.toLowerCase() === "attachments")
    ? { ...json, attachments: (ev.attachments ?? []).map((a) => attachmentJson(a, true)) }
    : json;
  sendEntity(ctx, 200, `${contextPath(ctx, "events", select)}/$entity`, expanded);
}

/** `Prefer: odata.maxpagesize=N` on a list: the page size, said applied. */
function maxPageSize(ctx: RouteContext): number | undefined {
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(String(ctx.req.headers.prefer ?? ""));
  if (!m) return undefined;
  const n = Math.min(Math.max(1, Number(m[1])), 1000, ctx.maxPageSize ?? 1000);
  applyPreference(ctx, `odata.maxpagesize=${n}`);
  return n;
}

/** `Prefer: outlook.body-content-type` on events: the body as text or HTML, said applied. */
export function eventBody(ctx: RouteContext, json: Record<string, unknown>): Record<string, unknown> {
  const m = /outlook\.body-content-type\s*=\s*"?(text|html)"?/i.exec(String(ctx.req.headers.prefer ?? ""));
  const body = json.body as { contentType: string; content: string } | undefined;
  if (!m || !body) return json;
  const want = m[1].toLowerCase() as "text" | "html";
  applyPreference(ctx, `outlook.body-content-type="${want}"`);
  if (body.contentType === want) return json;
  const content = want === "text" ? htmlToText(body.content) : `<html><body>${body.content}</body></html>`;
  return { ...json, body: { contentType: want, content } };
}

/** A selected `location` comes with `locations`, as Outlook answers it. */
function withLocations(json: Record<string, unknown>): Record<string, unknown> {
  if (!("location" in json) || "locations" in json) return json;
  const location = json.location as { displayName?: string } | null;
  return { ...json, locations: location?.displayName ? [location] : [] };
}

export function registerEventRoutes(router: Router): void {
  router.add("graph", "GET", "/users/{user-id}/calendars", listCalendars);
  router.add("graph", "POST", "/users/{user-id}/calendars", createCalendar);
  router.add("graph", "GET", "/users/{user-id}/calendar", getDefaultCalendar);
  router.add("graph", "PATCH", "/users/{user-id}/calendar", updateCalendar);
  router.add("graph", "DELETE", "/users/{user-id}/calendar", deleteCalendar);
  const one = "/users/{user-id}/calendars/{calendar-id}";
  router.add("graph", "GET", one, getCalendar);
  router.add("graph", "PATCH", one, updateCalendar);
  router.add("graph", "DELETE", one, deleteCalendar);
  for (const c of EVENT_COLLECTIONS) {
    router.add("graph", "GET", c, listEvents);
    router.add("graph", "POST", c, createEvent);
  }
  for (const item of EVENT_ITEMS) {
    router.add("graph", "GET", item, getEvent);
    router.add("graph", "PATCH", item, updateEvent);
    router.add("graph", "DELETE", item, deleteEvent);
    router.add("graph", "POST", `${item}/cancel`, cancelEvent);
    for (const action of Object.keys(RESPONSES) as (keyof typeof RESPONSES)[])
      router.add("graph", "POST", `${item}/${action}`, respond(action));
    router.add("graph", "GET", `${item}/instances`, instances);
  }
  for (const v of VIEWS) router.add("graph", "GET", v, calendarView);
}
