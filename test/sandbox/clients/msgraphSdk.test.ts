import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { USERS, type Sandbox } from "../../../sandbox";
import { startNotificationServer, type NotificationServer } from "../../conformance/notificationServer";
import { appToken, startSandbox } from "../support";

/**
 * Microsoft's current Graph SDK (@microsoft/msgraph-sdk, -users, -subscriptions; ES modules only, so
 * it runs in its own process: msgraphSdk.mts), unmodified, against the sandbox: send, page with
 * its PageIterator, a delta round through its `delta()` builder, a recurring event, a
 * subscription's life, and a large attachment through its LargeFileUploadTask.
 */

const run = promisify(execFile);

interface Seen {
  seen: Record<string, unknown>;
}

let sb: Sandbox;
let notifications: NotificationServer;
let result: Seen;
beforeAll(async () => {
  sb = await startSandbox();
  notifications = await startNotificationServer();
  const { stdout } = await run(join(__dirname, "../../../node_modules/.bin/tsx"), [join(__dirname, "msgraphSdk.mts")], {
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: join(__dirname, "../../../sandbox/certs/ca.pem"),
      SANDBOX_URL: sb.url,
      GRAPH_TOKEN: await appToken(sb),
      NOTIFICATION_URL: notifications.url,
      SENDER: USERS.adele.upn,
      RECIPIENT: USERS.megan.upn,
    },
    timeout: 60_000,
  });
  result = JSON.parse(stdout.trim().split("\n").pop()!) as Seen;
}, 90_000);
afterAll(async () => {
  await sb.stop();
  await notifications.stop();
});

const subjects = [1, 2, 3, 4, 5].map((i) => `SDK message ${i}`);

it("sends mail, and pages the folder with its PageIterator", () => {
  expect(result.seen.sendError).toBeUndefined();
  expect(result.seen.pageError).toBeUndefined();
  expect(result.seen.paged).toEqual(subjects);
  // Pages of two: the iterator followed two nextLinks.
  const pages = sb.requests.filter((r) => r.method === "GET" && /\/messages$/.test(r.path) && r.status === 200);
  expect(pages.length).toBeGreaterThanOrEqual(3);
});

it("runs a delta round with its delta() builder, following nextLinks to a deltaLink", () => {
  expect(result.seen.deltaError).toBeUndefined();
  const delta = result.seen.delta as { pages: number; subjects: string[]; deltaLink: string };
  expect(delta.subjects).toEqual(subjects);
  expect(delta.pages).toBeGreaterThanOrEqual(3);
  expect(delta.deltaLink).toMatch(/\/messages\/delta\?\$deltatoken=/);
  expect(result.seen.deltaAgain).toBe(0);
  expect(sb.requests.some((r) => /\/messages\/delta\(\)$/.test(r.path))).toBe(true);
});

it("creates a weekly recurring event the calendar view expands", () => {
  expect(result.seen.recurringEventError).toBeUndefined();
  expect(result.seen.event).toEqual({ type: "seriesMaster", pattern: "weekly", occurrences: 3 });
});

it("creates, renews, lists and deletes a subscription", () => {
  expect(result.seen.subscriptionError).toBeUndefined();
  expect(result.seen.subscription).toEqual({ created: true, renewed: true, listed: true });
});

/**
 * The SDK's LargeFileUploadTask cannot upload to Graph's upload session. Graph (and the sandbox)
 * answer createUploadSession with `"nextExpectedRanges": ["0-"]` (docs: outlook-large-attachments,
 * "the initial upload starting location should be byte 0"); the task splits "0-" into [0, NaN]
 * (parseInt("")), its slice loop `while (0 <= NaN)` never runs, and upload() throws "Upload failed"
 * without sending a byte. This test pins that exchange: if a later SDK handles an open-ended range,
 * it fails and the test should then check the upload itself.
 */
it('its LargeFileUploadTask sends nothing for Graph\'s open-ended range "0-" and throws', () => {
  expect(result.seen.largeAttachmentError).toBeUndefined();
  const upload = result.seen.upload as { nextExpectedRanges: string[]; error?: string; storedSizes: number[] };
  expect(upload.nextExpectedRanges).toEqual(["0-"]);
  expect(upload.error).toBe("Upload failed");
  expect(upload.storedSizes).toEqual([]);
  expect(sb.requests.filter((r) => r.kind === "upload")).toEqual([]);
});
