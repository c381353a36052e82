import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Client } from "@microsoft/microsoft-graph-client";
import { CERT_DIR, USERS, type Sandbox } from "../../sandbox";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET } from "../../sandbox";
import { appToken, graphClient, startSandbox, tokenRequest, graphError } from "./support";

/** The sandbox's subscriptions and deliveries, seen from a bare HTTPS endpoint. */

interface Hit {
  at: number;
  query: string;
  body: string;
}

let sb: Sandbox;
let client: Client;
let server: Server;
let url: string;
const hits: Hit[] = [];
/** How the endpoint answers notifications: a list of statuses to use in turn, then 202. */
let script: number[] = [];
let echoValidation = true;

beforeAll(async () => {
  sb = await startSandbox({ notifications: { retryBaseMs: 100 } });
  client = graphClient(sb, await appToken(sb));
  server = createServer(
    { cert: readFileSync(join(CERT_DIR, "server.pem")), key: readFileSync(join(CERT_DIR, "server-key.pem")) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const u = new URL(req.url ?? "/", "https://x");
        hits.push({ at: Date.now(), query: u.search, body: Buffer.concat(chunks).toString() });
        const token = u.searchParams.get("validationToken");
        if (token !== null) {
          res.writeHead(200, { "Content-Type": "text/plain" });
          res.end(echoValidation ? token : "wrong");
          return;
        }
        res.writeHead(script.shift() ?? 202);
        res.end();
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await sb.stop();
  await new Promise((r) => server.close(r));
});

const subscribe = (extra: Record<string, unknown> = {}) =>
  client.api("/subscriptions").post({
    changeType: "created",
    notificationUrl: url,
    resource: `users/${USERS.alex.upn}/mailFolders('inbox')/messages`,
    expirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
    clientState: "s3cret",
    ...extra,
  });
const send = (subject: string) =>
  client
    .api(`/users/${USERS.adele.upn}/sendMail`)
    .post({ message: { subject, toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] } });

it("validates the endpoint before creating, and refuses one that answers wrongly", async () => {
  echoValidation = false;
  expect(await graphError(subscribe())).toMatchObject({
    statusCode: 400,
    message: expect.stringContaining("validation request failed"),
  });
  echoValidation = true;
  const before = hits.length;
  const sub = await subscribe();
  expect(hits.slice(before).map((h) => h.query.startsWith("?validationToken="))).toEqual([true]);
  expect(sub).toMatchObject({
    changeType: "created",
    clientState: "s3cret",
    notificationUrl: url,
    latestSupportedTlsVersion: "v1_2",
  });
  expect(await graphError(subscribe())).toMatchObject({ statusCode: 409 });
  await client.api(`/subscriptions/${sub.id}`).delete();
});

it("delivers a change within a second, batching changes that come together", async () => {
  const sub = await subscribe();
  const before = hits.length;
  const sent = Date.now();
  await Promise.all([send("n1"), send("n2"), send("n3")]);
  await sb.notifier.settle();
  const delivered = hits.slice(before);
  const items = delivered.flatMap((h) => JSON.parse(h.body).value);
  expect(items).toHaveLength(3);
  expect(delivered.length).toBeLessThan(3);
  expect(items[0]).toMatchObject({
    subscriptionId: sub.id,
    clientState: "s3cret",
    changeType: "created",
    resourceData: { "@odata.type": "#Microsoft.Graph.Message" },
  });
  expect(delivered[0].at - sent).toBeLessThan(1000);
  await client.api(`/subscriptions/${sub.id}`).delete();
});

it("notifies the sender's own echoes as Graph does: a send created in Drafts, then filed in Sent Items", async () => {
  const sub = await subscribe({ resource: `users/${USERS.adele.upn}/messages`, changeType: "created,deleted" });
  const mb = sb.store.mailbox(USERS.adele.id);
  const folderOf = (name: string) => sb.store.folderByWellKnown(mb, name).id;
  const before = hits.length;
  const changes: { changeType: string; folderId?: string; id: string }[] = [];
  const listener = (c: { resource: string; changeType: string; folderId?: string; id: string; userId: string }) => {
    if (c.resource === "message" && c.userId === USERS.adele.id) changes.push(c);
  };
  sb.store.on("change", listener);
  try {
    await send("echo");
    await client.api(`/users/${USERS.adele.upn}/sendMail`).post({
      message: { subject: "no copy", toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] },
      saveToSentItems: false,
    });
  } finally {
    sb.store.off("change", listener);
  }
  await sb.notifier.settle();
  expect(changes.map((c) => [c.changeType, c.folderId])).toEqual([
    ["created", folderOf("drafts")],
    ["deleted", folderOf("drafts")],
    ["created", folderOf("sentitems")],
    ["created", folderOf("drafts")],
    ["deleted", folderOf("drafts")],
  ]);
  const items = hits
    .slice(before)
    .flatMap((h) => JSON.parse(h.body).value as { changeType: string; resourceData: { id: string } }[]);
  expect(items.map((i) => [i.changeType, i.resourceData.id])).toEqual(changes.map((c) => [c.changeType, c.id]));
  // The copy in Sent Items keeps the draft's immutable id, and nothing is left in Drafts.
  const sent = [...mb.messages.values()].find((m) => m.subject === "echo" && m.folderId === folderOf("sentitems"))!;
  expect(sent.isDraft).toBe(false);
  expect(
    [...mb.messages.values()].filter((m) => m.folderId === folderOf("drafts") && /echo|no copy/.test(m.subject)),
  ).toEqual([]);
  await client.api(`/subscriptions/${sub.id}`).delete();
});

it("retries a failed delivery with growing backoff until it is taken", async () => {
  const sub = await subscribe();
  script = [500, 503, 500];
  const before = hits.length;
  await send("retry me");
  await sb.notifier.settle();
  const attempts = hits.slice(before);
  expect(attempts).toHaveLength(4);
  // Retries wait 100, 200, then 400 ms (retryBaseMs doubling): each gap is at least its wait.
  const gaps = attempts.slice(1).map((h, i) => h.at - attempts[i].at);
  gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(100 * 2 ** i - 5));
  expect(
    sb.notifier.deliveries
      .filter((d) => d.kind === "notification")
      .slice(-4)
      .map((d) => [d.attempt, d.status]),
  ).toEqual([
    [1, 500],
    [2, 503],
    [3, 500],
    [4, 202],
  ]);
  await client.api(`/subscriptions/${sub.id}`).delete();
});

it("expires subscriptions on the sandbox's clock, and keeps Graph's lifetimes", async () => {
  const sub = await subscribe();
  expect(
    await graphError(
      client
        .api(`/subscriptions/${sub.id}`)
        .patch({ expirationDateTime: new Date(Date.now() + 10081 * 60_000).toISOString() }),
    ),
  ).toMatchObject({ statusCode: 400 });
  await client
    .api(`/subscriptions/${sub.id}`)
    .patch({ expirationDateTime: new Date(Date.now() + 10080 * 60_000 - 5000).toISOString() });
  sb.clock.advance(8 * 24 * 3600 * 1000);
  try {
    // A token issued at the sandbox's new time: the old one expired with the clock.
    const later = graphClient(
      sb,
      String(
        (
          await tokenRequest(sb, {
            grant_type: "client_credentials",
            client_id: DEFAULT_APP_ID,
            client_secret: DEFAULT_APP_SECRET,
            scope: "https://graph.microsoft.com/.default",
          })
        ).json.access_token,
      ),
    );
    const before = hits.length;
    await later
      .api(`/users/${USERS.adele.upn}/sendMail`)
      .post({ message: { subject: "after expiry", toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] } });
    await sb.notifier.settle();
    expect(hits.length).toBe(before);
    expect(await graphError(later.api(`/subscriptions/${sub.id}`).get())).toMatchObject({ statusCode: 404 });
  } finally {
    sb.clock.reset();
  }
  expect(
    await graphError(
      subscribe({
        includeResourceData: true,
        encryptionCertificate: Buffer.from(
          readFileSync(join(CERT_DIR, "app-cert.pem"), "utf8").replace(/-----[^-]+-----|\s/g, ""),
          "base64",
        ).toString("base64"),
        encryptionCertificateId: "c1",
        expirationDateTime: new Date(Date.now() + 1441 * 60_000).toISOString(),
      }),
    ),
  ).toMatchObject({ statusCode: 400, message: expect.stringContaining("1440") });
});

it("sends lifecycle notifications on demand, and `missed` after lost notifications", async () => {
  const sub = await subscribe({ lifecycleNotificationUrl: url });
  const before = hits.length;
  sb.notifier.lifecycle(sub.id, "reauthorizationRequired");
  sb.notifier.lose(sub.id, 2);
  await send("lost 1");
  await send("lost 2");
  await sb.notifier.settle();
  const events = hits
    .slice(before)
    .flatMap((h) => JSON.parse(h.body).value)
    .map((v: { lifecycleEvent?: string }) => v.lifecycleEvent ?? "notification");
  expect(events).toEqual(["reauthorizationRequired", "missed"]);
  expect((await client.api(`/subscriptions/${sub.id}/reauthorize`).post({})) ?? null).toBeNull();
});
