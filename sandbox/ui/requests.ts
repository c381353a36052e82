import type { RequestRecord } from "../recording";
import type { RouteContext } from "../router";
import { formatBytes, html, shortTime, uiPath, type Html } from "./html";
import { page } from "./layout";
import { sendHtml } from "./respond";
import { maskQuery } from "./secrets";
import { appName, isUiRequest, type UiState } from "./state";

/**
 * The request log, newest first, filtered by method, status (exact, or a class such as 4xx), kind,
 * path, app and fault. The UI's own requests are left out unless asked for. Secrets in queries (codes,
 * upload URL tokens, ...) are hidden.
 */

export interface RequestFilter {
  method: string;
  status: string;
  kind: string;
  path: string;
  app: string;
  faultsOnly: boolean;
  includeUi: boolean;
}

const LIST_LIMIT = 300;
const KINDS = ["graph", "identity", "upload", "sandbox", "unknown"];

export function readFilter(query: URLSearchParams): RequestFilter {
  const get = (k: string) => (query.get(k) ?? "").trim();
  return {
    ...{ method: get("method").toUpperCase(), status: get("status").toLowerCase(), kind: get("kind") },
    ...{ path: get("path"), app: get("app"), faultsOnly: get("faults") === "1", includeUi: get("ui") === "1" },
  };
}

function statusMatches(wanted: string, status: number): boolean {
  if (!wanted) return true;
  const cls = /^([0-9])xx$/.exec(wanted);
  if (cls) return Math.floor(status / 100) === Number(cls[1]);
  return String(status) === wanted;
}

function recordApp(r: RequestRecord): string {
  return String(r.appId ?? r.clientId ?? "");
}

/** The path filter finds text in the path and query as sent or as read (%40 or @). */
function pathMatches(wanted: string, r: RequestRecord): boolean {
  const text = `${r.path}${maskQuery(r.query)}`;
  const needle = wanted.toLowerCase();
  return text.toLowerCase().includes(needle) || readable(text).toLowerCase().includes(needle);
}

export function matches(f: RequestFilter, r: RequestRecord): boolean {
  return (
    (f.includeUi || !isUiRequest(r.path)) &&
    (!f.method || r.method.toUpperCase() === f.method) &&
    statusMatches(f.status, r.status) &&
    (!f.kind || r.kind === f.kind) &&
    (!f.path || pathMatches(f.path, r)) &&
    (!f.app || recordApp(r) === f.app) &&
    (!f.faultsOnly || Boolean(r.fault))
  );
}

function options(values: string[], selected: string, label: (v: string) => string = (v) => v): Html[] {
  return values.map((v) => html`<option value="${v}" ${v === selected ? html` selected` : ""}>${label(v)}</option>`);
}

function filterForm(state: UiState, f: RequestFilter): Html {
  const records = state.log.records;
  const methods = [...new Set(records.map((r) => r.method).filter(Boolean))].sort();
  const apps = [...new Set(records.map(recordApp).filter(Boolean))].sort();
  const checked = (on: boolean) => (on ? html` checked` : "");
  return html`<form class="toolbar" method="get" action="${uiPath("requests")}">
    <label
      >Method
      <select name="method">
        <option value="">any</option>
        ${options(methods, f.method)}
      </select></label
    >
    <label>Status <input name="status" value="${f.status}" size="5" placeholder="4xx" /></label>
    <label
      >Kind
      <select name="kind">
        <option value="">any</option>
        ${options(KINDS, f.kind)}
      </select></label
    >
    <label>Path <input name="path" value="${f.path}" placeholder="/messages" /></label>
    <label
      >App
      <select name="app">
        <option value="">any</option>
        ${options(apps, f.app, (a) => appName(state, a))}
      </select></label
    >
    <label><input type="checkbox" name="faults" value="1" ${checked(f.faultsOnly)} /> faults only</label>
    <label><input type="checkbox" name="ui" value="1" ${checked(f.includeUi)} /> the web UI's own</label>
    <button type="submit">Filter</button> <a href="${uiPath("requests")}">clear</a>
  </form>`;
}

function statusClass(status: number): string {
  if (status === 0) return "bad";
  if (status >= 500 || status === 429) return "bad";
  if (status >= 400) return "warn";
  return "ok";
}

function faultText(r: RequestRecord): string {
  if (!r.fault) return r.clientError ? `client error: ${String(r.clientError)}` : "";
  return r.actedStatus !== undefined ? `${String(r.fault)} (acted ${String(r.actedStatus)})` : String(r.fault);
}

/** A path or query as people read it: percent-escapes decoded (the page escapes what it shows). */
function readable(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function row(state: UiState, r: RequestRecord): Html {
  const query = readable(maskQuery(r.query));
  const shownQuery = query.length > 120 ? `${query.slice(0, 117)}...` : query;
  return html`<tr class="request">
    <td class="nowrap" title="${shortTime(r.time)}">${shortTime(r.time).slice(11)}</td>
    <td>${r.method}</td>
    <td class="path" title="${r.path}${query}">${readable(r.path)}<span class="dim">${shownQuery}</span></td>
    <td><b class="${statusClass(r.status)}">${r.status === 0 ? "none" : r.status}</b></td>
    <td class="num">${r.durationMs.toFixed(1)}</td>
    <td>${r.kind}</td>
    <td class="small">${appName(state, recordApp(r))}</td>
    <td class="num nowrap">${formatBytes(r.requestBytes)} / ${formatBytes(r.responseBytes)}</td>
    <td>${faultText(r)}</td>
    <td class="mono small" title="${r.requestId}">${r.requestId.slice(0, 8)}</td>
  </tr>`;
}

export function requestsView(state: UiState, ctx: RouteContext): void {
  const f = readFilter(ctx.query);
  const matching = state.log.records.filter((r) => matches(f, r));
  const shown = matching.slice(-LIST_LIMIT).reverse();
  const main = html`<h1>Requests</h1>
    ${filterForm(state, f)}
    <div id="requests" data-live>
      <p class="dim">
        ${matching.length} matching${matching.length > shown.length ? `, the newest ${shown.length} shown` : ""}.
      </p>
      <table class="requests">
        <thead>
          <tr>
            <th>UTC</th>
            <th>Method</th>
            <th>Path</th>
            <th>Status</th>
            <th>ms</th>
            <th>Kind</th>
            <th>App</th>
            <th>In / out</th>
            <th>Fault</th>
            <th>request-id</th>
          </tr>
        </thead>
        <tbody>
          ${shown.map((r) => row(state, r))}
        </tbody>
      </table>
    </div>`;
  sendHtml(ctx.res, 200, page(state, "Requests", "requests", main));
}
