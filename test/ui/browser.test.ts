import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { CERT_DIR, USERS, type Sandbox } from "../../sandbox";
import component from "../../src";
import { startReceiver, type Receiver } from "../../tools/receiver";
import { launchChromium, type Chromium } from "../../scripts/chromium";
import { harness, secretConnection, startSandbox } from "../component/support";
import { HOSTILE_SUBJECT, appToken, sendHostileMail } from "./support";

/**
 * The web UI in a real headless Chromium (Debian's, driven by playwright-core): mail sent through the
 * component shows up live and its attachment downloads byte for byte, deliveries are listed, a fault
 * switched on in the UI makes the next Graph request fail, hostile mail runs no script, and a page on
 * another origin cannot change anything. Without /usr/bin/chromium these tests fail, saying how to install it.
 */

let sb: Sandbox;
let chromium: Chromium;
let page: Page;
let token: string;
const dialogs: string[] = [];
const elsewhere: string[] = [];
const receivers: Receiver[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  sb = await startSandbox({ notifications: { retryBaseMs: 100 } });
  token = await appToken(sb);
  chromium = await launchChromium();
  chromium.context.on("request", (r) => {
    if (!r.url().startsWith(`${sb.url}/`) && !r.url().startsWith("data:")) elsewhere.push(r.url());
  });
  page = await chromium.context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});
afterAll(async () => {
  await chromium?.close();
  for (const r of receivers) await r.stop();
  for (const s of servers) await new Promise((done) => s.close(done));
  await sb?.stop();
});

const ui = (path = "") => `${sb.url}/_sandbox/ui${path}`;
const graph = (path: string) => fetch(`${sb.url}/v1.0${path}`, { headers: { Authorization: `Bearer ${token}` } });

async function openLive(path: string): Promise<void> {
  await page.goto(ui(path));
  await page.locator("#live.on").waitFor({ timeout: 5000 });
}

const ARRIVES =
  "shows a message sent with Send Message in the recipient's Inbox as it arrives; its attachment downloads intact";
it(ARRIVES, async () => {
  await openLive(`/mailboxes/${USERS.alex.upn}`);
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const bytes = randomBytes(50_000);
  await harness.action("sendMessage", {
    connection: secretConnection(sb),
    to: USERS.alex.upn,
    subject: "Hello from the browser test",
    body: "<p>Hi Alex, the <b>report</b> is attached.</p>",
    attachments: [{ key: "report.bin", value: bytes }],
  });
  const row = page.locator("#messages").getByRole("link", { name: "Hello from the browser test" });
  await row.waitFor({ timeout: 5000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await row.click();
  await expect(page.locator("h1").textContent()).resolves.toBe("Hello from the browser test");
  const body = page.frameLocator("iframe.body").locator("p");
  await expect(body.textContent()).resolves.toBe("Hi Alex, the report is attached.");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "report.bin" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("report.bin");
  expect(Buffer.compare(readFileSync((await download.path())!), bytes)).toBe(0);
});

it("lists a subscription's deliveries with their answers, and sends a lifecycle event from its page", async () => {
  const receiver = await startReceiver({ component, trigger: "mailWebhook", params: {} });
  receivers.push(receiver);
  const params = { connection: secretConnection(sb), mailbox: USERS.alex.upn, folderId: "inbox" };
  await harness.triggerOnInstanceDeploy("mailWebhook", params, receiver.context as never);
  const subscription = sb.notifier.active().find((s) => s.notificationUrl === receiver.url)!;
  await openLive("/subscriptions");
  const arrived = receiver.waitFor((r) => r.branch === "Notification");
  await harness.action("sendMessage", { connection: secretConnection(sb), to: USERS.alex.upn, subject: "Watched" });
  await arrived;
  const card = page.locator("section.card", { hasText: subscription.id });
  const notification = card.locator("tr.delivery", { hasText: "created Users/" });
  await notification.waitFor({ timeout: 5000 });
  await expect(notification.locator(".tag").textContent()).resolves.toBe("delivered");
  await expect(notification.locator("ol.attempts li").allTextContents()).resolves.toEqual([
    expect.stringMatching(/^\s*\d\d:\d\d:\d\d →\s+202\s*$/),
  ]);
  await expect(card.locator("tr.delivery", { hasText: "validation handshake" }).count()).resolves.toBeGreaterThan(0);
  await card.getByRole("button", { name: "missed" }).click();
  await card.locator("tr.delivery", { hasText: "lifecycle: missed" }).first().waitFor({ timeout: 5000 });
  expect(await page.content()).not.toContain(subscription.clientState!);
});

it("queues a fault from the controls page: the next Graph request fails, and the page shows it used", async () => {
  await openLive("/controls");
  const form = page.locator("form", { hasText: "Fail the next requests" });
  await form.locator("select[name=fault]").selectOption("503");
  await form.locator("input[name=count]").fill("1");
  await form.getByRole("button", { name: "Queue" }).click();
  await page.waitForURL(/\/controls\?done=before$/);
  await openLive("/controls?done=before");
  await expect(page.locator("#running").textContent()).resolves.toContain("503 ServiceUnavailable");
  expect((await graph("/users")).status).toBe(503);
  await page.locator("#running", { hasText: "Scripted faults before acting: none" }).waitFor({ timeout: 5000 });
  expect((await graph("/users")).status).toBe(200);
});

it("runs no script from a hostile subject, display name or body, even with the body opened on its own", async () => {
  await sendHostileMail(sb, Promise.resolve(token));
  await page.goto(ui(`/mailboxes/${USERS.alex.upn}`));
  await page.getByRole("link", { name: /pwned-subject/ }).click();
  await page.frameLocator("iframe.body").locator("#marker").waitFor({ timeout: 5000 });
  await expect(page.locator("h1").textContent()).resolves.toBe(HOSTILE_SUBJECT);
  await expect(page.locator("main img, main script").count()).resolves.toBe(0);
  await expect(page.frameLocator("iframe.body").locator("body").getAttribute("data-ran")).resolves.toBeNull();
  expect(await page.title()).toContain('pwned-subject"</script>');
  const bodyUrl = `${page.url()}/body`;
  await page.goto(bodyUrl);
  await expect(page.locator("#marker").textContent()).resolves.toBe("hostile body rendered");
  await expect(page.locator("body").getAttribute("data-ran")).resolves.toBeNull();
  await page.waitForTimeout(300);
  expect(dialogs).toEqual([]);
  expect(sb.faults.pending().before).toEqual([]);
});

it("refuses a form posted from a page on another origin", async () => {
  const attack = `<form method="post" action="${ui("/controls/before")}"><input name="count" value="3">
    <input name="fault" value="reset"></form><script>document.forms[0].submit()</script>`;
  const server = createServer(
    { cert: readFileSync(join(CERT_DIR, "server.pem")), key: readFileSync(join(CERT_DIR, "server-key.pem")) },
    (_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(attack),
  );
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const refused = page.waitForResponse((r) => r.url().endsWith("/controls/before"));
  await page.goto(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  expect((await refused).status()).toBe(403);
  expect(sb.faults.pending().before).toEqual([]);
  elsewhere.length = 0; // the attacker's page itself was the one request to another origin
});

it("places events in the week view, and never asks another origin for anything", async () => {
  const start = new Date(sb.clock.now());
  start.setUTCHours(9, 0, 0, 0);
  const event = await fetch(`${sb.url}/v1.0/users/${USERS.alex.upn}/events`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      subject: "Planning",
      start: { dateTime: start.toISOString().slice(0, 19), timeZone: "UTC" },
      end: { dateTime: new Date(start.getTime() + 5400_000).toISOString().slice(0, 19), timeZone: "UTC" },
    }),
  });
  expect(event.status).toBe(201);
  await openLive(`/calendars/${USERS.alex.upn}?tz=UTC`);
  const block = page.locator(".day a.event", { hasText: "Planning" });
  await expect(block.evaluate((el: HTMLElement) => [el.style.top, el.style.height])).resolves.toEqual([
    "37.5%",
    "6.25%",
  ]);
  expect(elsewhere).toEqual([]);
});
