import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHarness, defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { SMOKE_SIZES, runBench } from "../../bench/bench";
import { table, type BenchReport, type WorkloadResult } from "../../bench/report";
import { USERS, type Sandbox } from "../../sandbox";
import component from "../../src";
import { secretConnection, startSandbox } from "../component/support";

/**
 * `npm run bench` in a reduced size: a check of the harness, not of timings. Every workload runs and
 * reports what it did, counted in the sandbox (requests, deliveries, token requests, reads); then
 * the bundle workload 8 built is loaded and runs actions and a trigger, as the platform runs it.
 */

const sizes = SMOKE_SIZES;
let report: BenchReport;
let bundleDir: string;
let sb: Sandbox;
beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), "bench-bundle-"));
  report = await runBench({ sizes, bundleDir, command: "jest test/bench" });
  sb = await startSandbox();
}, 600_000);
afterAll(async () => {
  await sb?.stop();
  rmSync(bundleDir, { recursive: true, force: true });
});

const workload = (id: number): WorkloadResult => report.workloads.find((w) => w.id === id)!;

it("runs every workload, and prints them all in one table", () => {
  expect(report.workloads.map((w) => [w.id, w.error])).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((id) => [id, undefined]));
  const text = table(report);
  for (const w of report.workloads) expect(text).toContain(`| ${w.id} | ${w.title} |`);
  expect(report.latencyMs).toBe(20);
});

it("1: lists the folder in the fewest pages; beside it the same pages as plain GETs, pages of 100 and of 10", () => {
  const w = workload(1);
  expect(w).toMatchObject({ status: "measured", minimum: Math.ceil(sizes.fetchAll / 1000), met: true });
  expect(w.details.listed).toBe(sizes.fetchAll);
  expect(w.ours!.requests).toBe(w.minimum);
  expect(w.peers.map((p) => [p.requests, p.outcome])).toEqual([
    [w.minimum, undefined],
    [Math.ceil(sizes.fetchAll / 100), undefined],
    [Math.ceil(sizes.fetchAll / 10), undefined],
  ]);
});

it("2: reports Update Messages pending until this build has it, and still measures the peers' PATCHes", () => {
  const w = workload(2);
  expect(w.peers[0]).toMatchObject({ requests: sizes.updates });
  expect(w.peers[0].outcome).toBeUndefined();
  if ("updateMessages" in component.actions) {
    expect(w).toMatchObject({ status: "measured", minimum: Math.ceil(sizes.updates / 20) });
    expect(w.ours!.requests).toBe(w.minimum);
    expect(w.ours!.outcome).toBeUndefined();
  } else {
    expect(w.status).toBe("pending");
    expect(w.notes).toEqual(["pending: updateMessages not in this build"]);
    expect(w.ours).toBeUndefined();
    expect(w.met).toBeUndefined();
  }
});

it("3: delivers every send started together, and counts what sends without 429 handling delivered", () => {
  const w = workload(3);
  expect(w.details).toMatchObject({ delivered: sizes.sends, failed: 0, throttled: 0 });
  // Each send is its sendMail and the look-up of the sent copy's ids (Send Message's default).
  expect(w.ours!.requests).toBe(2 * sizes.sends);
  expect(w.minimum).toBe(2 * sizes.sends);
  // Without the ids: one request per send, every one delivered.
  expect(w.details).toMatchObject({ plainRequests: sizes.sends, plainDelivered: sizes.sends });
  const [, peerDelivered, peerLost] = /^(\d+) delivered, (\d+) lost to 429$/.exec(w.peers[1].outcome!)!.map(Number);
  // How many of the peers' sends meet a 429 depends on how they arrive (timing): only the count is checked.
  expect(peerDelivered + peerLost).toBe(sizes.sends);
});

it("4: sends a large attachment in the fewest requests, intact, as plain fetches do; inline, Graph refuses it", () => {
  const w = workload(4);
  expect(w.minimum).toBe(3 + Math.ceil(sizes.attachmentBytes / (4 * 1024 * 1024)));
  expect(w.ours!.requests).toBe(w.minimum);
  expect(w.ours!.outcome).toMatch(/^delivered intact;/);
  expect(w.details.uploadedBytes).toBe(sizes.attachmentBytes);
  expect(w.peers[0].requests).toBe(w.minimum);
  expect(w.peers[0].outcome).toBeUndefined();
  expect(w.peers[1]).toMatchObject({ requests: 1, outcome: "refused: 413 RequestEntityTooLarge" });
});

it("5: makes one token request for all the actions", () => {
  const w = workload(5);
  expect(w).toMatchObject({ met: true, details: { tokenRequests: 1 } });
  expect(w.ours!.requests).toBe(sizes.actions);
});

it("6: answers the burst after reading every message in batches of 20, beside a GET per notification", () => {
  const w = workload(6);
  expect(w.details).toMatchObject({
    status: 202,
    read: sizes.notifications,
    batches: Math.ceil(sizes.notifications / 20),
  });
  expect(w.details.validationMs).toHaveLength(9);
  expect(w.peers[0].requests).toBe(sizes.notifications);
});

it("7: measures the sandbox's requests per second and its memory per message", () => {
  const rates = workload(7).details.rates as Record<string, { perSecond: number; failed: number }>;
  expect(Object.keys(rates)).toEqual(["get", "list", "sendMail"]);
  for (const r of Object.values(rates)) expect(r).toMatchObject({ perSecond: expect.any(Number), failed: 0 });
  for (const r of Object.values(rates)) expect(r.perSecond).toBeGreaterThan(0);
});

it("8: builds the bundle, which loads every action and runs actions and a trigger against the sandbox", async () => {
  const w = workload(8);
  expect(w.details.actions).toBe(Object.keys(component.actions).length);
  expect(w.details.bytes).toBeGreaterThan(0);
  const bundled = (require(join(bundleDir, "index.js")) as { default: typeof component }).default;
  const harness = createHarness(bundled);
  const connection = secretConnection(sb);
  const folders = (await harness.action("listMailFolders", { connection })) as { data: { value: unknown[] } };
  expect(folders.data.value.length).toBeGreaterThan(5);
  const sent = (await harness.action("sendMessage", {
    connection,
    to: USERS.alex.upn,
    subject: "From the bundle",
  })) as {
    data: { sent: boolean; messageId: string };
  };
  expect(sent.data.sent).toBe(true);
  // Get Mail Message loads the MIME parser on first use: it must be inside the bundle, not fetched from elsewhere.
  const read = (await harness.action("getMailMessage", { connection, messageId: sent.data.messageId })) as {
    data: { parsed: { subject?: string } };
  };
  expect(read.data.parsed.subject).toBe("From the bundle");
  const token = "Validation: Testing client application reachability";
  const validation = (await harness.trigger(
    "webhook",
    { ...defaultTriggerPayload(), queryParameters: { validationToken: token } },
    { connection },
  )) as { response?: { statusCode: number; body?: string } };
  expect(validation.response).toMatchObject({ statusCode: 200, body: token });
});
