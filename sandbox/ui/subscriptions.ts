import type { Delivery, Subscription } from "../notifier";
import type { RouteContext } from "../router";
import { html, shortTime, uiPath, type Html } from "./html";
import { page } from "./layout";
import { sendHtml } from "./respond";
import { maskNotificationBody, maskUrl } from "./secrets";
import { appName, secretShown, userLabel, type UiState } from "./state";

/**
 * Subscriptions and what the sandbox delivered for each: validation requests, notifications and
 * lifecycle events, each with every attempt's answer (status and time), so a retried or dropped
 * delivery is plain to see. clientState values and validation tokens are never shown.
 */

/** One notification POST and its retries (the same body sent again), or one validation request. */
export interface DeliveryChain {
  kind: Delivery["kind"];
  url: string;
  attempts: Delivery[];
  subscriptionIds: string[];
  summary: string;
  outcome: "delivered" | "retrying" | "dropped" | "refused";
}

const LIST_LIMIT = 200;

function parsedItems(body: string): Record<string, unknown>[] {
  try {
    const value = (JSON.parse(body) as { value?: unknown }).value;
    return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  } catch {
    return [];
  }
}

function summaryOf(kind: Delivery["kind"], items: Record<string, unknown>[]): string {
  if (kind === "validation") return "validation handshake";
  return items
    .map((i) =>
      i.lifecycleEvent ? `lifecycle: ${String(i.lifecycleEvent)}` : `${String(i.changeType)} ${String(i.resource)}`,
    )
    .join("; ");
}

function outcomeOf(chain: DeliveryChain, droppedBodies: Set<string>): DeliveryChain["outcome"] {
  const last = chain.attempts[chain.attempts.length - 1];
  const ok = last.status >= 200 && last.status < 300;
  if (chain.kind === "validation") return ok ? "delivered" : "refused";
  if (ok) return "delivered";
  return droppedBodies.has(last.body) ? "dropped" : "retrying";
}

/** Deliveries grouped into chains: a retry (attempt > 1) joins the chain of the same URL, kind and body. */
export function deliveryChains(state: UiState): DeliveryChain[] {
  const chains: DeliveryChain[] = [];
  const open = new Map<string, DeliveryChain>();
  for (const d of state.notifier.deliveries) {
    const key = `${d.kind} ${d.url} ${d.body}`;
    const chain = d.attempt > 1 ? open.get(key) : undefined;
    if (chain) {
      chain.attempts.push(d);
      continue;
    }
    const items = d.kind === "validation" ? [] : parsedItems(d.body);
    const ids = [...new Set(items.map((i) => String(i.subscriptionId ?? "")).filter(Boolean))];
    const fresh: DeliveryChain = {
      ...{ kind: d.kind, url: d.url, attempts: [d], subscriptionIds: ids },
      ...{ summary: summaryOf(d.kind, items), outcome: "delivered" },
    };
    chains.push(fresh);
    if (d.kind !== "validation") open.set(key, fresh);
  }
  const dropped = new Set(
    state.notifier.dropped.map((p) =>
      JSON.stringify({ value: p.items, ...(p.tokens.length ? { validationTokens: p.tokens } : {}) }),
    ),
  );
  for (const c of chains) c.outcome = outcomeOf(c, dropped);
  return chains;
}

function statusText(status: number): string {
  return status === 0 ? "no answer" : String(status);
}

function attemptsList(chain: DeliveryChain): Html {
  return html`<ol class="attempts">
    ${chain.attempts.map(
      (a) =>
        html`<li>
          <span class="nowrap" title="${shortTime(a.time)}">${shortTime(a.time).slice(11)}</span> →
          <b class="${a.status >= 200 && a.status < 300 ? "ok" : "bad"}">${statusText(a.status)}</b>
        </li>`,
    )}
  </ol>`;
}

function chainRow(chain: DeliveryChain, withSubscription: boolean): Html {
  const retries = chain.attempts.length - 1;
  const body = chain.kind === "validation" ? "" : maskNotificationBody(chain.attempts[0].body);
  return html`<tr class="delivery ${chain.outcome}">
    <td class="nowrap">${shortTime(chain.attempts[0].time)}</td>
    <td>${chain.kind}</td>
    ${withSubscription ? html`<td class="mono small">${chain.subscriptionIds.join(", ")}</td>` : ""}
    <td class="what">
      ${chain.summary}${
        body
          ? html`<details>
              <summary>body</summary>
              <pre>${body}</pre>
            </details>`
          : ""
      }
    </td>
    <td>${attemptsList(chain)}</td>
    <td class="num">${retries}</td>
    <td><span class="tag ${chain.outcome}">${chain.outcome}</span></td>
  </tr>`;
}

function chainTable(chains: DeliveryChain[], withSubscription: boolean): Html {
  if (!chains.length) return html`<p class="dim">No deliveries yet.</p>`;
  const shown = [...chains].reverse().slice(0, LIST_LIMIT);
  return html`<table class="deliveries">
    <thead>
      <tr>
        <th>First sent</th>
        <th>Kind</th>
        ${withSubscription ? html`<th>Subscription</th>` : ""}
        <th>What</th>
        <th>Attempts and answers</th>
        <th>Retries</th>
        <th>Outcome</th>
      </tr>
    </thead>
    <tbody>
      ${shown.map((c) => chainRow(c, withSubscription))}
    </tbody>
  </table>`;
}

function lifecycleForm(s: Subscription): Html {
  const action = uiPath("subscriptions", s.id, "lifecycle");
  const button = (event: string) => html`<button type="submit" name="event" value="${event}">${event}</button>`;
  return html`<form method="post" action="${action}" class="inline">
    Send lifecycle event: ${button("reauthorizationRequired")} ${button("subscriptionRemoved")} ${button("missed")}
  </form>`;
}

function subscriptionCard(state: UiState, s: Subscription, chains: DeliveryChain[]): Html {
  const mine = chains.filter(
    (c) =>
      c.subscriptionIds.includes(s.id) ||
      (c.kind === "validation" && (c.url === s.notificationUrl || c.url === s.lifecycleNotificationUrl)),
  );
  const expired = Date.parse(s.expirationDateTime) <= state.clock.now();
  const rows: [string, string][] = [
    ["Resource", s.resource],
    ["Change types", s.changeType],
    ["Mailbox", userLabel(state, s.target.userId)],
    ["Notification URL", maskUrl(s.notificationUrl)],
    ["Lifecycle URL", s.lifecycleNotificationUrl ? maskUrl(s.lifecycleNotificationUrl) : "none"],
    ["Expires", `${shortTime(s.expirationDateTime)}${expired ? " (expired)" : ""}`],
    ["App", appName(state, s.applicationId)],
    ["clientState", secretShown(s.clientState)],
    ["Resource data", s.includeResourceData ? "included (encrypted)" : "no"],
  ];
  return html`<section class="card${expired ? " expired" : ""}">
    <h2 class="mono">${s.id}</h2>
    <dl class="facts">
      ${rows.map(
        ([k, v]) =>
          html`<div>
            <dt>${k}</dt>
            <dd>${v}</dd>
          </div>`,
      )}
    </dl>
    ${expired ? "" : lifecycleForm(s)} ${chainTable(mine, false)}
  </section>`;
}

export function subscriptionsView(state: UiState, ctx: RouteContext): void {
  const chains = deliveryChains(state);
  const subs = [...state.notifier.subscriptions.values()];
  const main = html`<h1>Subscriptions</h1>
    <div id="subscriptions" data-live>
      ${subs.length ? subs.map((s) => subscriptionCard(state, s, chains)) : html`<p class="dim">No subscriptions.</p>`}
      <h2>Every delivery</h2>
      ${chainTable(chains, true)}
    </div>`;
  sendHtml(ctx.res, 200, page(state, "Subscriptions", "subscriptions", main));
}
