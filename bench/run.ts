import { randomBytes } from "node:crypto";
import { createConnection, createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../src";
import { clientCredentials } from "../src/connections/clientCredentials";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS, start, type Sandbox } from "../sandbox";

/**
 * `npm run bench`: Send Message against the sandbox, counted rather than asserted. For each
 * attachment size it reports the requests made against the fewest Graph allows (computed), the
 * bytes uploaded against the attachment's size, peak memory growth, and the time against a
 * baseline: the same bytes PUT straight to an upload session with no component in between.
 */

const MB = 1024 * 1024;
const CHUNK = 4 * MB;

interface Row {
  case: string;
  requests: number;
  minimum: number;
  uploadedRatio: string;
  timeRatio: string;
  heapGrowthMB: string;
}

function connectionFor(sb: Sandbox) {
  return createConnection(clientCredentials, {
    cloud: "global",
    baseUrl: sb.url,
    entraEndpoint: sb.url,
    tenant: DEFAULT_TENANT_ID,
    clientId: DEFAULT_APP_ID,
    clientSecret: DEFAULT_APP_SECRET,
    scopes: "https://graph.microsoft.com/.default",
    userId: USERS.adele.upn,
  });
}

/** The raw floor: create a draft and session, PUT the chunks with fetch, no component. */
async function baseline(sb: Sandbox, token: string, bytes: Buffer): Promise<number> {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const started = performance.now();
  const draft = (await (
    await fetch(`${sb.url}/v1.0/users/${USERS.adele.upn}/messages`, {
      method: "POST",
      headers,
      body: JSON.stringify({ subject: "baseline" }),
    })
  ).json()) as { id: string };
  const session = (await (
    await fetch(`${sb.url}/v1.0/users/${USERS.adele.upn}/messages/${draft.id}/attachments/createUploadSession`, {
      method: "POST",
      headers,
      body: JSON.stringify({ AttachmentItem: { attachmentType: "file", name: "b.bin", size: bytes.length } }),
    })
  ).json()) as { uploadUrl: string };
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const chunk = bytes.subarray(offset, Math.min(offset + CHUNK, bytes.length));
    await (
      await fetch(session.uploadUrl, {
        method: "PUT",
        headers: { "Content-Range": `bytes ${offset}-${offset + chunk.length - 1}/${bytes.length}` },
        body: chunk as unknown as BodyInit,
      })
    ).arrayBuffer();
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const sb = await start({ port: 0 });
  const harness = createHarness(component);
  const connection = connectionFor(sb);
  const rows: Row[] = [];
  try {
    // Warm up: the token and the sandbox's first requests.
    await harness.action("sendMessage", { connection, to: USERS.alex.upn, subject: "warm-up" });
    const tokenRes = await fetch(`${sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: DEFAULT_APP_ID,
        client_secret: DEFAULT_APP_SECRET,
        scope: "https://graph.microsoft.com/.default",
      }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };

    const small = 50;
    let before = sb.requests.length;
    let started = performance.now();
    for (let i = 0; i < small; i++)
      await harness.action("sendMessage", {
        connection,
        to: USERS.alex.upn,
        subject: `small ${i}`,
        attachments: [{ key: "a.txt", value: "hello" }],
      });
    const smallMs = (performance.now() - started) / small;
    rows.push({
      case: `${small} sends, 5-byte attachment`,
      requests: sb.requests.length - before,
      minimum: small,
      uploadedRatio: "-",
      timeRatio: `${smallMs.toFixed(1)} ms/send`,
      heapGrowthMB: "-",
    });

    // Fetch All: 2,500 messages at Graph's largest page (1,000) is 3 requests at the least.
    const mb = sb.store.mailbox(USERS.megan.id);
    const folder = sb.store.addFolder(mb, "Bulk", sb.store.folderByWellKnown(mb, "msgfolderroot").id);
    for (let i = 0; i < 2500; i++) {
      const t = new Date(Date.now() - i * 1000).toISOString();
      sb.store.putMessage(mb, {
        folderId: folder.id,
        createdDateTime: t,
        lastModifiedDateTime: t,
        receivedDateTime: t,
        sentDateTime: t,
        subject: `bulk ${i}`,
        body: { contentType: "text", content: "x" },
        importance: "normal",
        isRead: false,
        isDraft: false,
        from: null,
        sender: null,
        toRecipients: [],
        ccRecipients: [],
        bccRecipients: [],
        replyTo: [],
        internetMessageId: `<b${i}@x>`,
        conversationId: "c",
        conversationIndex: "AQ==",
        categories: [],
        flag: { flagStatus: "notFlagged" },
        inferenceClassification: "focused",
        isDeliveryReceiptRequested: false,
        isReadReceiptRequested: false,
        internetMessageHeaders: [],
        extendedProperties: [],
        attachments: [],
      });
    }
    before = sb.requests.length;
    started = performance.now();
    const listed = (await harness.action("listMailMessages", {
      connection,
      mailbox: USERS.megan.upn,
      folderId: folder.id,
      fetchAll: true,
      select: "subject",
    })) as { data: { value: unknown[] } };
    rows.push({
      case: `Fetch All, ${listed.data.value.length} messages`,
      requests: sb.requests.length - before,
      minimum: Math.ceil(2500 / 1000),
      uploadedRatio: "-",
      timeRatio: `${(performance.now() - started).toFixed(0)} ms`,
      heapGrowthMB: "-",
    });

    for (const size of [3 * MB + 1, 20 * MB, 40 * MB, 100 * MB]) {
      const bytes = randomBytes(size);
      const floorMs = await baseline(sb, access_token, bytes);
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
      before = sb.requests.length;
      started = performance.now();
      await harness.action("sendMessage", {
        connection,
        to: USERS.alex.upn,
        subject: `size ${size}`,
        attachments: [{ key: "f.bin", value: bytes }],
      });
      const ms = performance.now() - started;
      const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
      const log = sb.requests.slice(before);
      const uploaded = log.filter((r) => r.kind === "upload").reduce((n, r) => n + r.requestBytes, 0);
      // The fewest requests Graph allows: create draft, create session, one PUT per 4 MB chunk, send.
      const minimum = 3 + Math.ceil(size / CHUNK);
      rows.push({
        case: `1 send, ${(size / MB).toFixed(1)} MB attachment`,
        requests: log.length,
        minimum,
        uploadedRatio: (uploaded / size).toFixed(3),
        timeRatio: (ms / floorMs).toFixed(2),
        heapGrowthMB: ((heapAfter - heapBefore) / MB).toFixed(1),
      });
    }
  } finally {
    await sb.stop();
  }
  const columns: [string, number][] = [
    ["case", 37],
    ["requests", 9],
    ["minimum", 8],
    ["uploaded/size", 14],
    ["time vs raw floor", 18],
    ["heap+buffers growth (MB)", 0],
  ];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c : ` ${c}`).padEnd(columns[i][1])).join("|");
  console.log(line(columns.map(([name]) => name)));
  console.log(columns.map(([name, width]) => "-".repeat(Math.max(width, name.length + 1))).join("|"));
  for (const r of rows)
    console.log(
      line([r.case, String(r.requests), String(r.minimum), r.uploadedRatio, r.timeRatio, String(r.heapGrowthMB)]),
    );
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e);
    process.exit(1);
  },
);
