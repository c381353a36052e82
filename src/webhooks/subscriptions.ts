import type { Subscription } from "@microsoft/microsoft-graph-types";
import type { Graph } from "../graph/client";
import * as subscriptions from "../graph/subscriptions";
import { registerSecret } from "../redact";
import type { SubscriptionRecord, SubscriptionSpec } from "../graph/subscriptions";

/**
 * Subscriptions this instance made, kept in crossFlowState so any flow's webhook can verify a
 * notification (its clientState is a secret only this instance and Graph know), and so renewals,
 * reauthorization and re-creation know what to do.
 */

export type { SubscriptionRecord, SubscriptionSpec };

export interface SubscriptionState {
  outlookSubscriptions?: Record<string, SubscriptionRecord>;
  /** Fingerprints of notifications already let through (replays are dropped). */
  outlookSeen?: string[];
}

export type StateHolder = { crossFlowState: Record<string, unknown> };

export function records(context: StateHolder): Record<string, SubscriptionRecord> {
  const state = context.crossFlowState as SubscriptionState;
  state.outlookSubscriptions ??= {};
  // Each clientState is a secret: known to the redactor, so no error or log line can show it.
  for (const record of Object.values(state.outlookSubscriptions)) registerSecret(record.clientState);
  return state.outlookSubscriptions;
}

/** The record a notification names by its subscriptionId (own keys only: `__proto__` names nothing). */
export function recordFor(context: StateHolder, subscriptionId: unknown): SubscriptionRecord | undefined {
  if (typeof subscriptionId !== "string") return undefined;
  const all = records(context);
  return Object.prototype.hasOwnProperty.call(all, subscriptionId) ? all[subscriptionId] : undefined;
}

/** Creates a subscription with a fresh secret clientState and records it. */
export async function subscribe(
  graph: Graph,
  context: StateHolder,
  spec: SubscriptionSpec,
): Promise<SubscriptionRecord> {
  const record = await subscriptions.create(graph, spec);
  records(context)[record.id] = record;
  return record;
}

/**
 * Makes a lost subscription again from its record, keeping its owner. The old record stays until
 * Graph has confirmed the new subscription (its validation handshake passed), so a failed attempt
 * leaves it in place to be tried again; on success the new record replaces it, and changes since
 * the last notification are marked for a resync (Graph sent none while the subscription was gone).
 */
export async function recreate(
  graph: Graph,
  context: StateHolder,
  old: SubscriptionRecord,
): Promise<SubscriptionRecord> {
  const { id: _id, clientState: _secret, lostSince: _lost, lastError: _error, ...spec } = old;
  const fresh = await subscriptions.create(graph, {
    ...spec,
    expirationDateTime: subscriptions.defaultExpiration(old.includeResourceData),
  });
  fresh.lastSeenAt = old.lastSeenAt;
  fresh.resyncFrom = old.resyncFrom ?? old.lastSeenAt;
  const all = records(context);
  delete all[old.id];
  all[fresh.id] = fresh;
  return fresh;
}

/** A subscription as an action returns it: never the clientState secret. */
export function publicView(s: Subscription | SubscriptionRecord): Record<string, unknown> {
  const { clientState: _secret, ...rest } = s as Record<string, unknown>;
  return rest;
}

/**
 * Subscribes unless the app already has a subscription for the same notification URL and resource
 * (then that one is returned, as Graph would otherwise answer with a duplicate); `allowDuplicates`
 * skips the check.
 */
export async function subscribeUnlessSubscribed(
  graph: Graph,
  context: StateHolder,
  spec: SubscriptionSpec,
  allowDuplicates: boolean,
): Promise<{ existing: Subscription } | { created: SubscriptionRecord }> {
  if (!allowDuplicates) {
    const existing = (await subscriptions.list(graph)).find(
      (s) => s.notificationUrl === spec.notificationUrl && s.resource?.toLowerCase() === spec.resource.toLowerCase(),
    );
    if (existing) return { existing };
  }
  return { created: await subscribe(graph, context, spec) };
}

/** Deletes every subscription of the app that notifies one of these URLs (this instance's webhooks), and its record. */
export async function unsubscribeAll(graph: Graph, context: StateHolder, urls: string[]): Promise<Subscription[]> {
  const mine = (await subscriptions.list(graph)).filter((s) => urls.includes(String(s.notificationUrl)));
  for (const s of mine) {
    await subscriptions.remove(graph, s.id!);
    delete records(context)[s.id!];
  }
  return mine;
}
