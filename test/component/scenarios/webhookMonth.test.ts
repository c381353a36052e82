import { USERS, type Sandbox } from "../../../sandbox";
import component from "../../../src";
import { startReceiver, type Receiver, type TriggerRun } from "../../../tools/receiver";
import { harness, scheduledPayload, secretConnection, setClock, startSandbox } from "../support";
import { deliver } from "../triggers/mail";

/**
 * The self-managing mail trigger through 30 simulated days (the component's and the sandbox's
 * clocks moving together), mail arriving every day and a scheduled run every day. Graph loses the
 * subscription without a word on day 10, and the endpoint fails the validation handshake of the
 * first re-creation; on day 20 Graph removes it (subscriptionRemoved) and the re-creation's
 * handshake fails again. The trigger keeps the record, tries again on the next run, reports the
 * gap, and reads what arrived meanwhile: every message reaches the flow exactly once, and never
 * more than one scheduled run ends without a live subscription.
 */

const DAY = 24 * 3600 * 1000;
let sb: Sandbox;
let r: Receiver;
beforeAll(async () => {
  sb = await startSandbox({ notifications: { retryBaseMs: 100 } });
});
afterEach(() => jest.useRealTimers());
afterAll(async () => {
  await r?.stop();
  await sb.stop();
});

type Notified = { resourceData?: { id: string }; source: string };
type Gap = { subscriptionId: string; error?: string; restoredAt?: string; newSubscriptionId?: string };
type Payload = {
  notifications: Notified[];
  gaps: Gap[];
  recreated: { from: string; to: string }[];
  failures: { subscriptionId: string; action: string; error: string }[];
};

const live = () => sb.notifier.active().filter((s) => s.notificationUrl === r.url);
const notifiedIds = (run: TriggerRun) => ((run.payload as Payload).notifications ?? []).map((n) => n.resourceData!.id);

it("loses no mail and no more than one scheduled run to a lost subscription and failed handshakes", async () => {
  const params = { connection: secretConnection(sb), mailbox: USERS.alex.upn, folderId: "inbox" };
  r = await startReceiver({ component, trigger: "mailWebhook", params });
  await harness.triggerOnInstanceDeploy("mailWebhook", params, r.context as never);
  const scheduled = async () =>
    (await harness.trigger("mailWebhook", scheduledPayload(), params, r.context as never)) as unknown as {
      branch: string;
      payload: { body: { data: Payload } };
    };
  const start = Date.now();
  const delivered: string[] = [];
  const runsWithoutSubscription: number[] = [];
  const reports = new Map<number, Payload>();
  for (let day = 1; day <= 30; day++) {
    setClock(start + day * DAY);
    if (day === 10) {
      sb.notifier.subscriptions.delete(live()[0].id); // Graph loses it without a word
      r.refuseValidations(1); // and the first re-creation's handshake fails
    }
    if (day === 20) {
      r.refuseValidations(1);
      const removed = r.waitFor((x) => x.branch === "Lifecycle");
      sb.notifier.lifecycle(live()[0].id, "subscriptionRemoved");
      const run = await removed;
      expect((run.payload as { lifecycle: { action: string }[] }).lifecycle[0].action).toMatch(
        /^re-creation failed \(tried again on the next run\)/,
      );
    }
    const subscribed = live().length > 0;
    const arrived = subscribed ? r.waitFor((x) => x.branch === "Notification") : undefined;
    delivered.push(deliver(sb, USERS.alex.id, `Day ${day}`).immutableId!);
    if (arrived) await arrived;
    // Day 5's check or renewal meets a 500: reported, not thrown, and done again on the next run.
    if (day === 5) sb.faults.failNext(1, 500, null, { path: /^\/v1\.0\/subscriptions\// });
    const run = await scheduled();
    reports.set(day, run.payload.body.data);
    if (live().length !== 1) runsWithoutSubscription.push(day);
    // Each scheduled run leaves at most one subscription, renewed well ahead of its expiry.
    expect(live().length).toBeLessThanOrEqual(1);
    if (live().length) expect(Date.parse(live()[0].expirationDateTime) - Date.now()).toBeGreaterThan(3 * DAY);
  }
  jest.useRealTimers();
  await sb.notifier.settle();

  expect(reports.get(5)!.failures).toEqual([
    expect.objectContaining({ action: expect.stringMatching(/^(check|renew)$/), error: expect.stringMatching(/500/) }),
  ]);
  // Day 10's run found the subscription gone and could not make it again: the only run that ended without one.
  expect(runsWithoutSubscription).toEqual([10]);
  const day10 = reports.get(10)!.gaps;
  expect(day10).toEqual([expect.objectContaining({ error: expect.stringMatching(/validation request failed/) })]);
  expect(day10[0].restoredAt).toBeUndefined();
  // Day 11's run re-created it, reported the gap closed, and brought day 10's and day 11's mail by reading the inbox.
  const day11 = reports.get(11)!;
  expect(day11.gaps).toEqual([
    expect.objectContaining({ subscriptionId: day10[0].subscriptionId, restoredAt: expect.any(String) }),
  ]);
  expect(day11.gaps[0].error).toBeUndefined();
  expect(day11.notifications.map((n) => n.source)).toEqual(["resync", "resync"]);
  // Day 20's run re-created the subscription Graph removed, and brought day 20's mail.
  expect(reports.get(20)!.recreated).toHaveLength(1);
  expect(reports.get(20)!.notifications.map((n) => n.source)).toEqual(["resync"]);

  // Every message reached the flow exactly once: by notification, or by a resync after a gap.
  const emitted = r.runs.filter((x) => x.branch === "Notification").flatMap(notifiedIds);
  const fromScheduled = [...reports.values()].flatMap((p) => p.notifications.map((n) => n.resourceData!.id));
  expect([...emitted, ...fromScheduled].sort()).toEqual([...delivered].sort());
});
