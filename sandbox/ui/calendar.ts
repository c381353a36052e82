import { DateTime } from "luxon";
import { eventsIn } from "../graph/events";
import type { RouteContext } from "../router";
import type { Mailbox, SeedUser, StoredEvent } from "../store";
import { toIana } from "../timezones";
import { html, queryString, uiPath, type Html } from "./html";
import { page, problemPage } from "./layout";
import { findUser, recipientText } from "./mailboxes";
import { sendHtml } from "./respond";
import type { UiState } from "./state";

/**
 * Calendars in a week view: Monday to Sunday in the mailbox's time zone (or `tz`), recurring series
 * expanded as calendarView expands them, events of all calendars or of one. Each event is placed by
 * the UI's script from its data attributes (the pages allow no inline styles); without script the
 * events still read in order, and the table under the week lists them in full.
 */

interface Week {
  user: SeedUser;
  mb: Mailbox;
  zone: string;
  start: DateTime;
  calendarId?: string;
  /** The sandbox's clock (today is marked by it). */
  now: number;
}

interface Placed {
  ev: StoredEvent;
  start: number;
  end: number;
}

const DAY_MS = 24 * 3600 * 1000;

function weekOf(state: UiState, ctx: RouteContext): Week | string {
  const user = findUser(state, ctx.params.user);
  const mb = user && state.store.mailboxes.get(user.id);
  if (!user || !mb) return "No such mailbox.";
  const asked = ctx.query.get("tz") ?? String(mb.settings.timeZone ?? "UTC");
  const zone = toIana(asked) ?? "UTC";
  const day = ctx.query.get("week");
  const base = day ? DateTime.fromISO(day, { zone }) : DateTime.fromMillis(state.clock.now(), { zone });
  if (!base.isValid) return `Not a date: ${day}`;
  const calendarId = ctx.query.get("calendar") || undefined;
  if (calendarId && !mb.calendars.has(calendarId)) return "No such calendar.";
  return { user, mb, zone, start: base.startOf("week"), calendarId, now: state.clock.now() };
}

function link(w: Week, start: DateTime, label: string): Html {
  const q = queryString({ week: start.toISODate() ?? undefined, calendar: w.calendarId, tz: w.zone });
  return html`<a href="${uiPath("calendars", w.user.id)}${q}">${label}</a>`;
}

function toolbar(w: Week): Html {
  const options = [...w.mb.calendars.values()].map(
    (c) => html`<option value="${c.id}" ${c.id === w.calendarId ? html` selected` : ""}>${c.name}</option>`,
  );
  return html`<form class="toolbar" method="get" action="${uiPath("calendars", w.user.id)}">
    ${link(w, w.start.minus({ weeks: 1 }), "← Previous week")} ${link(w, w.start.plus({ weeks: 1 }), "Next week →")}
    <label>Week of <input type="date" name="week" value="${w.start.toISODate()}" /></label>
    <label
      >Calendar
      <select name="calendar">
        <option value="">All calendars</option>
        ${options}
      </select></label
    >
    <label>Time zone <input name="tz" value="${w.zone}" size="18" /></label>
    <button type="submit">Show</button>
  </form>`;
}

function eventTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("HH:mm");
}

/**
 * Side-by-side lanes for overlapping events of one day (items in start order): events that overlap,
 * directly or through others, share the width; an event overlapping nothing keeps all of it.
 */
function lanes(items: Placed[]): { item: Placed; lane: number; of: number }[] {
  const out: { item: Placed; lane: number; of: number }[] = [];
  let cluster: typeof out = [];
  let ends: number[] = [];
  const close = () => {
    for (const o of cluster) o.of = ends.length;
    cluster = [];
    ends = [];
  };
  for (const item of items) {
    if (ends.length && Math.max(...ends) <= item.start) close();
    let lane = ends.findIndex((end) => end <= item.start);
    if (lane < 0) lane = ends.push(item.end) - 1;
    else ends[lane] = item.end;
    const placed = { item, lane, of: 1 };
    cluster.push(placed);
    out.push(placed);
  }
  close();
  return out;
}

function eventBlock(w: Week, p: Placed, dayStart: number, lane: number, of: number): Html {
  const from = Math.max(p.start, dayStart);
  const to = Math.min(p.end, dayStart + DAY_MS);
  const top = ((from - dayStart) / DAY_MS) * 100;
  // At least a line of text tall (20 of the day's 960 pixels).
  const height = Math.max(((to - from) / DAY_MS) * 100, 2.1);
  const title = `${p.ev.subject} (${eventTime(p.start, w.zone)}–${eventTime(p.end, w.zone)})`;
  return html`<a
    class="event${p.ev.isCancelled ? " cancelled" : ""}"
    href="#ev-${p.ev.id}-${p.start}"
    title="${title}"
    data-top="${top.toFixed(3)}"
    data-height="${height.toFixed(3)}"
    data-lane="${lane}"
    data-lanes="${of}"
    ><b>${eventTime(p.start, w.zone)}</b> ${p.ev.subject || "(no title)"}
    ${p.ev.location.displayName ? html`<span class="dim">${p.ev.location.displayName}</span>` : ""}</a
  >`;
}

function dayColumn(w: Week, day: DateTime, timed: Placed[]): Html {
  const dayStart = day.toMillis();
  const today = day.hasSame(DateTime.fromMillis(w.now, { zone: w.zone }), "day");
  const mine = timed.filter((p) => p.start < dayStart + DAY_MS && p.end > dayStart);
  return html`<div class="day${today ? " today" : ""}">
    ${lanes(mine).map((l) => eventBlock(w, l.item, dayStart, l.lane, l.of))}
  </div>`;
}

function weekGrid(w: Week, placed: Placed[]): Html {
  const days = Array.from({ length: 7 }, (_, i) => w.start.plus({ days: i }));
  const allDay = placed.filter((p) => p.ev.isAllDay);
  const timed = placed.filter((p) => !p.ev.isAllDay);
  const hours = Array.from({ length: 24 }, (_, h) => html`<div class="hour">${String(h).padStart(2, "0")}:00</div>`);
  return html`<div class="week">
    <div class="week-head">
      <div></div>
      ${days.map((d) => html`<div>${d.toFormat("ccc d LLL")}</div>`)}
    </div>
    <div class="week-allday">
      <div class="dim">all day</div>
      ${days.map((d) => {
        const mine = allDay.filter((p) => p.start < d.toMillis() + DAY_MS && p.end > d.toMillis());
        return html`<div>
          ${mine.map((p) => html`<a class="event" href="#ev-${p.ev.id}-${p.start}">${p.ev.subject}</a>`)}
        </div>`;
      })}
    </div>
    <div class="week-body" data-scroll-hour="7">
      <div class="hours">${hours}</div>
      ${days.map((d) => dayColumn(w, d, timed))}
    </div>
  </div>`;
}

function attendeesText(ev: StoredEvent): string {
  return ev.attendees.map((a) => `${recipientText(a)} (${a.status.response})`).join(", ");
}

function eventTags(ev: StoredEvent): Html {
  const tags = [ev.recurrence ? "series" : "", ev.isCancelled ? "cancelled" : "", ev.isOnlineMeeting ? "online" : ""];
  return html`${tags.filter(Boolean).map((t) => html` <span class="tag">${t}</span>`)}`;
}

function eventRow(w: Week, p: Placed): Html {
  const starts = DateTime.fromMillis(p.start, { zone: w.zone }).toFormat("ccc d LLL HH:mm");
  const when = `${starts}–${eventTime(p.end, w.zone)}`;
  return html`<tr id="ev-${p.ev.id}-${p.start}" class="${p.ev.isCancelled ? "cancelled" : ""}">
    <td class="nowrap">${when}</td>
    <td>${p.ev.subject}${eventTags(p.ev)}</td>
    <td>${w.mb.calendars.get(p.ev.calendarId)?.name ?? ""}</td>
    <td>${recipientText(p.ev.organizer)}</td>
    <td>${attendeesText(p.ev)}</td>
    <td>${p.ev.showAs}</td>
  </tr>`;
}

function eventTable(w: Week, placed: Placed[]): Html {
  if (!placed.length) return html`<p class="dim">No events this week.</p>`;
  return html`<table class="events">
    <thead>
      <tr>
        <th>When (${w.zone})</th>
        <th>Subject</th>
        <th>Calendar</th>
        <th>Organizer</th>
        <th>Attendees</th>
        <th>Show as</th>
      </tr>
    </thead>
    <tbody>
      ${placed.map((p) => eventRow(w, p))}
    </tbody>
  </table>`;
}

/** One mailbox's week: the grid, and every event of the week in a table. */
export function weekView(state: UiState, ctx: RouteContext): void {
  const w = weekOf(state, ctx);
  if (typeof w === "string") return sendHtml(ctx.res, 404, problemPage(state, "Calendar", w, "calendar"));
  const from = w.start.toMillis();
  const placed = eventsIn(w.mb, w.calendarId, from, w.start.plus({ weeks: 1 }).toMillis()).map(
    ({ ev, occurrence }) => ({ ev, start: occurrence?.start ?? ev.start, end: occurrence?.end ?? ev.end }),
  );
  const title = `${w.user.displayName}: week of ${w.start.toFormat("d LLL yyyy")}`;
  const main = html`<h1>${title}</h1>
    ${toolbar(w)}
    <div id="week" data-live>
      ${weekGrid(w, placed)}
      <h2>Events</h2>
      ${eventTable(w, placed)}
    </div>`;
  sendHtml(ctx.res, 200, page(state, title, "calendar", main));
}

/** Every mailbox's calendars, with links to their weeks. */
export function calendarIndex(state: UiState, ctx: RouteContext): void {
  const rows = [...state.store.users.values()].flatMap((u) => {
    const mb = state.store.mailboxes.get(u.id);
    if (!mb) return [];
    return [...mb.calendars.values()].map((c) => {
      const events = [...mb.events.values()].filter((e) => e.calendarId === c.id).length;
      const href = uiPath("calendars", u.id) + queryString({ calendar: c.id });
      return html`<tr>
        <td>${u.displayName}</td>
        <td><a href="${href}">${c.name}</a>${c.isDefaultCalendar ? html` <span class="tag">default</span>` : ""}</td>
        <td class="num">${events}</td>
        <td><a href="${uiPath("calendars", u.id)}">week view</a></td>
      </tr>`;
    });
  });
  const main = html`<h1>Calendars</h1>
    <div id="calendars" data-live>
      <table>
        <thead>
          <tr>
            <th>Mailbox</th>
            <th>Calendar</th>
            <th>Events</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>`;
  sendHtml(ctx.res, 200, page(state, "Calendars", "calendar", main));
}
