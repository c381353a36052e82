import { createHash } from "node:crypto";
import { isRecord } from "./request";
import type { StateHolder, SubscriptionRecord, SubscriptionState } from "./subscriptions";

/**
 * What this instance has already let through, kept in state (the newest 5,000 prints): each
 * verified notification once (Graph retries deliveries, and anyone can replay a copy), and each
 * item once per watched folder or calendar (so a resync skips what notifications brought).
 * A print is recorded only once its notification is verified: a tampered copy that arrives first
 * cannot get the genuine one dropped.
 */

export const SEEN_LIMIT = 5000;

const print = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 22);

/** One delivery of one change: subscription, change, resource, and the item's version (etag). */
export function notificationPrint(item: Record<string, unknown>): string {
  const data = isRecord(item.resourceData) ? item.resourceData : {};
  const part = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");
  return print(
    [item.subscriptionId, item.changeType, item.resource, data["@odata.etag"], data.id].map(part).join("\0"),
  );
}

/** One item in one watched folder or calendar (not per subscription, which may be re-created). */
export function itemPrint(record: SubscriptionRecord, itemId: unknown): string {
  return print(`${record.containerPath}\0${String(itemId)}`);
}

/** The prints in state, with a set for quick lookups during one run. */
export class Seen {
  private readonly list: string[];
  private readonly set: Set<string>;

  constructor(context: StateHolder) {
    const state = context.crossFlowState as SubscriptionState;
    if (!Array.isArray(state.outlookSeen)) state.outlookSeen = [];
    this.list = state.outlookSeen;
    this.set = new Set(this.list);
  }

  has(p: string): boolean {
    return this.set.has(p);
  }

  /** Records a print; false when it was there already. */
  add(p: string): boolean {
    if (this.set.has(p)) return false;
    this.list.push(p);
    this.set.add(p);
    if (this.list.length > SEEN_LIMIT) {
      for (const old of this.list.splice(0, this.list.length - SEEN_LIMIT)) this.set.delete(old);
    }
    return true;
  }
}
