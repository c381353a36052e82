import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { CERT_DIR, USERS, type Sandbox } from "../../sandbox";
import { refusal } from "../../sandbox/ui/guard";
import type { RouteContext } from "../../sandbox/router";
import component from "../../src";
import { startReceiver, type Receiver } from "../../tools/receiver";
import { harness, secretConnection, startSandbox } from "../component/support";
import {
  HOSTILE_ATTACHMENT,
  HOSTILE_HEADER,
  HOSTILE_NAME,
  HOSTILE_SUBJECT,
  NEVER_SHOWN,
  appToken,
  sendHostileMail,
  uiGet,
  uiPost,
  uiRequest,
} from "./support";

/** The web UI over plain HTTP: its pages, escaping, downloads, secrets, the same-origin rule and the controls. */

let sb: Sandbox;
let token: string;
let receiver: Receiver;
beforeAll(async () => {
  sb = await startSandbox({ notifications: { retryBaseMs: 100 } });
  token = await appToken(sb);
});
afterAll(async () => {
  await receiver?.stop();
  await sb.stop();
});

const alexInbox = () => {
  const mb = sb.store.mailbox(USERS.alex.id);
  const inbox = sb.store.folderByWellKnown(mb, "inbox").id;
  return [...mb.messages.values()].filter((m) => m.folderId === inbox);
};
const graph = (path: string, init: RequestInit = {}) =>
  fetch(`${sb.url}/v1.0${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });
const messagePath = (subject: string) => {
  const m = alexInbox().find((x) => x.subject === subject)!;
  return `/_sandbox/ui/mailboxes/${USERS.alex.id}/messages/${encodeURIComponent(m.id)}`;
};

describe("pages", () => {
  it("answers every view with HTML under a CSP that allows only the UI's own script and stylesheet", async () => {
    const paths = ["", "/", `/mailboxes/${USERS.alex.upn}`, "/calendars", `/calendars/${USERS.alex.id}`];
    for (const p of [...paths, "/subscriptions", "/requests?status=2xx", "/controls"]) {
      const res = await uiGet(sb, `/_sandbox/ui${p}`);
      expect([p, res.status, res.headers["content-type"]]).toEqual([p, 200, "text/html; charset=utf-8"]);
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.text).not.toMatch(/<script>|<style>|\sstyle=|\son[a-z]+=/i);
      expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\/[^"]*"/);
    }
    const css = await uiGet(sb, "/_sandbox/ui/assets/ui.css");
    expect([css.status, css.headers["content-type"]]).toEqual([200, "text/css; charset=utf-8"]);
    expect((await uiGet(sb, "/_sandbox/ui/assets/ui.js")).text).toContain("EventSource");
    expect((await uiGet(sb, "/_sandbox/ui/assets/..%2Fhtml.ts")).status).toBe(404);
    expect((await uiGet(sb, "/_sandbox/ui/mailboxes/nobody@contoso.onmicrosoft.com")).status).toBe(404);
  });

  it("lists a message sent through the component in the recipient's Inbox, its attachment byte for byte", async () => {
    const bytes = randomBytes(10_000);
    await harness.action("sendMessage", {
      connection: secretConnection(sb),
      to: USERS.alex.upn,
      subject: "Quarterly numbers",
      body: "<p>See the <b>figures</b></p>",
      attachments: [{ key: "figures.bin", value: bytes }],
    });
    const inbox = await uiGet(sb, `/_sandbox/ui/mailboxes/${USERS.alex.upn}`);
    expect(inbox.text).toContain("Quarterly numbers");
    expect(inbox.text).toContain("adelev@contoso.onmicrosoft.com");
    const page = await uiGet(sb, messagePath("Quarterly numbers"));
    const link = /href="([^"]*\/attachments\/[^"]*)" download="figures\.bin">figures\.bin</.exec(page.text)![1];
    const file = await uiGet(sb, link.replace(/&amp;/g, "&"));
    expect(file.status).toBe(200);
    expect(Buffer.compare(file.body, bytes)).toBe(0);
    expect(file.headers["content-type"]).toBe("application/octet-stream");
    expect(file.headers["content-disposition"]).toMatch(/^attachment; filename="figures\.bin"/);
    const mime = await uiGet(sb, `${messagePath("Quarterly numbers")}/mime`);
    expect(mime.text).toMatch(/^Subject: Quarterly numbers/m);
    expect(mime.text).toContain(bytes.subarray(0, 30).toString("base64").slice(0, 36));
  });
});

describe("escaping: mail is attacker-controlled", () => {
  beforeAll(() => sendHostileMail(sb, Promise.resolve(token)));

  it("shows hostile subjects, names, headers and attachment names as text, never as markup", async () => {
    const list = await uiGet(sb, `/_sandbox/ui/mailboxes/${USERS.alex.id}`);
    const page = await uiGet(sb, messagePath(HOSTILE_SUBJECT));
    for (const text of [list.text, page.text]) {
      expect(text).not.toContain("<script>document.title");
      expect(text).not.toMatch(/<img src=x/i);
      expect(text).toContain("&lt;script&gt;document.title=&quot;pwned-subject&quot;&lt;/script&gt;");
    }
    expect(page.text).toContain("&lt;img src=x onerror=&quot;alert(&#39;name&#39;)&quot;&gt;Mallory");
    expect(page.text).toContain("&quot;&gt;&lt;script&gt;alert(&#39;header&#39;)&lt;/script&gt;");
    expect(page.text).toContain("&quot;&gt;&lt;img src=x onerror=alert(&#39;file&#39;)&gt;.html");
    expect(page.text).not.toContain(HOSTILE_NAME);
    expect(page.text).not.toContain(HOSTILE_HEADER);
    expect(page.text).not.toContain(HOSTILE_ATTACHMENT);
  });

  it("serves the HTML body alone under a CSP sandbox, for an iframe without allow-scripts", async () => {
    const page = await uiGet(sb, messagePath(HOSTILE_SUBJECT));
    expect(page.text).toMatch(/<iframe\s+class="body"\s+sandbox=""\s+referrerpolicy="no-referrer"/);
    const body = await uiGet(sb, `${messagePath(HOSTILE_SUBJECT)}/body`);
    expect(body.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(String(body.headers["content-security-policy"])).toMatch(/^sandbox; default-src 'none'; img-src https:/);
    expect(body.text).toContain('<p id="marker">hostile body rendered</p>');
    const attachment = /href="([^"]*\/attachments\/[^"]*)" download/.exec(page.text)![1];
    const file = await uiGet(sb, attachment);
    expect([file.headers["content-type"], file.headers["content-security-policy"]]).toEqual([
      "application/octet-stream",
      "default-src 'none'",
    ]);
  });

  it("escapes hostile request paths in the request log and hostile event subjects in the week view", async () => {
    await graph(`/users/${USERS.alex.upn}/<script>alert('path')</script>`);
    const event = await graph(`/users/${USERS.alex.upn}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        subject: "<script>alert('event')</script>",
        start: { dateTime: sb.clock.iso().slice(0, 19), timeZone: "UTC" },
        end: { dateTime: sb.clock.iso(sb.clock.now() + 3600_000).slice(0, 19), timeZone: "UTC" },
      }),
    });
    expect(event.status).toBe(201);
    const log = await uiGet(sb, "/_sandbox/ui/requests?path=script");
    expect(log.text).not.toContain("<script>alert");
    expect(log.text).toContain("/&lt;script&gt;alert(&#39;path&#39;)&lt;/script&gt;");
    const week = await uiGet(sb, `/_sandbox/ui/calendars/${USERS.alex.id}`);
    expect(week.text).toContain("&lt;script&gt;alert(&#39;event&#39;)&lt;/script&gt;");
    expect(week.text).not.toContain("<script>alert");
  });

  it("escapes hostile folder names and people's display names", async () => {
    const folder = await graph(`/users/${USERS.alex.upn}/mailFolders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ displayName: `<img src=x onerror=alert('folder')>` }),
    });
    expect(folder.status).toBe(201);
    sb.store.addUser({
      id: "1a2b3c4d-0099-4a5b-8c9d-000000000099",
      tenantId: [...sb.store.tenants.keys()][0],
      userPrincipalName: "mallory@contoso.onmicrosoft.com",
      mail: "mallory@contoso.onmicrosoft.com",
      displayName: `<script>alert('user')</script>`,
    });
    const tree = (await uiGet(sb, `/_sandbox/ui/mailboxes/${USERS.alex.id}`)).text;
    expect(tree).toContain("&lt;img src=x onerror=alert(&#39;folder&#39;)&gt;");
    expect(tree).not.toContain("<img src=x");
    const overview = (await uiGet(sb, "/_sandbox/ui")).text;
    expect(overview).toContain("&lt;script&gt;alert(&#39;user&#39;)&lt;/script&gt;");
    expect(overview).not.toContain("<script>alert");
  });
});

describe("secrets never shown", () => {
  it("hides client secrets, tokens, upload URL tokens and clientState on every page", async () => {
    receiver = await startReceiver({ component, trigger: "mailWebhook", params: {} });
    const params = { connection: secretConnection(sb), mailbox: USERS.alex.upn, folderId: "inbox" };
    await harness.triggerOnInstanceDeploy("mailWebhook", params, receiver.context as never);
    const arrived = receiver.waitFor((r) => r.branch === "Notification");
    await harness.action("sendMessage", {
      connection: secretConnection(sb),
      to: USERS.alex.upn,
      subject: "Big one",
      attachments: [{ key: "big.bin", value: randomBytes(3 * 1024 * 1024 + 10) }],
    });
    await arrived;
    const subscription = sb.notifier.active().find((s) => s.notificationUrl === receiver.url)!;
    const uploadToken = new URLSearchParams(sb.requests.find((r) => r.kind === "upload")!.query).get("authtoken")!;
    const secrets = [...NEVER_SHOWN, token, subscription.clientState!, uploadToken];
    expect(secrets.every((s) => s.length >= 20)).toBe(true);
    const pages = ["", "/subscriptions", "/requests?ui=1", "/requests?kind=upload", "/controls", "/calendars"];
    for (const p of pages) {
      const text = (await uiGet(sb, `/_sandbox/ui${p}`)).text;
      for (const secret of secrets) expect([p, text.includes(secret)]).toEqual([p, false]);
      expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    }
    const subs = (await uiGet(sb, "/_sandbox/ui/subscriptions")).text;
    expect(subs).toContain(subscription.id);
    expect(subs).toContain("[hidden] (set)");
    expect(subs).toContain("&quot;clientState&quot;: &quot;[hidden]&quot;");
    expect((await uiGet(sb, "/_sandbox/ui/requests?kind=upload")).text).toContain("authtoken=[hidden]");
  });
});

describe("who may use it", () => {
  it("answers only to the sandbox's own host names (a rebound name gets nothing)", async () => {
    const port = new URL(sb.url).port;
    expect((await uiGet(sb, "/_sandbox/ui", { Host: `localhost:${port}` })).status).toBe(200);
    expect((await uiGet(sb, "/_sandbox/ui", { Host: `[::1]:${port}` })).status).toBe(200);
    const rebound = await uiGet(sb, "/_sandbox/ui", { Host: `attacker.example:${port}` });
    expect([rebound.status, rebound.text]).toEqual([403, expect.stringContaining("own host names")]);
    expect((await uiGet(sb, "/_sandbox/ui/live", { Host: `attacker.example:${port}` })).status).toBe(403);
  });

  it("answers on loopback only", () => {
    const ctx = (remoteAddress: string) =>
      ({
        req: { socket: { remoteAddress }, headers: { host: "127.0.0.1:4433" } },
        origin: "https://127.0.0.1:4433",
      }) as unknown as RouteContext;
    expect(refusal(ctx("127.0.0.1"))).toBeUndefined();
    expect(refusal(ctx("::ffff:127.0.0.1"))).toBeUndefined();
    expect(refusal(ctx("::1"))).toBeUndefined();
    expect(refusal(ctx("192.168.1.20"))).toMatch(/loopback only/);
    expect(refusal(ctx("::ffff:10.0.0.3"))).toMatch(/loopback only/);
  });

  it("refuses state changes from another site or origin, and takes them from its own page", async () => {
    const queued = () => sb.faults.pending().before.length;
    const form = { count: "2", fault: "503" };
    const attempts: Record<string, string>[] = [
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site", Origin: "https://127.0.0.1:1" },
      { Origin: "https://attacker.example" },
      { Origin: "null" },
      { "Sec-Fetch-Site": "none" },
    ];
    for (const headers of attempts) {
      const res = await uiPost(sb, "/_sandbox/ui/controls/before", form, { Origin: "", ...headers });
      expect([headers, res.status]).toEqual([headers, 403]);
    }
    expect(queued()).toBe(0);
    const own = await uiPost(sb, "/_sandbox/ui/controls/before", form);
    expect([own.status, own.headers.location]).toEqual([303, "/_sandbox/ui/controls?done=before"]);
    expect(queued()).toBe(2);
    expect((await uiPost(sb, "/_sandbox/ui/controls/clear", {})).status).toBe(303);
    expect(queued()).toBe(0);
    expect((await uiRequest(sb, "GET", "/_sandbox/ui/controls/clear")).status).toBe(405);
  });
});

describe("controls", () => {
  afterEach(() => {
    sb.faults.clear();
    Object.assign(sb.faults, { faultRate: 0, afterRate: 0, throttle: "off" });
  });

  it("queues a fault before acting: the next Graph request fails, the one after succeeds", async () => {
    const res = await uiPost(sb, "/_sandbox/ui/controls/before", { count: "1", fault: "503", retryAfter: "2" });
    expect(res.status).toBe(303);
    const page = await uiGet(sb, "/_sandbox/ui/controls?done=before");
    expect(page.text).toContain("503 ServiceUnavailable (Retry-After 2)");
    expect(page.text).toContain("Scripted fault queued");
    const failed = await graph("/users");
    expect([failed.status, failed.headers.get("retry-after")]).toEqual([503, "2"]);
    expect((await graph("/users")).status).toBe(200);
  });

  it("queues throttling and resets for matching requests only, and faults after acting", async () => {
    await uiPost(sb, "/_sandbox/ui/controls/before", { count: "1", fault: "throttle", method: "get", path: "/users$" });
    await uiPost(sb, "/_sandbox/ui/controls/after", { count: "1", fault: "gatewayTimeout", path: "sendMail$" });
    expect(sb.faults.pending()).toEqual({
      before: [{ method: "GET", path: /\/users$/i, fault: "429 TooManyRequests (Retry-After 1)" }],
      after: [{ path: /sendMail$/i, fault: "gatewayTimeout" }],
    });
    expect((await graph(`/users/${USERS.alex.upn}`)).status).toBe(200);
    expect((await graph("/users")).status).toBe(429);
    const sent = await graph(`/users/${USERS.adele.upn}/sendMail`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        message: { subject: "after", toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] },
      }),
    });
    expect(sent.status).toBe(504);
    expect(alexInbox().filter((m) => m.subject === "after")).toHaveLength(1);
  });

  it("changes latency, throttling and fault rates while running, and says what is wrong with a value", async () => {
    const ok = await uiPost(sb, "/_sandbox/ui/controls/settings", {
      latencyMs: "5",
      throttle: "outlook",
      faultRate: "0",
      faultAfterRate: "0.25",
      slowMs: "100",
      faultKinds: "truncate",
    });
    expect(ok.status).toBe(303);
    expect(sb.faults).toMatchObject({ throttle: "outlook", afterRate: 0.25, afterKinds: ["truncate"], slowMs: 100 });
    const bad = await uiPost(sb, "/_sandbox/ui/controls/settings", { faultRate: "2" });
    expect([bad.status, bad.text]).toEqual([400, expect.stringContaining("faultRate must be a number from 0 to 1.")]);
    const regex = await uiPost(sb, "/_sandbox/ui/controls/before", { count: "1", fault: "503", path: "(" });
    expect([regex.status, regex.text]).toEqual([400, expect.stringContaining("not a valid regular expression")]);
    expect((await uiPost(sb, "/_sandbox/ui/controls/before", { count: "0", fault: "503" })).status).toBe(400);
    expect((await uiPost(sb, "/_sandbox/ui/controls/nothing", {})).status).toBe(404);
    const page = await uiGet(sb, "/_sandbox/ui/controls");
    expect(page.text).toContain("5 ms on every response");
    await uiPost(sb, "/_sandbox/ui/controls/settings", { latencyMs: "0", throttle: "off", faultAfterRate: "0" });
    expect(sb.faults.pending()).toEqual({ before: [], after: [] });
  });

  it("moves the clock and expires delta links", async () => {
    const before = sb.clock.now();
    expect((await uiPost(sb, "/_sandbox/ui/controls/clock", { seconds: "3600" })).status).toBe(303);
    expect(sb.clock.now() - before).toBeGreaterThanOrEqual(3600_000);
    sb.clock.advance(-3600_000);
    const generation = sb.store.delta.generation;
    expect((await uiPost(sb, "/_sandbox/ui/controls/delta", { location: "1" })).status).toBe(303);
    expect(sb.store.delta).toMatchObject({ generation: generation + 1, locationBelow: generation + 1 });
  });
});

describe("request log", () => {
  it("filters by method, status, kind, path and app, and leaves the UI's own requests out unless asked", async () => {
    await graph("/users/nobody@contoso.onmicrosoft.com");
    const rows = async (query: string) =>
      ((await uiGet(sb, `/_sandbox/ui/requests${query}`)).text.match(/<tr class="request">/g) ?? []).length;
    const all = sb.requests.filter((r) => !r.path.startsWith("/_sandbox/ui")).length;
    expect(await rows("")).toBe(Math.min(all, 300));
    const notFound = sb.requests.filter((r) => r.status === 404 && r.kind === "graph").length;
    expect(await rows("?status=404&kind=graph")).toBe(notFound);
    expect(await rows("?status=4xx&kind=graph&path=nobody@")).toBe(1);
    expect(await rows("?method=POST&path=/sendMail")).toBe(
      sb.requests.filter((r) => r.method === "POST" && r.path.endsWith("/sendMail")).length,
    );
    expect(await rows("?kind=identity&app=3c8a5e21-7d4f-4b96-8e13-5a2f9c6d0b47")).toBeGreaterThan(0);
    expect(await rows("?app=b2d6f3a8-1c9e-4e57-a4b0-7f3e5d2c8a61")).toBe(0);
    expect(await rows("?path=/_sandbox/ui")).toBe(0);
    expect(await rows("?path=/_sandbox/ui&ui=1")).toBeGreaterThan(5);
  });
});

describe("live updates", () => {
  it("sends a change event when a Graph request is answered, and none for the UI's own requests", async () => {
    const controller = new AbortController();
    const res = await fetch(`${sb.url}/_sandbox/ui/live`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const reader = res.body!.getReader();
    const events: string[] = [];
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        events.push(
          ...(Buffer.from(value)
            .toString()
            .match(/^event: \w+/gm) ?? []),
        );
      }
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    await uiGet(sb, "/_sandbox/ui/requests");
    await new Promise((r) => setTimeout(r, 600));
    expect(events).toEqual(["event: hello"]);
    await graph("/users");
    const deadline = Date.now() + 3000;
    while (!events.includes("event: change") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(["event: hello", "event: change"]);
    controller.abort();
    await reading;
  });
});

describe("deliveries: retries and what became of them", () => {
  let other: Sandbox;
  let endpoint: Server;
  /** Statuses the endpoint answers notifications with, in turn (then 202). */
  const script: number[] = [];
  beforeAll(async () => {
    other = await startSandbox({ notifications: { retryBaseMs: 50, maxAttempts: 2 } });
    endpoint = createServer(
      { cert: readFileSync(join(CERT_DIR, "server.pem")), key: readFileSync(join(CERT_DIR, "server-key.pem")) },
      (req, res) => {
        const token = new URL(req.url ?? "/", "https://x").searchParams.get("validationToken");
        req.resume();
        if (token !== null) res.writeHead(200, { "Content-Type": "text/plain" }).end(token);
        else res.writeHead(script.shift() ?? 202).end();
      },
    );
    await new Promise<void>((r) => endpoint.listen(0, "127.0.0.1", () => r()));
  });
  afterAll(async () => {
    await other.stop();
    await new Promise((r) => endpoint.close(r));
  });

  it("shows each attempt's answer, the retries, and whether it was delivered or dropped", async () => {
    const token = await appToken(other);
    const url = `https://127.0.0.1:${(endpoint.address() as AddressInfo).port}/hook?secret=${"k".repeat(24)}`;
    const subscribe = await fetch(`${other.url}/v1.0/subscriptions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        changeType: "created",
        notificationUrl: url,
        resource: `users/${USERS.megan.upn}/mailFolders('inbox')/messages`,
        expirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
        clientState: "c".repeat(32),
      }),
    });
    expect(subscribe.status).toBe(201);
    const send = (subject: string) =>
      fetch(`${other.url}/v1.0/users/${USERS.adele.upn}/sendMail`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ message: { subject, toRecipients: [{ emailAddress: { address: USERS.megan.upn } }] } }),
      });
    script.push(500);
    await send("retried once");
    await other.notifier.settle();
    script.push(503, 500);
    await send("dropped");
    await other.notifier.settle();
    const page = (await uiGet(other, "/_sandbox/ui/subscriptions")).text;
    const card = page.slice(0, page.indexOf("Every delivery"));
    const outcomes = [...card.matchAll(/<tr class="delivery (\w+)">[\s\S]*?<\/tr>/g)].map((m) => [
      m[1],
      [...m[0].matchAll(/<b class="(?:ok|bad)">(\d+|no answer)<\/b>/g)].map((s) => s[1]),
    ]);
    expect(outcomes).toEqual([
      ["dropped", ["503", "500"]],
      ["delivered", ["500", "202"]],
      ["delivered", ["200"]],
    ]);
    expect(page).not.toContain("c".repeat(32));
    expect(page).not.toContain("k".repeat(24));
    expect(page).toContain("/hook?secret=[hidden]");
  });
});
