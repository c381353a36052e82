import component from "../../../src";
import { USERS, type Sandbox } from "../../../sandbox";
import { startReceiver, type Receiver } from "../../../tools/receiver";
import { actionError, harness, secretConnection, startSandbox } from "../support";

/** Subscription actions end to end: the sandbox notifies, the local receiver runs the Webhook trigger. */

const DAY = 24 * 3600 * 1000;

let sb: Sandbox;
const receivers: Receiver[] = [];
beforeAll(async () => {
  sb = await startSandbox({ notifications: { retryBaseMs: 100 } });
});
afterAll(async () => {
  for (const r of receivers) await r.stop();
  await sb.stop();
});

async function receiver(trigger: string, params: Record<string, unknown>, flowName?: string): Promise<Receiver> {
  const r = await startReceiver({ component, trigger, params, flowName });
  receivers.push(r);
  return r;
}

const send = (subject: string, to: string = USERS.alex.upn) =>
  harness.action("sendMessage", { connection: secretConnection(sb, { userId: USERS.adele.upn }), to, subject });
const activeFor = (url: string) => sb.notifier.active().filter((s) => s.notificationUrl === url);
describe("subscription actions and the Webhook trigger", () => {
  let r: Receiver;
  const connection = () => secretConnection(sb);
  const ctx = () => ({ crossFlowState: r.context.crossFlowState, webhookUrls: r.context.webhookUrls });
  const act = async (key: string, params: Record<string, unknown>) =>
    (
      (await harness.action(key, { connection: connection(), ...params }, ctx() as never)) as {
        data: Record<string, unknown> & unknown[];
      }
    ).data;

  it(
    "creates mail folder and event subscriptions the Webhook trigger verifies, lists, renews and " + "deletes them",
    async () => {
      r = await receiver("webhook", { connection: connection() }, "Generic flow");
      const now = Date.now();
      const mail = await act("createMailFolderSubscription", {
        mailbox: USERS.megan.upn,
        folderId: "inbox",
        notificationUrl: r.url,
        changeTypes: ["created"],
      });
      expect(mail).not.toHaveProperty("clientState");
      expect(Math.abs(Date.parse(String(mail.expirationDateTime)) - (now + 10070 * 60_000))).toBeLessThan(60_000);
      const again = await act("createMailFolderSubscription", {
        mailbox: USERS.megan.upn,
        folderId: "inbox",
        notificationUrl: r.url,
      });
      expect(again).toMatchObject({ id: mail.id, existing: true });
      const events = await act("createEventSubscription", { mailbox: USERS.megan.upn, notificationUrl: r.url });
      expect(events).toMatchObject({ changeType: "created,updated,deleted" });

      const arrived = r.waitFor((x) => x.branch === "Notification");
      await send("For the generic webhook", USERS.megan.upn);
      expect((await arrived).payload).toMatchObject({
        notifications: [{ changeType: "created", subscriptionId: mail.id }],
      });
      const eventNote = r.waitFor(
        (x) =>
          x.branch === "Notification" &&
          (x.payload as { notifications: { subscriptionId: string }[] }).notifications[0].subscriptionId === events.id,
      );
      await harness.action("createEvent", {
        connection: connection(),
        mailbox: USERS.megan.upn,
        subject: "Watched",
        startAt: "2026-12-01T10:00:00",
        endAt: "2026-12-01T11:00:00",
      });
      await eventNote;

      expect(((await act("listSubscriptions", {})) as unknown as { id: string }[]).map((s) => s.id).sort()).toEqual(
        [mail.id, events.id].sort(),
      );
      const renewed = await act("updateEventSubscriptionExpiration", {
        subscriptionId: events.id,
        expiration: new Date(Date.now() + 2 * DAY).toISOString(),
      });
      expect(Math.abs(Date.parse(String(renewed.expirationDateTime)) - (Date.now() + 2 * DAY))).toBeLessThan(5000);
      await act("deleteSubscription", { subscriptionId: mail.id });
      expect(activeFor(r.url).map((s) => s.id)).toEqual([events.id]);
      expect(await act("deleteAllInstanceSubscriptions", {})).toMatchObject({ deleted: [events.id] });
      expect(activeFor(r.url)).toHaveLength(0);
    },
  );

  it("subscribes to a shared mailbox's folder with an app-only connection", async () => {
    const shared = await act("createMailFolderSubscription", {
      mailbox: USERS.sales.upn,
      folderId: "inbox",
      notificationUrl: r.url,
    });
    expect(shared.resource).toBe(`users/${encodeURIComponent(USERS.sales.upn)}/mailFolders/inbox/messages`);
    const arrived = r.waitFor((x) => x.branch === "Notification");
    await send("To the sales desk", USERS.sales.upn);
    expect((await arrived).payload).toMatchObject({ notifications: [{ subscriptionId: shared.id }] });
    await act("deleteSubscription", { subscriptionId: shared.id });
  });

  it("fails to subscribe an endpoint that does not answer the validation handshake", async () => {
    const before = sb.requests.length;
    const err = await actionError("createMailFolderSubscription", {
      connection: connection(),
      mailbox: USERS.megan.upn,
      notificationUrl: "https://127.0.0.1:9/nowhere",
    });
    expect(err).toMatchObject({ name: "GraphServiceError", status: 400 });
    expect(
      sb.requests
        .slice(before)
        .filter((x) => x.path === "/v1.0/subscriptions" && x.method === "POST")
        .map((x) => x.status),
    ).toEqual([400]);
  });

  it.each([
    ["an http URL", { notificationUrl: "http://example.com/hook" }, "notificationUrl"],
    [
      "an expiration past Graph's maximum",
      { notificationUrl: "https://example.com/hook", expiration: new Date(Date.now() + 10081 * 60_000).toISOString() },
      "expiration",
    ],
    [
      "an expiration in the past",
      { notificationUrl: "https://example.com/hook", expiration: "2020-01-01T00:00:00Z" },
      "expiration",
    ],
    [
      "an unknown change type",
      { notificationUrl: "https://example.com/hook", changeTypes: ["moved"] },
      "changeTypes[0]",
    ],
  ])("refuses %s before any request", async (_name, params, property) => {
    const before = sb.requests.length;
    const err = await actionError("createMailFolderSubscription", {
      connection: connection(),
      mailbox: USERS.megan.upn,
      ...params,
    });
    expect([err.name, err.property]).toEqual(["ArgumentError", property]);
    expect(sb.requests.length).toBe(before);
  });
});
