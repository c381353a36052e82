import { createHash, timingSafeEqual } from "node:crypto";
import type { Connection, TriggerPayload } from "@prismatic-io/spectral";
import { changedSince, readResource } from "../graph/changes";
import { graphFor } from "../graph/client";
import * as subscriptions from "../graph/subscriptions";
import {
  decryptContent,
  TamperedNotificationError,
  validationTokensValid,
  type NotificationCertificate,
} from "./richNotifications";
import { records, recreate, type StateHolder, type SubscriptionRecord, type SubscriptionState } from "./subscriptions";

/**
 * What an Outlook webhook does with a request: answers Graph's validation handshake; lets through
 * only notifications whose clientState matches a subscription this instance made (and each one
 * once: replays are dropped); decrypts and checks rich notifications; and acts on lifecycle events
 * (reauthorize, re-create a removed subscription, resync after missed notifications).
 */

export const BRANCHES = ["URL Validation", "Notification", "Lifecycle", "Rejected"] as const;
export type Branch = (typeof BRANCHES)[number];

const SEEN_LIMIT = 5000;

export interface ReceivedNotification {
  subscriptionId: string;
  changeType: string;
  resource: string;
  resourceData?: Record<string, unknown>;
  tenantId?: string;
  /** The resource itself, for rich notifications (decrypted). */
  resourceContent?: unknown;
  /** "notification", or "resync" for changes found after a `missed` lifecycle event. */
  source: "notification" | "resync";
}

export interface Outcome {
  branch: Branch;
  notifications: ReceivedNotification[];
  lifecycle: { subscriptionId: string; lifecycleEvent: string; action: string }[];
  rejected: number;
  /** Subscription ids renewed while here. */
  renewed: string[];
}

export interface ReceiveOptions {
  /** Needed to act on lifecycle events and to renew; without one they are passed through. */
  connection?: Connection;
  certificate?: NotificationCertificate;
  /** Renew subscriptions of these owners that are past half their lifetime. */
  renewOwners?: string[];
  /** Read each created or updated resource from Graph into `resourceContent` (rich notifications carry it already). */
  fetchResources?: boolean;
}

function bodyOf(payload: TriggerPayload): { value?: Record<string, unknown>[]; validationTokens?: unknown } {
  const raw = payload.rawBody?.data ?? payload.body?.data;
  if (raw && typeof raw === "object" && !Buffer.isBuffer(raw)) return raw as never;
  const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : typeof raw === "string" ? raw : "";
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {};
  }
}

function sameSecret(a: unknown, b: string): boolean {
  if (typeof a !== "string") return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Graph's validation request: POST with ?validationToken=...; answer with the decoded token as text/plain. */
export function validationToken(payload: TriggerPayload): string | undefined {
  const q = payload.queryParameters ?? {};
  const token = q.validationToken ?? q.validationtoken;
  return typeof token === "string" ? token : undefined;
}

function fingerprint(n: Record<string, unknown>): string {
  const data = (n.resourceData ?? {}) as Record<string, unknown>;
  return createHash("sha256")
    .update([n.subscriptionId, n.changeType, n.resource, data["@odata.etag"] ?? "", data.id ?? ""].join("\0"))
    .digest("base64url")
    .slice(0, 22);
}

/**
 * One print per item per watched folder or calendar (not per subscription, which may be re-created), so a resync skips
 * what notifications already let through.
 */
function itemPrint(record: SubscriptionRecord, itemId: unknown): string {
  return createHash("sha256")
    .update(`${record.containerPath}\0${String(itemId)}`)
    .digest("base64url")
    .slice(0, 22);
}

function remember(context: StateHolder, print: string): boolean {
  const state = context.crossFlowState as SubscriptionState;
  state.outlookSeen ??= [];
  if (state.outlookSeen.includes(print)) return false;
  state.outlookSeen.push(print);
  if (state.outlookSeen.length > SEEN_LIMIT) state.outlookSeen.splice(0, state.outlookSeen.length - SEEN_LIMIT);
  return true;
}

/** Changes in a subscription's folder or calendar since it last heard from Graph, not already let through. */
async function resync(
  connection: Connection,
  context: StateHolder,
  record: SubscriptionRecord,
): Promise<ReceivedNotification[]> {
  const since = new Date(Date.parse(record.lastSeenAt) - 60_000).toISOString();
  const items = await changedSince(graphFor(connection), record, since);
  const out: ReceivedNotification[] = [];
  for (const item of items) {
    const n = {
      subscriptionId: record.id,
      changeType: "created",
      resource: item.resource,
      resourceData: { id: item.id, "@odata.etag": `W/"${item.changeKey ?? ""}"` },
    };
    // Let through only what no notification has already let through.
    if (remember(context, itemPrint(record, item.id))) out.push({ ...n, source: "resync" });
  }
  record.lastSeenAt = new Date().toISOString();
  return out;
}

/** Whether a request's validation tokens hold: checked once per request, for its first rich notification. */
type ValidationTokens = { ok?: boolean };

/**
 * Decrypts a rich notification's resource into `n.resourceContent` once the request's validation
 * tokens and the content's signature hold; false (rejected) when they do not, or when the trigger
 * has no certificate or connection to check them with.
 */
async function decrypted(
  item: Record<string, unknown>,
  n: ReceivedNotification,
  validationTokens: unknown,
  options: ReceiveOptions,
  tokens: ValidationTokens,
): Promise<boolean> {
  if (!options.certificate || !options.connection) return false;
  if (tokens.ok === undefined) {
    const graph = graphFor(options.connection);
    tokens.ok = await validationTokensValid(validationTokens, {
      jwksUrl: `${graph.conn.authorityHost}/${encodeURIComponent(graph.conn.tenant)}/discovery/v2.0/keys`,
      clientId: graph.conn.clientId,
      tenantId: n.tenantId,
    });
  }
  try {
    if (!tokens.ok) throw new TamperedNotificationError("validation tokens do not hold");
    n.resourceContent = decryptContent(item.encryptedContent as never, options.certificate);
    return true;
  } catch (e) {
    if (!(e instanceof TamperedNotificationError)) throw e;
    return false;
  }
}

/** Handles one webhook request. Never throws for bad input: what it cannot verify is rejected. */
export async function receive(
  context: StateHolder & { logger?: { warn?: (...a: unknown[]) => void } },
  payload: TriggerPayload,
  options: ReceiveOptions,
): Promise<Outcome> {
  const outcome: Outcome = { branch: "Rejected", notifications: [], lifecycle: [], rejected: 0, renewed: [] };
  const body = bodyOf(payload);
  const items = Array.isArray(body.value) ? body.value : [];
  const known = records(context);
  const rich = items.some((i) => i.encryptedContent);
  const tokens: ValidationTokens = {};
  for (const item of items) {
    const record = known[String(item.subscriptionId ?? "")];
    if (!record || !sameSecret(item.clientState, record.clientState)) {
      outcome.rejected++;
      continue;
    }
    if (item.lifecycleEvent) {
      outcome.lifecycle.push({
        subscriptionId: record.id,
        lifecycleEvent: String(item.lifecycleEvent),
        action: await actOnLifecycle(context, record, String(item.lifecycleEvent), options, outcome),
      });
      continue;
    }
    if (!remember(context, fingerprint(item))) {
      outcome.rejected++;
      continue;
    }
    const n: ReceivedNotification = {
      subscriptionId: record.id,
      changeType: String(item.changeType),
      resource: String(item.resource),
      resourceData: item.resourceData as Record<string, unknown>,
      tenantId: item.tenantId as string | undefined,
      source: "notification",
    };
    if (item.encryptedContent && !(await decrypted(item, n, body.validationTokens, options, tokens))) {
      outcome.rejected++;
      continue;
    }
    record.lastSeenAt = new Date().toISOString();
    if (n.resourceData?.id) remember(context, itemPrint(record, n.resourceData.id));
    outcome.notifications.push(n);
  }
  if (rich && tokens.ok === false)
    context.logger?.warn?.("Rejected rich notifications whose validation tokens do not hold.");
  if (options.fetchResources && options.connection) await fetchResources(options.connection, outcome.notifications);
  if (options.connection && options.renewOwners?.length)
    await renewDue(options.connection, context, options.renewOwners, { verify: false, outcome });
  outcome.branch = outcome.notifications.length ? "Notification" : outcome.lifecycle.length ? "Lifecycle" : "Rejected";
  return outcome;
}

/**
 * Reads what was created or updated, so the flow gets the message or event itself; one that is gone by now stays
 * without content.
 */
async function fetchResources(connection: Connection, notifications: ReceivedNotification[]): Promise<void> {
  const graph = graphFor(connection);
  for (const n of notifications) {
    if (n.resourceContent !== undefined || n.changeType === "deleted") continue;
    try {
      const content = await readResource(graph, n.resource);
      if (content !== undefined) n.resourceContent = content;
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
    }
  }
}

async function actOnLifecycle(
  context: StateHolder,
  record: SubscriptionRecord,
  event: string,
  options: ReceiveOptions,
  outcome: Outcome,
): Promise<string> {
  if (!options.connection) return "none (no connection on the trigger)";
  const graph = graphFor(options.connection);
  if (event === "reauthorizationRequired") {
    await subscriptions.reauthorize(graph, record.id);
    await subscriptions.renew(graph, record);
    return "reauthorized";
  }
  if (event === "subscriptionRemoved") {
    const fresh = await recreate(graph, context, record);
    return `re-created as ${fresh.id}`;
  }
  if (event === "missed") {
    const found = await resync(options.connection, context, record);
    outcome.notifications.push(...found);
    return `resynced (${found.length} change${found.length === 1 ? "" : "s"})`;
  }
  return "none";
}

/**
 * Renews owned subscriptions past half their lifetime, re-creating ones Graph no longer has. With
 * `verify` (scheduled maintenance) it also asks Graph about the others; on notifications it does not.
 */
export async function renewDue(
  connection: Connection,
  context: StateHolder,
  owners: string[],
  o: { verify: boolean; outcome?: Outcome },
): Promise<{ renewed: string[]; recreated: string[] }> {
  const graph = graphFor(connection);
  const done = { renewed: [] as string[], recreated: [] as string[] };
  for (const record of Object.values(records(context)).filter((r) => owners.includes(r.owner))) {
    const lifetime =
      (record.includeResourceData ? subscriptions.MAX_LIFETIME_WITH_DATA_MINUTES : subscriptions.MAX_LIFETIME_MINUTES) *
      60_000;
    const left = Date.parse(record.expirationDateTime) - Date.now();
    try {
      if (left < lifetime / 2) {
        await subscriptions.renew(graph, record);
        done.renewed.push(record.id);
      } else if (o.verify) {
        await subscriptions.get(graph, record.id);
      }
    } catch (e) {
      if ((e as { status?: number }).status !== 404) throw e;
      const fresh = await recreate(graph, context, record);
      done.recreated.push(fresh.id);
    }
  }
  o.outcome?.renewed.push(...done.renewed);
  return done;
}
