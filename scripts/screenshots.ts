import { mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { DateTime } from "luxon";
import type { Connection } from "@prismatic-io/spectral";
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import { findBlock } from "../cli/catalog";
import { perform } from "../cli/commands/run";
import { sandboxConnection } from "../cli/target";
import { trustSandboxOnLoopback } from "../cli/trust";
import { CERT_DIR, USERS, start, type Sandbox } from "../sandbox";
import component from "../src";
import { startReceiver, type Receiver } from "../tools/receiver";
import { launchChromium } from "./chromium";

/**
 * `npm run screenshots`: the web UI's main views as README shows them (assets/screenshots/*.png).
 * It starts a sandbox, lets the component do what a flow does (mail with attachments, meetings, a
 * webhook trigger and its deliveries, a throttled request and a queued fault), then photographs
 * each view in Debian's headless Chromium.
 */

const OUT = join(__dirname, "..", "assets", "screenshots");

async function action(key: string, params: Record<string, unknown>, connection: Connection): Promise<unknown> {
  return ((await perform(findBlock(key)!, params, connection)) as { data: unknown }).data;
}

async function mail(sb: Sandbox): Promise<void> {
  const adele = sandboxConnection(sb.url, USERS.adele.upn);
  const megan = sandboxConnection(sb.url, USERS.megan.upn);
  const figures = "quarter,revenue,margin\nQ1,1.2M,31%\nQ2,1.4M,33%\nQ3,1.9M,35%\n";
  await action(
    "sendMessage",
    { to: USERS.alex.upn, subject: "Lunch on Friday?", body: "<p>Thai or pizza?</p>" },
    megan,
  );
  await action(
    "sendMessage",
    {
      to: `Alex Wilber <${USERS.alex.upn}>`,
      cc: USERS.megan.upn,
      subject: "Quarterly report",
      importance: "high",
      body:
        "<h2 style='color:#0f6cbd'>Q3 summary</h2><p>Hi Alex,</p><p>Revenue is up <b>36%</b> on Q2; the figures " +
        "are attached, the full report follows on Monday.</p><p>Adele</p>",
      attachments: [
        { key: "figures.csv", value: { data: Buffer.from(figures), contentType: "text/csv" } },
        {
          key: "report.pdf",
          value: { data: Buffer.from("%PDF-1.4\n% sandbox sample\n"), contentType: "application/pdf" },
        },
      ],
    },
    adele,
  );
  await action("sendMessage", { to: "orders@fabrikam.com", subject: "Invoice 1042", body: "Attached." }, adele);
}

async function meetings(sb: Sandbox): Promise<void> {
  const alex = sandboxConnection(sb.url, USERS.alex.upn);
  const monday = DateTime.fromMillis(sb.clock.now(), { zone: "UTC" }).startOf("week");
  const at = (day: number, hour: number, minute = 0) =>
    monday.plus({ days: day, hours: hour, minutes: minute }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
  const event = (subject: string, startAt: string, endAt: string, extra: Record<string, unknown> = {}) =>
    action("createEvent", { mailbox: USERS.alex.upn, subject, startAt, endAt, ...extra }, alex);
  await event("Stand-up", at(0, 9), at(0, 9, 15), { recurrenceType: "daily", recurrenceCount: "5" });
  await event("Quarterly review", at(1, 10), at(1, 11, 30), {
    attendees: [USERS.adele.upn, USERS.megan.upn],
    locationName: "Room 4",
    isOnlineMeeting: true,
  });
  await event("1:1 with Megan", at(2, 14), at(2, 14, 30), { attendees: [USERS.megan.upn] });
  await event("Design critique", at(2, 14), at(2, 15), { showAs: "tentative" });
  await event("Offsite", monday.plus({ days: 4 }).toISODate()!, monday.plus({ days: 5 }).toISODate()!, {
    isAllDay: true,
  });
  await event("Release", at(3, 16), at(3, 17, 30), { locationName: "War room" });
}

/** A webhook endpoint that fails its first notification (500), then accepts: a retry to show. */
async function flakyEndpoint(): Promise<{ server: Server; url: string }> {
  let failures = 1;
  const server = createServer(
    { cert: readFileSync(join(CERT_DIR, "server.pem")), key: readFileSync(join(CERT_DIR, "server-key.pem")) },
    (req, res) => {
      const token = new URL(req.url ?? "/", "https://x").searchParams.get("validationToken");
      req.resume();
      if (token !== null) return void res.writeHead(200, { "Content-Type": "text/plain" }).end(token);
      res.writeHead(failures-- > 0 ? 500 : 202).end();
    },
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/audit` };
}

async function webhooks(sb: Sandbox, flaky: string): Promise<Receiver> {
  const connection = sandboxConnection(sb.url, USERS.alex.upn);
  const receiver = await startReceiver({ component, trigger: "mailWebhook", params: {} });
  const params = { connection, mailbox: USERS.alex.upn, folderId: "inbox" };
  await createHarness(component).triggerOnInstanceDeploy("mailWebhook", params, receiver.context as never);
  const created = ["created"];
  await action(
    "createMailFolderSubscription",
    {
      ...{ mailbox: USERS.megan.upn, folderId: "inbox", notificationUrl: flaky, changeTypes: created },
    },
    connection,
  );
  const arrived = receiver.waitFor((r) => r.branch === "Notification");
  await action("sendMessage", { to: USERS.alex.upn, subject: "Webhook test", body: "<p>ping</p>" }, connection);
  await action("sendMessage", { to: USERS.megan.upn, subject: "Audit me" }, connection);
  await arrived;
  await new Promise((r) => setTimeout(r, 1500));
  return receiver;
}

async function trouble(sb: Sandbox): Promise<void> {
  const connection = sandboxConnection(sb.url, USERS.adele.upn);
  sb.faults.throttleNext(1, 1, { method: "GET" });
  await action("listMailMessages", { folderId: "inbox", pageLimit: "5" }, connection);
  await action("getMailMessage", { messageId: "AAMkAnotThere=" }, connection).catch(() => undefined);
  sb.faults.failNext(2, 503, null, { path: /\/sendMail$/ });
  sb.faults.afterNext(1, "gatewayTimeout", { path: /\/events$/ });
  // Through the UI's own control, as a person would set it (a tool without a browser may POST it too).
  const settings = new URLSearchParams({ latencyMs: "40", throttle: "outlook" });
  const res = await fetch(`${sb.url}/_sandbox/ui/controls/settings`, { method: "POST", body: settings });
  if (res.status !== 303 && res.status !== 200) throw new Error(`the settings control answered ${res.status}`);
}

async function photograph(sb: Sandbox): Promise<void> {
  const chromium = await launchChromium({ width: 1280, height: 820 });
  try {
    const page = await chromium.context.newPage();
    const shoot = async (name: string, path: string, ready: string, fullPage = false) => {
      await page.goto(`${sb.url}/_sandbox/ui${path}`);
      await page.locator(ready).first().waitFor();
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
      console.log(`assets/screenshots/${name}.png`);
    };
    await shoot("mailbox", `/mailboxes/${USERS.alex.upn}`, "#messages tr");
    await page.getByRole("link", { name: "Quarterly report" }).click();
    await page.frameLocator("iframe.body").locator("h2").waitFor();
    await page.screenshot({ path: join(OUT, "message.png") });
    console.log("assets/screenshots/message.png");
    await shoot("week", `/calendars/${USERS.alex.upn}?tz=UTC`, ".day .event");
    await shoot("subscriptions", "/subscriptions", "tr.delivery", true);
    await shoot("requests", "/requests", "table.requests tbody tr");
    await shoot("controls", "/controls", "#running");
  } finally {
    await chromium.close();
  }
}

async function main(): Promise<void> {
  trustSandboxOnLoopback();
  mkdirSync(OUT, { recursive: true });
  const sb = await start({ port: 0, notifications: { retryBaseMs: 300 } });
  const flaky = await flakyEndpoint();
  let receiver: Receiver | undefined;
  try {
    await mail(sb);
    await meetings(sb);
    receiver = await webhooks(sb, flaky.url);
    await trouble(sb);
    await photograph(sb);
  } finally {
    await receiver?.stop();
    flaky.server.close();
    await sb.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`screenshots failed: ${e.message}`);
    process.exit(1);
  },
);
