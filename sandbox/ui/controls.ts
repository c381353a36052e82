import { MAX_ADVANCE_MS } from "../clock";
import { AFTER_FAULT_KINDS, type AfterFaultKind, type FaultMatch, type PendingFault } from "../faults";
import type { RouteContext } from "../router";
import { html, queryString, uiPath, type Html } from "./html";
import { Form, FormError } from "./form";
import { crossSiteRefusal } from "./guard";
import { page, problemPage } from "./layout";
import { redirect, sendHtml } from "./respond";
import type { UiState } from "./state";

/**
 * Latency, throttling and faults, shown as they run and adjustable: the same knobs as the sandbox's
 * flags and `sb.faults` (failNext, throttleNext, resetNext, afterNext, clear, fault rates), plus the
 * clock and delta links. Every change is a POST from the UI's own page (cross-site ones are refused),
 * answered with a redirect back to the page.
 */

const BEFORE_FAULTS = ["throttle", "503", "504", "500", "reset"] as const;
const KINDS = ["", "graph", "upload"] as const;
const DONE: Record<string, string> = {
  settings: "Settings applied.",
  before: "Scripted fault queued: the next matching request meets it before acting.",
  after: "Scripted fault queued: the next matching request acts, then meets it.",
  clear: "Scripted faults not yet used were dropped.",
  clock: "The sandbox clock moved.",
  delta: "Every delta link issued so far has expired.",
  lifecycle: "Lifecycle event queued.",
};

function matchText(f: FaultMatch): string {
  const parts = [
    f.method,
    f.kind,
    f.path ? `path ~ /${f.path.source}/` : "",
    f.query ? `query ~ /${f.query.source}/` : "",
  ];
  return parts.filter(Boolean).join(", ") || "any Graph or upload request";
}

function pendingList(title: string, list: PendingFault[]): Html {
  if (!list.length) return html`<p>${title}: <span class="dim">none</span></p>`;
  return html`<p>${title}:</p>
    <ol class="pending">
      ${list.map((f) => html`<li><b>${f.fault}</b> <span class="dim">for ${matchText(f)}</span></li>`)}
    </ol>`;
}

function runningValues(state: UiState): Html {
  const f = state.faults;
  const pending = f.pending();
  const rows: [string, string][] = [
    ["Latency", `${state.options.latencyMs ?? 0} ms on every response`],
    ["Throttling", f.throttle === "outlook" ? "Outlook's limits (4 concurrent, 10,000 per 10 minutes)" : "off"],
    ["Fault rate (before acting)", `${f.faultRate} (503/504)`],
    ["Fault rate (after acting)", `${f.afterRate} (${f.afterKinds.join(", ") || "no kinds"})`],
    ["Slow answers take", `${f.slowMs} ms`],
    ["Sandbox clock", state.clock.iso()],
  ];
  return html`<section id="running" class="card running" data-live>
    <h2>Running now</h2>
    <table class="headers">
      ${rows.map(
        ([k, v]) =>
          html`<tr>
            <th>${k}</th>
            <td>${v}</td>
          </tr>`,
      )}
    </table>
    <div>
      ${pendingList("Scripted faults before acting", pending.before)}
      ${pendingList("Scripted faults after acting", pending.after)}
    </div>
  </section>`;
}

function matchFields(): Html {
  return html`<label>Method <input name="method" size="6" placeholder="any" /></label>
    <label>Path (regular expression) <input name="path" placeholder="/sendMail$" /></label>
    <label
      >Kind
      <select name="kind">
        ${KINDS.map((k) => html`<option value="${k}">${k || "any"}</option>`)}
      </select></label
    >`;
}

function settingsForm(state: UiState): Html {
  const f = state.faults;
  const kinds = AFTER_FAULT_KINDS.map(
    (k) =>
      html`<label
        ><input type="checkbox" name="faultKinds" value="${k}" ${f.afterKinds.includes(k) ? html` checked` : ""} />
        ${k}</label
      >`,
  );
  const sel = (v: string) => (f.throttle === v ? html` selected` : "");
  return html`<form method="post" action="${uiPath("controls", "settings")}" class="card">
    <h2>Settings</h2>
    <label
      >Latency (ms) <input type="number" name="latencyMs" min="0" max="60000" value="${state.options.latencyMs ?? 0}"
    /></label>
    <label
      >Throttling
      <select name="throttle">
        <option value="off" ${sel("off")}>off</option>
        <option value="outlook" ${sel("outlook")}>outlook</option>
      </select></label
    >
    <label>Fault rate before acting (0..1) <input name="faultRate" value="${f.faultRate}" size="5" /></label>
    <label>Fault rate after acting (0..1) <input name="faultAfterRate" value="${f.afterRate}" size="5" /></label>
    <fieldset>
      <legend>Faults after acting draw from</legend>
      ${kinds}
    </fieldset>
    <label>Slow answers take (ms) <input type="number" name="slowMs" min="1" max="120000" value="${f.slowMs}" /></label>
    <button type="submit">Apply</button>
  </form>`;
}

function scriptForms(): Html {
  const before = BEFORE_FAULTS.map((k) => {
    const label = k === "throttle" ? "429 throttled" : k === "reset" ? "connection reset" : `${k} error`;
    return html`<option value="${k}">${label}</option>`;
  });
  return html`<form method="post" action="${uiPath("controls", "before")}" class="card">
      <h2>Fail the next requests (before they act)</h2>
      <label>Count <input type="number" name="count" min="1" max="1000" value="1" /></label>
      <label
        >Fault
        <select name="fault">
          ${before}
        </select></label
      >
      <label>Retry-After (s) <input type="number" name="retryAfter" min="0" max="3600" placeholder="none" /></label>
      ${matchFields()}
      <button type="submit">Queue</button>
    </form>
    <form method="post" action="${uiPath("controls", "after")}" class="card">
      <h2>Let the next requests act, then fail</h2>
      <label>Count <input type="number" name="count" min="1" max="1000" value="1" /></label>
      <label
        >Fault
        <select name="fault">
          ${AFTER_FAULT_KINDS.map((k) => html`<option>${k}</option>`)}
        </select></label
      >
      <label>Slow for (ms) <input type="number" name="slowMs" min="1" max="120000" placeholder="5000" /></label>
      ${matchFields()}
      <button type="submit">Queue</button>
    </form>`;
}

function otherForms(): Html {
  return html`<form method="post" action="${uiPath("controls", "clear")}" class="card">
      <h2>Drop scripted faults not yet used</h2>
      <button type="submit">Clear</button>
    </form>
    <form method="post" action="${uiPath("controls", "clock")}" class="card">
      <h2>Move the sandbox clock</h2>
      <label>Seconds <input type="number" name="seconds" min="0" value="3600" /></label>
      <button type="submit">Advance</button>
    </form>
    <form method="post" action="${uiPath("controls", "delta")}" class="card">
      <h2>Expire every delta link</h2>
      <label><input type="checkbox" name="location" value="1" /> answer with a Location to restart from</label>
      <button type="submit">Expire</button>
    </form>`;
}

export function controlsView(state: UiState, ctx: RouteContext, problem?: string, status = 200): void {
  const done = DONE[ctx.query.get("done") ?? ""];
  const main = html`<h1>Faults, throttling and latency</h1>
    ${problem ? html`<p class="problem" role="alert">${problem}</p>` : ""}
    ${done && !problem ? html`<p class="done" role="status">${done}</p>` : ""} ${runningValues(state)}
    <div class="forms">${settingsForm(state)}${scriptForms()}${otherForms()}</div>`;
  sendHtml(ctx.res, status, page(state, "Faults & latency", "controls", main, !problem));
}

function readMatch(form: Form): FaultMatch {
  const method = form.text("method", 20).toUpperCase();
  if (method && !/^[A-Z]+$/.test(method)) throw new FormError("method must be a word such as GET or POST.");
  const kind = form.choice("kind", KINDS, "");
  const path = form.pattern("path");
  return { ...(method ? { method } : {}), ...(kind ? { kind } : {}), ...(path ? { path } : {}) };
}

function applySettings(state: UiState, form: Form): void {
  const latencyMs = form.number("latencyMs", 0, 60_000, state.options.latencyMs ?? 0);
  const throttle = form.choice("throttle", ["off", "outlook"] as const, state.faults.throttle);
  const faultRate = form.number("faultRate", 0, 1, state.faults.faultRate, false);
  const afterRate = form.number("faultAfterRate", 0, 1, state.faults.afterRate, false);
  const slowMs = form.number("slowMs", 1, 120_000, state.faults.slowMs);
  const kinds = form.all("faultKinds").filter(Boolean);
  const unknown = kinds.find((k) => !AFTER_FAULT_KINDS.includes(k as AfterFaultKind));
  if (unknown !== undefined) throw new FormError(`faultKinds: ${AFTER_FAULT_KINDS.join(", ")} only.`);
  if (afterRate > 0 && !kinds.length) throw new FormError("Choose at least one kind of fault after acting.");
  state.options.latencyMs = latencyMs;
  Object.assign(state.faults, { throttle, faultRate, afterRate, slowMs });
  if (kinds.length) state.faults.afterKinds = kinds as AfterFaultKind[];
}

function queueBefore(state: UiState, form: Form): void {
  const count = form.number("count", 1, 1000, 1);
  const fault = form.choice("fault", BEFORE_FAULTS);
  const retryAfter = form.text("retryAfter") ? form.number("retryAfter", 0, 3600) : null;
  const match = readMatch(form);
  if (fault === "reset") state.faults.resetNext(count, match);
  else if (fault === "throttle") state.faults.throttleNext(count, retryAfter ?? 1, match);
  else state.faults.failNext(count, Number(fault), retryAfter, match);
}

function queueAfter(state: UiState, form: Form): void {
  const count = form.number("count", 1, 1000, 1);
  const fault = form.choice("fault", AFTER_FAULT_KINDS);
  const slowMs = form.number("slowMs", 1, 120_000, state.faults.slowMs);
  state.faults.afterNext(count, fault, readMatch(form), { slowMs });
}

function advanceClock(state: UiState, form: Form): void {
  const seconds = form.number("seconds", 0, MAX_ADVANCE_MS / 1000);
  try {
    state.clock.advance(seconds * 1000);
  } catch (err) {
    if (err instanceof RangeError) throw new FormError("The clock cannot move that far.");
    throw err;
  }
}

const ACTIONS: Record<string, (state: UiState, form: Form) => void> = {
  settings: applySettings,
  before: queueBefore,
  after: queueAfter,
  clear: (state) => state.faults.clear(),
  clock: advanceClock,
  delta: (state, form) => state.store.expireDeltaTokens({ location: form.flag("location") }),
};

/** POST /_sandbox/ui/controls/{action}: refused cross-site; a bad value re-shows the page with what to fix. */
export function controlAction(state: UiState, ctx: RouteContext): void {
  const refused = crossSiteRefusal(ctx);
  if (refused) return sendHtml(ctx.res, 403, problemPage(state, "Refused", refused, "controls", false));
  const action = ACTIONS[ctx.params.action];
  if (!action)
    return sendHtml(ctx.res, 404, problemPage(state, "No such control", ctx.params.action, "controls", false));
  try {
    action(state, Form.of(ctx));
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    return controlsView(state, ctx, err.message, 400);
  }
  redirect(ctx.res, uiPath("controls") + queryString({ done: ctx.params.action }));
}

const LIFECYCLE_EVENTS = ["reauthorizationRequired", "subscriptionRemoved", "missed"] as const;

/** POST /_sandbox/ui/subscriptions/{id}/lifecycle: a lifecycle notification on demand. */
export function lifecycleAction(state: UiState, ctx: RouteContext): void {
  const refused = crossSiteRefusal(ctx);
  if (refused) return sendHtml(ctx.res, 403, problemPage(state, "Refused", refused, "subscriptions", false));
  if (!state.notifier.subscriptions.has(ctx.params.id))
    return sendHtml(ctx.res, 404, problemPage(state, "No such subscription", ctx.params.id, "subscriptions", false));
  let event: (typeof LIFECYCLE_EVENTS)[number];
  try {
    event = Form.of(ctx).choice("event", LIFECYCLE_EVENTS);
  } catch (err) {
    if (!(err instanceof FormError)) throw err;
    return sendHtml(ctx.res, 400, problemPage(state, "Lifecycle event", err.message, "subscriptions", false));
  }
  state.notifier.lifecycle(ctx.params.id, event);
  redirect(ctx.res, uiPath("subscriptions"));
}
