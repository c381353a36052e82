import { randomBytes } from "node:crypto";
import type { Subscription } from "@microsoft/microsoft-graph-types";
import { ArgumentError } from "../errors";
import type { Graph } from "../graph/client";

/**
 * Subscriptions this instance made, kept in crossFlowState so any flow's webhook can verify a
 * notification (its clientState is a secret only this instance and Graph know), and so renewals,
 * reauthorization and re-creation know what to do.
 */

export const MAX_LIFETIME_MINUTES = 10080;
export const MAX_LIFETIME_WITH_DATA_MINUTES = 1440;
/** Seed 003's default: close to Graph's maximum. */
export const DEFAULT_LIFETIME_MINUTES = 10070;
export const DEFAULT_LIFETIME_WITH_DATA_MINUTES = 1430;

export interface SubscriptionRecord {
  id: string;
  resource: string;
  changeType: string;
  clientState: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  expirationDateTime: string;
  includeResourceData: boolean;
  encryptionCertificate?: string;
  encryptionCertificateId?: string;
  kind: "message" | "event";
  /** Graph path of the folder or calendar (or mailbox) the resource watches, for resyncs. */
  containerPath: string;
  /** Who keeps it alive: a managed trigger's flow, or "action" for ones made by actions. */
  owner: string;
  /** When the last verified notification (or the creation) happened, for resyncs after `missed`. */
  lastSeenAt: string;
}

export interface SubscriptionState {
  outlookSubscriptions?: Record<string, SubscriptionRecord>;
  /** Fingerprints of notifications already let through (replays are dropped). */
  outlookSeen?: string[];
}

export type StateHolder = { crossFlowState: Record<string, unknown> };

export function records(context: StateHolder): Record<string, SubscriptionRecord> {
  const state = context.crossFlowState as SubscriptionState;
  state.outlookSubscriptions ??= {};
  return state.outlookSubscriptions;
}

export const CHANGE_TYPES = ["created", "updated", "deleted"] as const;

/** Change types from a list or comma-separated text, checked; the fallback when none are given. */
export function changeTypes(value: unknown, fallback: string[]): string {
  const list = (Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [])
    .map((v) => String(v).trim())
    .filter(Boolean);
  const chosen = list.length ? list : fallback;
  for (const c of chosen)
    if (!(CHANGE_TYPES as readonly string[]).includes(c))
      throw new ArgumentError("changeTypes", `'changeTypes' holds '${c}'; use created, updated or deleted.`);
  return [...new Set(chosen)].join(",");
}

export function newClientState(): string {
  return randomBytes(32).toString("base64url");
}

/** An expiration: the given ISO time (checked to be ahead and within Graph's maximum) or the default. */
export function expirationFor(
  property: string,
  value: unknown,
  includeResourceData: boolean,
  now = Date.now(),
): string {
  const max = includeResourceData ? MAX_LIFETIME_WITH_DATA_MINUTES : MAX_LIFETIME_MINUTES;
  const raw = typeof value === "string" ? value.trim() : "";
  if (!raw)
    return new Date(
      now + (includeResourceData ? DEFAULT_LIFETIME_WITH_DATA_MINUTES : DEFAULT_LIFETIME_MINUTES) * 60_000,
    ).toISOString();
  const at = Date.parse(raw);
  if (Number.isNaN(at) || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(raw))
    throw new ArgumentError(
      property,
      `'${property}' must be an ISO 8601 date and time, e.g. 2026-11-29T10:00:00Z (got '${raw}').`,
    );
  if (at <= now) throw new ArgumentError(property, `'${property}' must be in the future (got '${raw}').`);
  if (at > now + max * 60_000)
    throw new ArgumentError(
      property,
      `'${property}' is beyond Graph's maximum for this resource: at most ${max} minutes ahead (until ${new Date(now + max * 60_000).toISOString()}).`,
    );
  return new Date(at).toISOString();
}

export interface SubscriptionSpec {
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  expirationDateTime: string;
  includeResourceData?: boolean;
  encryptionCertificate?: string;
  encryptionCertificateId?: string;
  kind: "message" | "event";
  containerPath: string;
  owner: string;
}

/** Creates a subscription with a fresh secret clientState and records it. */
export async function subscribe(
  graph: Graph,
  context: StateHolder,
  spec: SubscriptionSpec,
): Promise<SubscriptionRecord> {
  const clientState = newClientState();
  const created = await graph.call<Subscription & { id: string }>({
    method: "POST",
    path: "/subscriptions",
    body: {
      changeType: spec.changeType,
      notificationUrl: spec.notificationUrl,
      ...(spec.lifecycleNotificationUrl ? { lifecycleNotificationUrl: spec.lifecycleNotificationUrl } : {}),
      resource: spec.resource,
      expirationDateTime: spec.expirationDateTime,
      clientState,
      ...(spec.includeResourceData
        ? {
            includeResourceData: true,
            encryptionCertificate: spec.encryptionCertificate,
            encryptionCertificateId: spec.encryptionCertificateId,
          }
        : {}),
    },
  });
  const record: SubscriptionRecord = {
    id: created.id,
    resource: spec.resource,
    changeType: spec.changeType,
    clientState,
    notificationUrl: spec.notificationUrl,
    lifecycleNotificationUrl: spec.lifecycleNotificationUrl,
    expirationDateTime: String(created.expirationDateTime ?? spec.expirationDateTime),
    includeResourceData: Boolean(spec.includeResourceData),
    encryptionCertificate: spec.encryptionCertificate,
    encryptionCertificateId: spec.encryptionCertificateId,
    kind: spec.kind,
    containerPath: spec.containerPath,
    owner: spec.owner,
    lastSeenAt: new Date().toISOString(),
  };
  records(context)[record.id] = record;
  return record;
}

/** Makes a lost subscription again from its record, keeping its owner; the old record goes. */
export async function recreate(
  graph: Graph,
  context: StateHolder,
  old: SubscriptionRecord,
): Promise<SubscriptionRecord> {
  delete records(context)[old.id];
  const fresh = await subscribe(graph, context, {
    ...old,
    expirationDateTime: expirationFor("expiration", "", old.includeResourceData),
  });
  fresh.lastSeenAt = old.lastSeenAt;
  return fresh;
}

/** Moves a subscription's expiration ahead to the default lifetime. */
export async function renew(graph: Graph, record: SubscriptionRecord): Promise<void> {
  const expirationDateTime = expirationFor("expiration", "", record.includeResourceData);
  const updated = await graph.call<Subscription>({
    method: "PATCH",
    path: `/subscriptions/${encodeURIComponent(record.id)}`,
    body: { expirationDateTime },
  });
  record.expirationDateTime = String(updated.expirationDateTime ?? expirationDateTime);
}

/** A Graph resource string ("users/a@b.com/mailFolders('inbox')/messages") from a mailbox path and the rest. */
export function resourceOf(mailboxPath: string, rest: string): string {
  return `${mailboxPath.replace(/^\//, "")}/${rest}`;
}
