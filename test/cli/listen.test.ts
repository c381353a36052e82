import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../../src";
import { sandboxConnection } from "../../cli/target";
import { DEFAULT_APP_SECRET, USERS, start, type Sandbox } from "../../sandbox";
import { ROOT, errorOf, eventually, runner, startRunner } from "./support";

/** `outlook listen`: a trigger deployed against a local receiver, its payloads printed as JSON lines. */

const harness = createHarness(component);
let sb: Sandbox;
beforeAll(async () => (sb = await start({ port: 0 })));
afterAll(() => sb.stop());

/** Sends as Adele through the component, from this process: the runner only listens. */
const send = (url: string, subject: string, to: string = USERS.alex.upn) =>
  harness.action("sendMessage", { connection: sandboxConnection(url), to, subject, body: "hello" });

const subscribedTo = (resource: RegExp) => sb.notifier.active().filter((s) => resource.test(s.resource));

it("subscribes on start, prints a payload when a message arrives, and unsubscribes on Ctrl-C", async () => {
  const listening = startRunner(["listen", "mailWebhook", "--sandbox-url", sb.url, "--mailbox", USERS.alex.upn]);
  await eventually(() => subscribedTo(/alexw/i).length === 1, "the runner's subscription for Alex's inbox");
  const [subscription] = subscribedTo(/alexw/i);
  expect(subscription.notificationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/webhooks\//);

  await send(sb.url, "Listen to this");
  const line = JSON.parse(await listening.line("stdout", /Listen to this/)) as {
    trigger: string;
    branch: string;
    payload: { notifications: { changeType: string; resourceContent: { subject: string; from: unknown } }[] };
  };
  expect(line).toMatchObject({ trigger: "mailWebhook", branch: "Notification" });
  expect(line.payload.notifications[0]).toMatchObject({
    changeType: "created",
    resourceContent: { subject: "Listen to this", from: { emailAddress: { address: USERS.adele.upn } } },
  });

  listening.child.kill("SIGINT");
  const done = await listening.exited;
  expect(done.code).toBe(0);
  expect(subscribedTo(/alexw/i)).toHaveLength(0);
  // Piped, stderr carries nothing: no notes, no progress. No secret anywhere, clientState included.
  expect(done.stderr).toBe("");
  expect(done.stdout).not.toContain(subscription.clientState);
  expect(done.stdout).not.toContain(DEFAULT_APP_SECRET);
});

it("says where the plain webhook trigger receives, and prints what it makes of a notification", async () => {
  const listening = startRunner(["listen", "webhook", "--sandbox-url", sb.url]);
  const url = /at (https:\S+)$/.exec(await listening.line("stderr", /^Receiving webhook notifications at https:/))![1];
  // A notification for a subscription this instance never made: the trigger rejects it.
  const forged = { value: [{ subscriptionId: "00000000-0000-0000-0000-000000000001", clientState: "guess" }] };
  const answer = await fetch(url, {
    method: "POST",
    body: JSON.stringify(forged),
    headers: { "Content-Type": "application/json" },
  });
  expect(answer.status).toBeLessThan(300);
  expect(JSON.parse(await listening.line("stdout", /"trigger":"webhook"/))).toMatchObject({ branch: "Rejected" });
  listening.child.kill("SIGINT");
  expect((await listening.exited).code).toBe(0);
});

it("refuses what is not a trigger, and polling options on a webhook trigger", async () => {
  const action = await runner(["listen", "sendMessage", "--sandbox-url", sb.url]);
  expect(action.code).toBe(2);
  expect(errorOf(action.stderr)).toMatchObject({ code: "UnknownTrigger", property: "trigger" });
  const interval = await runner(["listen", "mailWebhook", "--sandbox-url", sb.url, "--interval", "5"]);
  expect(interval.code).toBe(2);
  expect(errorOf(interval.stderr)).toMatchObject({ code: "Usage" });
});

it("polls a polling trigger and prints what is new", async () => {
  const polling = startRunner([
    "listen",
    "mailPolling",
    "--sandbox-url",
    sb.url,
    "--mailbox",
    USERS.megan.upn,
    "--interval",
    "1",
  ]);
  // The first poll takes the baseline (nothing existing is emitted); then a new message comes through.
  await eventually(() => sb.requests.some((r) => /meganb.*delta/i.test(r.path)), "the first poll");
  await send(sb.url, "Polled up", USERS.megan.upn);
  const line = JSON.parse(await polling.line("stdout", /Polled up/)) as {
    trigger: string;
    payload: { subject: string }[];
  };
  expect(line.trigger).toBe("mailPolling");
  expect(line.payload.map((m) => m.subject)).toEqual(["Polled up"]);
  polling.child.kill("SIGINT");
  expect((await polling.exited).code).toBe(0);
});

/** The README's walk-through: `npm run sandbox` in one terminal, `listen` in another, `run` in a third. */
it("works with a sandbox started by npm run sandbox, as the README shows", async () => {
  const sandbox = spawn("npm", ["run", "--silent", "sandbox", "--", "--port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  try {
    const ready = await new Promise<string>((resolve, reject) => {
      createInterface({ input: sandbox.stdout! }).once("line", resolve);
      sandbox.once("exit", (code) => reject(new Error(`npm run sandbox exited with ${code}`)));
    });
    const url = (JSON.parse(ready) as { url: string }).url;
    const listening = startRunner(["listen", "mailWebhook", "--sandbox-url", url, "--mailbox", USERS.alex.upn]);
    // Another terminal sees the subscription in the sandbox once the listener is ready.
    const subscriptions = async () =>
      (
        JSON.parse((await runner(["run", "rawRequest", "--sandbox-url", url, "--url", "/subscriptions"])).stdout) as {
          value: unknown[];
        }
      ).value.length;
    for (let tries = 0; (await subscriptions()) === 0; tries++) expect(tries).toBeLessThan(15);
    const run = await runner([
      "run",
      "sendMessage",
      "--sandbox-url",
      url,
      "--to",
      USERS.alex.upn,
      "--subject",
      "Walk-through",
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(await listening.line("stdout", /Walk-through/))).toMatchObject({ branch: "Notification" });
    listening.child.kill("SIGINT");
    expect((await listening.exited).code).toBe(0);
  } finally {
    process.kill(-sandbox.pid!, "SIGKILL");
  }
});
