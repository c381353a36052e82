import type { Connection } from "@prismatic-io/spectral";
import { changedSince } from "../graph/changes";
import { graphFor, type Graph } from "../graph/client";
import * as subscriptions from "../graph/subscriptions";
import { redact } from "../redact";
import { itemPrint, type Seen } from "./seen";
import { recreate, records, type StateHolder, type SubscriptionRecord } from "./subscriptions";

/**
 * Keeping subscriptions alive: renewing them past half their lifetime, re-creating ones Graph no
 * longer has, and reading what changed while Graph could not notify (after `missed`, or while a
 * subscription was gone). Nothing here throws for Graph's failures: a subscription that cannot be
 * renewed or re-created keeps its record, is reported (a gap, with the error), and is tried again
 * on every later run, so a failed handshake costs at most one run without a subscription.
 */

/** A change found by reading the folder or calendar rather than by a notification. */
export interface ResyncedChange {
  subscriptionId: string;
  changeType: "created";
  resource: string;
  resourceData: { id: string; "@odata.etag": string };
  source: "resync";
}

/** A time a watched folder or calendar had no live subscription. */
export interface Gap {
  subscriptionId: string;
  resource: string;
  /** The last notification (or the creation) before the gap. */
  lastNotificationAt: string;
  /** When this instance found Graph no longer had the subscription. */
  missingSince: string;
  /** Set once a new subscription replaced it. */
  restoredAt?: string;
  newSubscriptionId?: string;
  /** Why it could not be re-created (yet): it is tried again on the next run. */
  error?: string;
}

export interface MaintenanceReport {
  renewed: string[];
  recreated: { from: string; to: string }[];
  gaps: Gap[];
  /** Renewals, checks or resyncs that failed for another reason (tried again on the next run). */
  failures: { subscriptionId: string; action: string; error: string }[];
  resynced: ResyncedChange[];
}

export const newReport = (): MaintenanceReport => ({
  renewed: [],
  recreated: [],
  gaps: [],
  failures: [],
  resynced: [],
});

type Logger = { warn?: (...a: unknown[]) => void; info?: (...a: unknown[]) => void };

const status = (e: unknown) => (e as { status?: number }).status;
const reason = (e: unknown) => redact(e instanceof Error ? e.message : String(e)).slice(0, 500);

/** The gap's report, and a log line for it. */
function gapOf(record: SubscriptionRecord, fresh?: SubscriptionRecord): Gap {
  return {
    subscriptionId: record.id,
    resource: record.resource,
    lastNotificationAt: record.lastSeenAt,
    missingSince: record.lostSince ?? new Date().toISOString(),
    ...(fresh ? { restoredAt: new Date().toISOString(), newSubscriptionId: fresh.id } : { error: record.lastError }),
  };
}

/** Makes the subscription again; on failure the record stays, marked lost, for the next run. */
export async function restore(
  graph: Graph,
  context: StateHolder,
  record: SubscriptionRecord,
  report: MaintenanceReport,
  logger?: Logger,
): Promise<SubscriptionRecord | undefined> {
  record.lostSince ??= new Date().toISOString();
  try {
    const fresh = await recreate(graph, context, record);
    report.recreated.push({ from: record.id, to: fresh.id });
    report.gaps.push(gapOf(record, fresh));
    logger?.info?.(`Subscription ${record.id} (${record.resource}) was gone; re-created as ${fresh.id}.`);
    return fresh;
  } catch (e) {
    record.lastError = reason(e);
    report.gaps.push(gapOf(record));
    logger?.warn?.(
      `Subscription ${record.id} (${record.resource}) is gone and could not be re-created since ` +
        `${record.lostSince}: ${record.lastError}. It is tried again on the next run.`,
    );
    return undefined;
  }
}

/**
 * Reads what changed in the subscription's folder or calendar since `resyncFrom` (less a minute),
 * letting through only items no notification brought; the mark is cleared once the read succeeds.
 */
export async function resync(
  graph: Graph,
  record: SubscriptionRecord,
  seen: Seen,
  report: MaintenanceReport,
): Promise<ResyncedChange[]> {
  if (!record.resyncFrom) return [];
  const from = Date.parse(record.resyncFrom);
  const since = new Date((Number.isNaN(from) ? Date.now() : from) - 60_000).toISOString();
  try {
    const items = await changedSince(graph, record, since);
    const found: ResyncedChange[] = [];
    for (const item of items) {
      if (!seen.add(itemPrint(record, item.id))) continue;
      found.push({
        subscriptionId: record.id,
        changeType: "created",
        resource: item.resource,
        resourceData: { id: item.id, "@odata.etag": `W/"${item.changeKey ?? ""}"` },
        source: "resync",
      });
    }
    delete record.resyncFrom;
    record.lastSeenAt = new Date().toISOString();
    report.resynced.push(...found);
    return found;
  } catch (e) {
    report.failures.push({ subscriptionId: record.id, action: "resync", error: reason(e) });
    return [];
  }
}

const lifetimeMs = (record: SubscriptionRecord) =>
  (record.includeResourceData ? subscriptions.MAX_LIFETIME_WITH_DATA_MINUTES : subscriptions.MAX_LIFETIME_MINUTES) *
  60_000;

/** Renews (when due) or checks (with `verify`) one subscription; re-creates it when Graph no longer has it. */
async function keep(
  graph: Graph,
  context: StateHolder,
  record: SubscriptionRecord,
  report: MaintenanceReport,
  o: { verify: boolean; logger?: Logger },
): Promise<SubscriptionRecord | undefined> {
  if (record.lostSince) return restore(graph, context, record, report, o.logger);
  const due = Date.parse(record.expirationDateTime) - Date.now() < lifetimeMs(record) / 2;
  if (!due && !o.verify) return record;
  try {
    if (due) {
      await subscriptions.renew(graph, record);
      report.renewed.push(record.id);
    } else await subscriptions.get(graph, record.id);
    delete record.lastError;
    return record;
  } catch (e) {
    if (status(e) === 404) return restore(graph, context, record, report, o.logger);
    record.lastError = reason(e);
    report.failures.push({ subscriptionId: record.id, action: due ? "renew" : "check", error: record.lastError });
    o.logger?.warn?.(`Could not ${due ? "renew" : "check"} subscription ${record.id}: ${record.lastError}`);
    return record;
  }
}

/**
 * Keeps every subscription of these owners alive (see `keep`), then resyncs those marked. With
 * `verify` (a scheduled run) it asks Graph about each one; on notifications it only renews what is due.
 */
export async function maintain(
  connection: Connection,
  context: StateHolder,
  owners: string[],
  o: { verify: boolean; seen: Seen; logger?: Logger; report?: MaintenanceReport },
): Promise<MaintenanceReport> {
  const graph = graphFor(connection);
  const report = o.report ?? newReport();
  // A subscription already tried in this run (a lifecycle event re-created it, or failed to) waits for the next.
  const tried = new Set([...report.gaps.map((g) => g.subscriptionId), ...report.recreated.map((r) => r.to)]);
  const owned = Object.values(records(context)).filter((r) => owners.includes(r.owner) && !tried.has(r.id));
  for (const record of owned) {
    const live = await keep(graph, context, record, report, o);
    if (live && !live.lostSince) await resync(graph, live, o.seen, report);
  }
  return report;
}
