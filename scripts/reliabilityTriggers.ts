import { createConnection, createHarness, defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS, start, type Sandbox } from "../sandbox";
import component from "../src";
import { clientCredentials } from "../src/connections/clientCredentials";
import { startReceiver } from "../tools/receiver";

/**
 * The two trigger measures of `npm run reliability`: mail polling through a month whose delta links
 * expire (a paused instance, then an early expiry by Graph), counting each message emitted against each
 * message delivered; and the mail webhook answering one POST of 1,000 genuine notifications at 50 ms of
 * Graph latency with Outlook's throttling on, timed against Graph's 3 s budget.
 */

const DAY = 24 * 3600 * 1000;
const GRAPH_BUDGET_MS = 3000;
const harness = createHarness(component);

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

function connectionFor(sb: Sandbox) {
  return createConnection(clientCredentials, {
    cloud: "global",
    baseUrl: sb.url,
    entraEndpoint: sb.url,
    tenant: DEFAULT_TENANT_ID,
    clientId: DEFAULT_APP_ID,
    clientSecret: DEFAULT_APP_SECRET,
    scopes: "https://graph.microsoft.com/.default",
    userId: USERS.adele.upn,
  });
}

/** A received message put straight into a folder, stamped with the sandbox clock, as delivery would. */
function deliver(sb: Sandbox, userId: string, subject: string, folderId: string) {
  const mb = sb.store.mailbox(userId);
  const t = sb.clock.iso();
  const sender = { emailAddress: { name: "Sender", address: "sender@fabrikam.example" } };
  return sb.store.putMessage(mb, {
    folderId,
    createdDateTime: t,
    lastModifiedDateTime: t,
    receivedDateTime: t,
    sentDateTime: t,
    subject,
    body: { contentType: "text", content: `About ${subject}` },
    importance: "normal",
    isRead: false,
    isDraft: false,
    from: sender,
    sender,
    toRecipients: [],
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    internetMessageId: `<${subject.replace(/\W/g, "")}.${Math.random().toString(36).slice(2)}@fabrikam.example>`,
    conversationId: "c",
    conversationIndex: "AQ==",
    categories: [],
    flag: { flagStatus: "notFlagged" },
    inferenceClassification: "focused",
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    internetMessageHeaders: [],
    extendedProperties: [],
    attachments: [],
  });
}

/** The platform's scheduled invocation of a polling trigger: no request behind it. */
const scheduled = () => ({
  ...defaultTriggerPayload(),
  headers: {},
  queryParameters: {},
  rawBody: { data: null },
  body: { data: null },
});

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
      (await harness.trigger("mailPolling", scheduled() as never, params, context as never)) as unknown as {
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
  const inbox = sb.store.folderByWellKnown(sb.store.mailbox(USERS.alex.id), "inbox").id;
  const rounds = [1, 2].map((r) =>
    Array.from({ length: count }, (_, i) => deliver(sb, USERS.alex.id, `Burst ${r}.${i}`, inbox).id),
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
