import { DEFAULT_TENANT_ID, USERS, start } from "../sandbox";
import component from "../src";
import { startReceiver } from "../tools/receiver";
import { harness } from "./reliabilityPlan";
import { connectionFor } from "./sandboxApp";
import { deliver, scheduledPayload } from "./sandboxMail";

/**
 * The two trigger measures of `npm run reliability`: mail polling through a month whose delta links
 * expire (a paused instance, then an early expiry by Graph), counting each message emitted against each
 * message delivered; and the mail webhook answering one POST of 1,000 genuine notifications at 50 ms of
 * Graph latency with Outlook's throttling on, timed against Graph's 3 s budget.
 */

const DAY = 24 * 3600 * 1000;
const GRAPH_BUDGET_MS = 3000;

export interface DeltaReport {
  days: number;
  delivered: number;
  emitted: number;
  lost: number;
  duplicated: number;
  /** Days on which a poll found its link expired and started a fresh round. */
  restartDays: number[];
}

export interface BurstReport {
  notifications: number;
  /** Milliseconds from POST to answer, first (cold) and second (warm) POST. */
  answerMs: [number, number];
  /** Those times over Graph's 3 s budget. */
  budgetRatio: [number, number];
  batchRequests: number;
  itemsRead: number;
}

/**
 * A month of daily polls on one folder, three messages a day. Delta links live 3 days: the instance is paused
 * on days 14 to 18, so its link has expired when it polls on day 19, and on day 25 Graph expires every link.
 */
export async function deltaRestarts(days = 30): Promise<DeltaReport> {
  const sb = await start({ port: 0, deltaTokenLifetimeSeconds: 3 * 24 * 3600, maxPageSize: 7 });
  try {
    const mb = sb.store.mailbox(USERS.megan.id);
    const folder = sb.store.addFolder(mb, "Polled", sb.store.folderByWellKnown(mb, "msgfolderroot").id);
    const params = { connection: connectionFor(sb), mailbox: USERS.megan.upn, folderId: folder.id };
    const context = { instanceState: {}, crossFlowState: {} };
    const poll = async () =>
      (await harness.trigger("mailPolling", scheduledPayload() as never, params, context as never)) as unknown as {
        payload: { body: { data: { subject: string }[] }; restarted?: boolean };
      };
    const delivered: string[] = [];
    const emitted: string[] = [];
    const restartDays: number[] = [];
    await poll();
    for (let day = 1; day <= days; day++) {
      sb.clock.advance(DAY);
      for (let i = 0; i < 3; i++) delivered.push(deliver(sb, USERS.megan.id, `Day ${day} #${i}`, folder.id).subject);
      if (day >= 14 && day <= 18) continue;
      if (day === 25) sb.store.expireDeltaTokens();
      const result = await poll();
      emitted.push(...result.payload.body.data.map((m) => m.subject));
      if (result.payload.restarted) restartDays.push(day);
    }
    const counts = new Map<string, number>();
    for (const s of emitted) counts.set(s, (counts.get(s) ?? 0) + 1);
    return {
      days,
      delivered: delivered.length,
      emitted: emitted.length,
      lost: delivered.filter((s) => !counts.has(s)).length,
      duplicated: [...counts.values()].filter((n) => n > 1).length,
      restartDays,
    };
  } finally {
    await sb.stop();
  }
}

/** One POST carrying a genuine notification for each of these messages, as Graph would send it. */
function notifications(subscription: { id: string; clientState: string }, ids: string[]): string {
  return JSON.stringify({
    value: ids.map((id) => ({
      subscriptionId: subscription.id,
      clientState: subscription.clientState,
      changeType: "created",
      resource: `Users/${USERS.alex.id}/Messages/${id}`,
      resourceData: {
        "@odata.type": "#Microsoft.Graph.Message",
        "@odata.id": `Users/${USERS.alex.id}/Messages/${id}`,
        id,
      },
      tenantId: DEFAULT_TENANT_ID,
    })),
  });
}

/** The mail webhook answering 1,000 notifications in one POST, twice, after reading every message. */
export async function webhookBurst(count = 1000): Promise<BurstReport> {
  const sb = await start({ port: 0, latencyMs: 50, throttle: "outlook" });
  const rounds = [1, 2].map((r) =>
    Array.from({ length: count }, (_, i) => deliver(sb, USERS.alex.id, `Burst ${r}.${i}`).id),
  );
  const params = { connection: connectionFor(sb), mailbox: USERS.alex.upn, folderId: "inbox" };
  const receiver = await startReceiver({ component, trigger: "mailWebhook", params });
  try {
    await harness.triggerOnInstanceDeploy("mailWebhook", params, receiver.context as never);
    const state = receiver.context.crossFlowState as { outlookSubscriptions: Record<string, never> };
    const [subscription] = Object.values(state.outlookSubscriptions) as { id: string; clientState: string }[];
    const before = sb.requests.length;
    const answerMs: number[] = [];
    for (const ids of rounds) {
      const started = process.hrtime.bigint();
      const res = await fetch(receiver.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: notifications(subscription, ids),
      });
      answerMs.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (res.status !== 202) throw new Error(`the webhook answered ${res.status}`);
    }
    const graph = sb.requests.slice(before).filter((r) => r.kind === "graph");
    const read = receiver.runs
      .slice(-2)
      .flatMap((run) => (run.payload as { notifications: { resourceContent?: unknown }[] }).notifications)
      .filter((n) => n.resourceContent).length;
    return {
      notifications: count,
      answerMs: [answerMs[0], answerMs[1]],
      budgetRatio: [answerMs[0] / GRAPH_BUDGET_MS, answerMs[1] / GRAPH_BUDGET_MS],
      batchRequests: graph.filter((r) => !r.batch && r.path.endsWith("/$batch")).length,
      itemsRead: read,
    };
  } finally {
    await receiver.stop();
    await sb.stop();
  }
}
