import { readFileSync } from "node:fs";
import { join } from "node:path";
import component from "../../../src";
import { CERT_DIR, USERS, type Sandbox } from "../../../sandbox";
import { startReceiver, type Receiver } from "../../../tools/receiver";
import { harness, scheduledPayload, secretConnection, setClock, startSandbox, storedMessage } from "../support";

/**
 * The self-managing mail trigger end to end, over 30 simulated days: the sandbox notifies, the local
 * receiver runs the trigger; and rich notifications, decrypted and checked.
 */

const notificationCert =
  readFileSync(join(CERT_DIR, "unregistered-cert.pem"), "utf8") +
  readFileSync(join(CERT_DIR, "unregistered-key.pem"), "utf8");
const DAY = 24 * 3600 * 1000;

let sb: Sandbox;
const receivers: Receiver[] = [];
beforeAll(async () => {
  sb = await startSandbox({ notifications: { retryBaseMs: 100 } });
});
afterEach(() => jest.useRealTimers());
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
const notified = (r: Receiver) =>
  r.runs
    .filter((x) => x.branch === "Notification")
    .flatMap(
      (x) =>
        (
          x.payload as {
            notifications: { resourceData?: { id: string }; resourceContent?: { subject?: string }; source: string }[];
          }
        ).notifications,
    );

describe("the self-managing mail trigger", () => {
  let r: Receiver;
  const params = () => ({ connection: secretConnection(sb), mailbox: USERS.alex.upn, folderId: "inbox" });

  it("subscribes on deploy (validation handshake answered), once even when deployed twice", async () => {
    r = await receiver("mailWebhook", params());
    await harness.triggerOnInstanceDeploy("mailWebhook", params(), r.context as never);
    await harness.triggerOnInstanceDeploy("mailWebhook", params(), r.context as never);
    expect(activeFor(r.url)).toHaveLength(1);
    const validations = r.runs.filter((x) => x.branch === "URL Validation");
    expect(validations.length).toBeGreaterThanOrEqual(1);
    expect(
      sb.notifier.deliveries.filter((d) => d.kind === "validation" && d.url === r.url).every((d) => d.status === 200),
    ).toBe(true);
    expect(activeFor(r.url)[0]).toMatchObject({ lifecycleNotificationUrl: r.url, changeType: "created" });
    expect(activeFor(r.url)[0].clientState).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("carries a message sent to the mailbox in the flow's payload within seconds", async () => {
    const started = Date.now();
    const arrived = r.waitFor((x) => x.branch === "Notification");
    await send("Webhook hello");
    const run = await arrived;
    const [n] = (
      run.payload as {
        notifications: {
          resourceData: { id: string };
          changeType: string;
          resourceContent: { id: string; subject: string; from: { emailAddress: { address: string } } };
        }[];
      }
    ).notifications;
    const stored = storedMessage(sb, USERS.alex.id, n.resourceData.id);
    expect(stored?.subject).toBe("Webhook hello");
    expect(n.changeType).toBe("created");
    // The flow gets the message itself, read from Graph.
    expect(n.resourceContent).toMatchObject({
      id: n.resourceData.id,
      subject: "Webhook hello",
      from: { emailAddress: { address: USERS.adele.upn } },
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it(
    "never lets its subscription lapse through 30 days: renewed on schedule, re-created after a forced " + "removal",
    async () => {
      const start = Date.now();
      const ids = new Set<string>();
      for (let day = 1; day <= 30; day++) {
        setClock(start + day * DAY);
        if (day === 12) sb.notifier.subscriptions.delete(activeFor(r.url)[0].id); // Graph loses it without a word
        if (day === 20) {
          const removed = r.waitFor((x) => x.branch === "Lifecycle");
          sb.notifier.lifecycle(activeFor(r.url)[0].id, "subscriptionRemoved");
          const run = await removed;
          expect((run.payload as { lifecycle: { action: string }[] }).lifecycle[0].action).toMatch(/^re-created as /);
        }
        await harness.trigger("mailWebhook", scheduledPayload(), params(), r.context as never);
        const active = activeFor(r.url);
        expect(active).toHaveLength(1);
        expect(Date.parse(active[0].expirationDateTime) - Date.now()).toBeGreaterThan(3 * DAY);
        ids.add(active[0].id);
      }
      expect(ids.size).toBe(3); // the original, the re-creation on day 12, the one after subscriptionRemoved
      jest.useRealTimers();
      const arrived = r.waitFor((x) => x.branch === "Notification");
      await send("Still listening");
      expect(
        storedMessage(sb, USERS.alex.id, (await arrived).payload ? notified(r).at(-1)!.resourceData!.id : "")?.subject,
      ).toBe("Still listening");
    },
  );

  it("keeps 1,000 forged or replayed notifications out of the Notification branch", async () => {
    await sb.notifier.settle();
    const genuine = sb.notifier.deliveries
      .filter((d) => d.kind === "notification" && d.url === r.url && d.status === 202)
      .at(-1)!.body;
    const real = JSON.parse(genuine).value[0];
    const before = r.runs.filter((x) => x.branch === "Notification").length;
    const forgeries = [
      () => genuine,
      () => JSON.stringify({ value: [{ ...real, clientState: "guessed" }] }),
      () => JSON.stringify({ value: [{ ...real, clientState: undefined }] }),
      () => JSON.stringify({ value: [{ ...real, subscriptionId: "00000000-0000-0000-0000-000000000000" }] }),
      () => JSON.stringify({ value: [{ ...real, clientState: real.clientState.slice(0, -1) + "x" }] }),
      () =>
        JSON.stringify({
          value: [
            {
              ...real,
              resourceData: { ...real.resourceData, "@odata.etag": `W/"forged${Math.random()}"` },
              clientState: "nope",
            },
          ],
        }),
      () =>
        JSON.stringify({
          value: [{ subscriptionId: real.subscriptionId, lifecycleEvent: "subscriptionRemoved", clientState: "nope" }],
        }),
      () => "not json at all",
    ];
    for (let i = 0; i < 1000; i++) {
      const res = await fetch(r.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: forgeries[i % forgeries.length](),
      });
      expect(res.status).toBe(202);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.runs.filter((x) => x.branch === "Notification").length).toBe(before);
    expect(r.runs.slice(-1000).every((x) => x.branch === "Rejected")).toBe(true);
    expect(activeFor(r.url)).toHaveLength(1);
  });

  it("resyncs after a `missed` lifecycle event and delivers what was missed, once", async () => {
    const sub = activeFor(r.url)[0];
    sb.notifier.lose(sub.id, 3);
    const lifecycle = r.waitFor((x) => (x.payload as { lifecycle?: unknown[] } | undefined)?.lifecycle?.length === 1);
    for (const s of ["Lost 1", "Lost 2", "Lost 3"]) await send(s);
    const run = await lifecycle;
    const found = (run.payload as { notifications: { resourceData: { id: string }; source: string }[] }).notifications;
    const subjects = found.map((n) => storedMessage(sb, USERS.alex.id, n.resourceData.id)?.subject).sort();
    expect(subjects).toEqual(["Lost 1", "Lost 2", "Lost 3"]);
    expect(found.every((n) => n.source === "resync")).toBe(true);
    expect(run.branch).toBe("Notification");
  });

  it("reauthorizes and renews on reauthorizationRequired", async () => {
    const sub = activeFor(r.url)[0];
    const before = sb.requests.length;
    const run = r.waitFor((x) => x.branch === "Lifecycle");
    sb.notifier.lifecycle(sub.id, "reauthorizationRequired");
    expect((await run).payload).toMatchObject({
      lifecycle: [{ lifecycleEvent: "reauthorizationRequired", action: "reauthorized" }],
    });
    expect(sb.requests.slice(before).map((x) => `${x.method} ${x.path.replace(sub.id, "{id}")} ${x.status}`)).toEqual([
      "POST /v1.0/subscriptions/{id}/reauthorize 204",
      "PATCH /v1.0/subscriptions/{id} 200",
    ]);
  });

  it("deletes its subscriptions with the instance", async () => {
    await harness.triggerOnInstanceDelete("mailWebhook", params(), r.context as never);
    expect(activeFor(r.url)).toHaveLength(0);
  });
});

describe("rich notifications", () => {
  let r: Receiver;
  const params = () => ({
    connection: secretConnection(sb),
    mailbox: USERS.megan.upn,
    folderId: "inbox",
    includeResourceData: true,
    notificationCertificate: notificationCert,
  });

  it("decrypts encrypted notifications and rejects tampered ones", async () => {
    r = await receiver("mailWebhook", params(), "Rich flow");
    await harness.triggerOnInstanceDeploy("mailWebhook", params(), {
      ...(r.context as object),
      flow: r.context.flow,
    } as never);
    expect(activeFor(r.url)[0]).toMatchObject({ includeResourceData: true });
    const arrived = r.waitFor((x) => x.branch === "Notification");
    await send("Secret plans", USERS.megan.upn);
    const run = await arrived;
    const [n] = (
      run.payload as { notifications: { resourceContent: { subject: string; body: { content: string } } }[] }
    ).notifications;
    expect(n.resourceContent.subject).toBe("Secret plans");

    await sb.notifier.settle();
    const genuine = JSON.parse(
      sb.notifier.deliveries.filter((d) => d.kind === "notification" && d.url === r.url).at(-1)!.body,
    );
    const item = genuine.value[0];
    const fresh = (extra: Record<string, unknown>) => ({
      ...item,
      resourceData: { ...item.resourceData, "@odata.etag": `W/"${Math.random()}"` },
      ...extra,
    });
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, "base64");
      bytes[bytes.length - 1] ^= 1;
      return bytes.toString("base64");
    };
    const tampered = [
      {
        value: [fresh({ encryptedContent: { ...item.encryptedContent, data: flip(item.encryptedContent.data) } })],
        validationTokens: genuine.validationTokens,
      },
      {
        value: [
          fresh({
            encryptedContent: { ...item.encryptedContent, dataSignature: flip(item.encryptedContent.dataSignature) },
          }),
        ],
        validationTokens: genuine.validationTokens,
      },
      {
        value: [
          fresh({ encryptedContent: { ...item.encryptedContent, dataKey: flip(item.encryptedContent.dataKey) } }),
        ],
        validationTokens: genuine.validationTokens,
      },
      { value: [fresh({})], validationTokens: [genuine.validationTokens[0].slice(0, -4) + "AAAA"] },
      { value: [fresh({})] },
    ];
    for (const body of tampered) {
      const done = r.waitFor(() => true);
      await fetch(r.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(await done).toMatchObject({ branch: "Rejected", payload: { rejected: 1 } });
    }
    // A tampered copy arriving before the genuine notification does not get it dropped as a replay: only
    // what was verified is remembered. And the copy, untampered, passes: the checks, not the copying, reject.
    const original = fresh({});
    const post = async (value: unknown) => {
      const done = r.waitFor(() => true);
      await fetch(r.url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ value: [value], validationTokens: genuine.validationTokens }),
      });
      return done;
    };
    const forgedFirst = {
      ...original,
      encryptedContent: { ...item.encryptedContent, data: flip(item.encryptedContent.data) },
    };
    expect((await post(forgedFirst)).branch).toBe("Rejected");
    expect((await post(original)).branch).toBe("Notification");
    expect(await post(original)).toMatchObject({ branch: "Rejected", payload: { rejected: 1 } });
    await harness.triggerOnInstanceDelete("mailWebhook", params(), { ...(r.context as object) } as never);
  });
});
