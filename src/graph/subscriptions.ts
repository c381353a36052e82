import { randomBytes } from "node:crypto";
import type { Subscription } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import { registerSecret } from "../redact";
import { calendarPath } from "./calendars";
import type { Graph, MailboxScope } from "./client";
import { confirmation, type Confirmation, type Outcome } from "./lostAnswers";
import type { MailboxRef } from "./mailbox";
import { folderPath, tree } from "./mailFolders";
import { allPages } from "./paging";
import { graphPath, type GraphPath } from "./path";

/**
 * Change notification subscriptions (Graph's subscription resource): what a subscription watches,
 * and creating, reading, renewing, reauthorizing and deleting them. Each is made with a fresh
 * secret clientState, which only this instance and Graph know.
 */

/** Graph's longest lifetime for Outlook resources: 7 days, or 1 day when resource data is included. */
export const MAX_LIFETIME_MINUTES = 10080;
export const MAX_LIFETIME_WITH_DATA_MINUTES = 1440;
/** The lifetime given when none is asked for: close to Graph's longest. */
export const DEFAULT_LIFETIME_MINUTES = 10070;
export const DEFAULT_LIFETIME_WITH_DATA_MINUTES = 1430;

/** The default expiration (ISO 8601) of a subscription made or renewed now. */
export function defaultExpiration(includeResourceData: boolean, now = Date.now()): string {
  const minutes = includeResourceData ? DEFAULT_LIFETIME_WITH_DATA_MINUTES : DEFAULT_LIFETIME_MINUTES;
  return new Date(now + minutes * 60_000).toISOString();
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
  /** Graph path of the folder or calendar the resource watches, for resyncs. */
  containerPath: string;
  /** The input that named that folder or calendar: Graph's 404 on creating the subscription blames it. */
  watchedInput?: string;
  /** The mailbox the folder or calendar is in: Graph's refusal of it names that mailbox and its input. */
  watchedMailbox?: MailboxScope;
  /** Who keeps it alive: a managed trigger's flow, or "action" for ones made by actions. */
  owner: string;
}

/** A subscription as this instance records it (in crossFlowState), its secret clientState included. */
export interface SubscriptionRecord extends SubscriptionSpec {
  id: string;
  clientState: string;
  includeResourceData: boolean;
  /** When the last verified notification (or the creation) happened, for resyncs after `missed`. */
  lastSeenAt: string;
  /** Graph no longer has it and making it again has failed since then (ISO 8601): retried on every run. */
  lostSince?: string;
  /** Why the last attempt to renew or re-create it failed (no secrets). */
  lastError?: string;
  /** Changes since then (ISO 8601) may have gone unnotified: read them on the next run that can. */
  resyncFrom?: string;
  /** Set when the answer creating it was lost: how that was resolved. */
  outcome?: Outcome;
}

/** The folder a mail subscription watches. */
export const mailFolderContainer = (mb: MailboxRef, folder: ItemRef | string): GraphPath => folderPath(mb, folder);

/** The calendar an event subscription watches: the one named, or the default calendar. */
export const calendarContainer = (mb: MailboxRef, calendar?: ItemRef): GraphPath => calendarPath(mb, calendar);

/**
 * The folder, and with `includeSubfolders` every folder below it (one subscription each), leaving out
 * the folders `skip` names and everything below them.
 */
export async function mailFolderContainers(
  mb: MailboxRef,
  folder: ItemRef,
  includeSubfolders: boolean,
  skip: readonly string[] = [],
): Promise<GraphPath[]> {
  const containers = [mailFolderContainer(mb, folder)];
  if (!includeSubfolders) return containers;
  const below = await tree(mb, folder);
  const parentOf = new Map(below.map((f) => [f.id!, f.parentFolderId ?? undefined]));
  const skipped = (id: string | undefined): boolean => {
    for (let at = id, depth = 0; at !== undefined && depth <= below.length; at = parentOf.get(at), depth++)
      if (skip.includes(at)) return true;
    return false;
  };
  containers.push(...below.filter((f) => !skipped(f.id)).map((f) => mailFolderContainer(mb, f.id!)));
  return containers;
}

/** A subscription's resource ("users/a%40b.com/mailFolders/inbox/messages") from the container it watches. */
export function resourceOf(container: GraphPath, rest: "messages" | "events"): string {
  return `${String(container).replace(/^\//, "")}/${rest}`;
}

const subscriptionsPath = graphPath`/subscriptions`;
const subscriptionPath = (id: ItemRef | string): GraphPath => graphPath`/subscriptions/${id}`;

/** Every subscription the connection's app has (Graph lists only the app's own). */
export function list(graph: Graph): Promise<Subscription[]> {
  return allPages<Subscription>(graph, { method: "GET", path: subscriptionsPath });
}

/** One subscription; Graph answers 404 (blaming the input, when an input named it) once it is gone. */
export function get(graph: Graph, id: ItemRef | string): Promise<Subscription> {
  return graph.call<Subscription>({
    method: "GET",
    path: subscriptionPath(id),
    notFound: typeof id === "string" ? undefined : id.input,
  });
}

/**
 * After a lost answer: the app's subscription with this clientState (a secret only this instance and
 * Graph know), or, where Graph does not return clientState, the one for the same resource, change
 * type and URL (Graph allows one).
 */
function confirmSubscribed(graph: Graph, spec: SubscriptionSpec, clientState: string) {
  return async (): Promise<Confirmation> => {
    const same = (a: string | null | undefined, b: string) => (a ?? "").toLowerCase() === b.toLowerCase();
    const found = (await list(graph)).find((s) =>
      s.clientState
        ? s.clientState === clientState
        : s.notificationUrl === spec.notificationUrl &&
          same(s.resource, spec.resource) &&
          same(s.changeType, spec.changeType),
    );
    return confirmation(found);
  };
}

/**
 * Creates a subscription with a fresh secret clientState; Graph first validates the notification
 * URL. After a lost answer the app's subscriptions are searched for it before it is asked for again.
 */
export async function create(graph: Graph, spec: SubscriptionSpec): Promise<SubscriptionRecord> {
  const clientState = randomBytes(32).toString("base64url");
  registerSecret(clientState);
  const road = spec.watchedMailbox ? graph.forMailbox(spec.watchedMailbox) : graph;
  const { result: created, outcome } = await road.callWithOutcome<Subscription & { id: string }>({
    confirm: confirmSubscribed(graph, spec, clientState),
    method: "POST",
    path: subscriptionsPath,
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
    notFound: spec.watchedInput,
  });
  return {
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
    ...(outcome === "answered" ? {} : { outcome }),
  };
}

/** Moves a subscription's expiration; Graph answers with the subscription. */
export function updateExpiration(
  graph: Graph,
  id: ItemRef | string,
  expirationDateTime: string,
): Promise<Subscription> {
  return graph.call<Subscription>({
    method: "PATCH",
    path: subscriptionPath(id),
    body: { expirationDateTime },
    notFound: typeof id === "string" ? undefined : id.input,
  });
}

/** Moves a recorded subscription's expiration ahead to the default lifetime, and records it. */
export async function renew(graph: Graph, record: SubscriptionRecord): Promise<void> {
  const expirationDateTime = defaultExpiration(record.includeResourceData);
  const updated = await updateExpiration(graph, record.id, expirationDateTime);
  record.expirationDateTime = String(updated.expirationDateTime ?? expirationDateTime);
}

/** Answers Graph's reauthorizationRequired: the subscription goes on with the connection's current token. */
export async function reauthorize(graph: Graph, id: string): Promise<void> {
  await graph.call({ method: "POST", path: graphPath`${subscriptionPath(id)}/reauthorize` });
}

export async function remove(graph: Graph, id: ItemRef | string): Promise<void> {
  await graph.call({
    method: "DELETE",
    path: subscriptionPath(id),
    notFound: typeof id === "string" ? undefined : id.input,
  });
}
