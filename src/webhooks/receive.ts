import { timingSafeEqual } from "node:crypto";
import type { Connection, TriggerPayload } from "@prismatic-io/spectral";
import { readResources } from "../graph/changes";
import { graphFor } from "../graph/client";
import * as subscriptions from "../graph/subscriptions";
import { redact } from "../redact";
import { maintain, newReport, restore, resync, type Gap, type MaintenanceReport } from "./maintenance";
import { isRecord, notificationItems } from "./request";
import {
  decryptContent,
  TamperedNotificationError,
  validationTokensValid,
  type NotificationCertificate,
} from "./richNotifications";
import { itemPrint, notificationPrint, Seen } from "./seen";
import { recordFor, type StateHolder, type SubscriptionRecord } from "./subscriptions";

/**
 * What an Outlook webhook does with a request: lets through only notifications whose clientState
 * matches a subscription this instance made (and each one once: replays are dropped, and a print
 * is kept only for what was verified); decrypts and checks rich notifications; reads the items
 * notified (JSON batching, 20 to a request); and acts on lifecycle events (reauthorize, re-create a
 * removed subscription, resync after missed notifications). It never throws for what a request
 * holds: anything it cannot verify is counted as rejected and causes no Graph request.
 */

export { validationToken } from "./request";

export const BRANCHES = ["URL Validation", "Notification", "Lifecycle", "Rejected"] as const;
export type Branch = (typeof BRANCHES)[number];

export interface ReceivedNotification {
  subscriptionId: string;
  changeType: string;
  resource: string;
  resourceData?: Record<string, unknown>;
  tenantId?: string;
  /** The resource itself: decrypted from a rich notification, or read from Graph. */
  resourceContent?: unknown;
  /** Why the resource could not be read (the notification still counts: its id is in resourceData). */
  resourceError?: { status: number; code: string; message: string };
  /** "notification", or "resync" for changes found by reading the folder (after `missed`, or a gap). */
  source: "notification" | "resync";
}

export interface Outcome {
  branch: Branch;
  notifications: ReceivedNotification[];
  lifecycle: { subscriptionId: string; lifecycleEvent: string; action: string }[];
  rejected: number;
  /** Subscription ids renewed while here. */
  renewed: string[];
  /** Subscriptions Graph had lost, re-created while here. */
  recreated: { from: string; to: string }[];
  /** Times a watched folder or calendar had no live subscription (restored, or still open with the error). */
  gaps: Gap[];
  failures: MaintenanceReport["failures"];
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

type Logger = { warn?: (...a: unknown[]) => void; info?: (...a: unknown[]) => void };
type Context = StateHolder & { logger?: Logger };

function sameSecret(given: unknown, secret: unknown): boolean {
  if (typeof given !== "string" || typeof secret !== "string") return false;
  const x = Buffer.from(given);
  const y = Buffer.from(secret);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether a request's validation tokens hold: checked once per request, for its first rich notification. */
type ValidationTokens = { ok?: boolean };

/**
 * Decrypts a rich notification's resource into `n.resourceContent` once the request's validation
 * tokens and the content's signature hold; false (rejected) when they do not, when the content is
 * not shaped as Graph shapes it, or when the trigger has no certificate or connection to check with.
 */
async function decrypted(
  content: unknown,
  n: ReceivedNotification,
  validationTokens: unknown,
  options: ReceiveOptions,
  tokens: ValidationTokens,
): Promise<boolean> {
  if (!options.certificate || !options.connection || !isRecord(content)) return false;
  if (!["data", "dataKey", "dataSignature"].every((k) => typeof content[k] === "string")) return false;
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
    n.resourceContent = decryptContent(content as never, options.certificate);
    return true;
  } catch (e) {
    if (!(e instanceof TamperedNotificationError)) throw e;
    return false;
  }
}

function notificationOf(item: Record<string, unknown>, record: SubscriptionRecord): ReceivedNotification {
  return {
    subscriptionId: record.id,
    changeType: typeof item.changeType === "string" ? item.changeType : "",
    resource: typeof item.resource === "string" ? item.resource : "",
    resourceData: isRecord(item.resourceData) ? item.resourceData : undefined,
    tenantId: typeof item.tenantId === "string" ? item.tenantId : undefined,
    source: "notification",
  };
}

interface Verified {
  notifications: ReceivedNotification[];
  lifecycle: { record: SubscriptionRecord; event: string }[];
  rejected: number;
}

/** Checks each notification of the request: its subscription's secret, replay, and (rich ones) signature. */
async function verify(context: Context, payload: TriggerPayload, options: ReceiveOptions, seen: Seen) {
  const { items, validationTokens } = notificationItems(payload);
  const out: Verified = { notifications: [], lifecycle: [], rejected: 0 };
  const tokens: ValidationTokens = {};
  for (const item of items) {
    const record = recordFor(context, item.subscriptionId);
    if (!record || !sameSecret(item.clientState, record.clientState)) {
      out.rejected++;
      continue;
    }
    if (item.lifecycleEvent !== undefined) {
      out.lifecycle.push({ record, event: String(item.lifecycleEvent).slice(0, 100) });
      continue;
    }
    const print = notificationPrint(item);
    const n = notificationOf(item, record);
    const content = item.encryptedContent;
    if (
      seen.has(print) ||
      (content !== undefined && !(await decrypted(content, n, validationTokens, options, tokens)))
    ) {
      out.rejected++;
      continue;
    }
    // Only now, verified, does it count as seen: a forged copy arriving first cannot shadow it.
    seen.add(print);
    record.lastSeenAt = new Date().toISOString();
    if (n.resourceData?.id !== undefined) seen.add(itemPrint(record, n.resourceData.id));
    out.notifications.push(n);
  }
  if (tokens.ok === false) context.logger?.warn?.("Rejected rich notifications whose validation tokens do not hold.");
  return out;
}

/** Handles one webhook request. Never throws for bad input: what it cannot verify is rejected. */
export async function receive(context: Context, payload: TriggerPayload, options: ReceiveOptions): Promise<Outcome> {
  const seen = new Seen(context);
  const verified = await verify(context, payload, options, seen);
  const report = newReport();
  const lifecycle: Outcome["lifecycle"] = [];
  for (const { record, event } of verified.lifecycle)
    lifecycle.push({
      subscriptionId: record.id,
      lifecycleEvent: event,
      action: await actOnLifecycle(context, record, event, options, seen, report),
    });
  // Only what was verified may cause Graph requests: renewals ride on genuine notifications.
  if (options.connection && options.renewOwners?.length && (verified.notifications.length || lifecycle.length))
    await maintain(options.connection, context, options.renewOwners, {
      verify: false,
      seen,
      logger: context.logger,
      report,
    });
  const notifications = [...verified.notifications, ...report.resynced];
  if (options.fetchResources && options.connection) await fetchResources(options.connection, notifications);
  return {
    branch: notifications.length ? "Notification" : lifecycle.length ? "Lifecycle" : "Rejected",
    notifications,
    lifecycle,
    rejected: verified.rejected,
    renewed: report.renewed,
    recreated: report.recreated,
    gaps: report.gaps,
    failures: report.failures,
  };
}

/**
 * Reads what was created or updated (through JSON batching), so the flow gets the message or event
 * itself; one gone by now stays without content, and one that cannot be read says why in
 * `resourceError` (its id is still in `resourceData`).
 */
export async function fetchResources(connection: Connection, notifications: ReceivedNotification[]): Promise<void> {
  const wanted = notifications.filter((n) => n.resourceContent === undefined && n.changeType !== "deleted");
  if (!wanted.length) return;
  const results = await readResources(
    graphFor(connection),
    wanted.map((n) => n.resource),
  );
  results.forEach((result, i) => {
    if (!result) return;
    if (result.ok) wanted[i].resourceContent = result.body;
    else if (result.status !== 404)
      wanted[i].resourceError = {
        status: result.status,
        code: (result.error as { graphCode?: string }).graphCode ?? result.error.code,
        message: redact(result.error.message),
      };
  });
}

async function actOnLifecycle(
  context: Context,
  record: SubscriptionRecord,
  event: string,
  options: ReceiveOptions,
  seen: Seen,
  report: MaintenanceReport,
): Promise<string> {
  if (!options.connection) return "none (no connection on the trigger)";
  const graph = graphFor(options.connection);
  if (event === "reauthorizationRequired") {
    try {
      await subscriptions.reauthorize(graph, record.id);
      await subscriptions.renew(graph, record);
      return "reauthorized";
    } catch (e) {
      const error = redact((e as Error).message ?? String(e));
      report.failures.push({ subscriptionId: record.id, action: "reauthorize", error });
      return `reauthorization failed: ${error}`;
    }
  }
  if (event === "subscriptionRemoved") {
    const fresh = await restore(graph, context, record, report, context.logger);
    if (!fresh) return `re-creation failed (tried again on the next run): ${record.lastError ?? ""}`;
    await resync(graph, fresh, seen, report);
    return `re-created as ${fresh.id}`;
  }
  if (event === "missed") {
    record.resyncFrom ??= record.lastSeenAt;
    const found = await resync(graph, record, seen, report);
    if (record.resyncFrom) return "resync failed (tried again on the next run)";
    return `resynced (${found.length} change${found.length === 1 ? "" : "s"})`;
  }
  return "none";
}
