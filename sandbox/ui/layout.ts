import { html, uiPath, type Html, type Part } from "./html";
import { requestCount, revision } from "./live";
import type { UiState } from "./state";

/** The frame every page shares: navigation, the live status line, and the page's own content. */

export type Section = "mail" | "calendar" | "subscriptions" | "requests" | "controls";

const SECTIONS: [Section, string, string][] = [
  ["mail", "Mailboxes", uiPath()],
  ["calendar", "Calendars", uiPath("calendars")],
  ["subscriptions", "Subscriptions", uiPath("subscriptions")],
  ["requests", "Requests", uiPath("requests")],
  ["controls", "Faults & latency", uiPath("controls")],
];

function nav(active: Section): Html {
  return html`<nav>
    ${SECTIONS.map(
      ([key, label, href]) => html`<a href="${href}" ${key === active ? html` aria-current="page"` : ""}>${label}</a>`,
    )}
  </nav>`;
}

/** One line of what matters while flows run: the clock, requests answered, faults waiting, latency. */
export function statusLine(state: UiState): Html {
  const pending = state.faults.pending();
  const faultsWaiting = pending.before.length + pending.after.length;
  const rates = state.faults.faultRate > 0 || state.faults.afterRate > 0;
  const latency = state.options.latencyMs ?? 0;
  return html`<div id="status" class="status" data-live>
    <span title="The sandbox's clock (UTC)">${state.clock.iso()}</span>
    <span title="The web UI's own requests left out">${requestCount(state)} requests</span>
    <span>${state.notifier.deliveries.length} deliveries</span>
    <span class="${faultsWaiting || rates ? "warn" : ""}"
      >${faultsWaiting} scripted faults${rates ? html`, random faults on` : ""}</span
    >
    <span class="${latency ? "warn" : ""}">latency ${latency} ms</span>
    <span class="${state.faults.throttle === "outlook" ? "warn" : ""}">throttle ${state.faults.throttle}</span>
  </div>`;
}

/** A page; `live: false` for answers to a POST, which the script must not fetch again with a GET. */
export function page(state: UiState, title: string, active: Section, main: Part, live = true): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Graph sandbox</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${uiPath("assets", "ui.css")}" />
        <script type="module" src="${uiPath("assets", "ui.js")}"></script>
      </head>
      <body data-live-updates="${live ? "on" : "off"}" data-revision="${revision(state)}">
        <header>
          <a class="brand" href="${uiPath()}">Graph sandbox</a>
          ${nav(active)}
          <span id="live" class="live" title="Updates as requests arrive">static</span>
        </header>
        ${statusLine(state)}
        <main id="main">${main}</main>
      </body>
    </html> `;
}

/** A page for a request the UI cannot answer (an unknown mailbox or message, a refused control). */
export function problemPage(
  state: UiState,
  title: string,
  message: string,
  active: Section = "mail",
  live = true,
): Html {
  return page(
    state,
    title,
    active,
    html`<h1>${title}</h1>
      <p class="problem">${message}</p>`,
    live,
  );
}
