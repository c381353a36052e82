import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { USERS, addBulkMessages, start } from "../../sandbox";
import type { WorkloadResult } from "../report";
import { MB, appToken, collectGarbage, timed } from "../support";

/**
 * 7. The sandbox itself: Graph requests per second it serves on this machine to 50 concurrent
 * clients (throttling and latency off), for sendMail, a list and a get; the sandbox runs in a child
 * process (`npm run sandbox`), the clients in this one. And the memory 100,000 messages take in
 * its store (measured in this process, after full collections).
 */

const ROOT = join(__dirname, "../..");
const CLIENTS = 50;
const LISTED = 1000;

export interface SandboxLoad {
  seconds: number;
  messages: number;
}

/** `npm run sandbox` in a child process, with a folder of messages to list and get; resolves with its URL. */
function startChild(): Promise<{ url: string; child: ChildProcess }> {
  const args = ["--port", "0", "--throttle", "off", "--messages", `${LISTED}:${USERS.alex.upn}:Bench`];
  const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, join(ROOT, "sandbox/cli.ts"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += String(d)));
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).once("line", (line) =>
      resolve({ url: (JSON.parse(line) as { url: string }).url, child }),
    );
  });
}

/**
 * 50 clients sending `request` back to back for `seconds`: answers per second, and failures. Each
 * client first makes one request untimed, so connections and TLS sessions are open when timing starts.
 */
async function load(
  seconds: number,
  request: (i: number) => Promise<Response>,
): Promise<{ perSecond: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  let n = 0;
  const answer = async () => {
    const res = await request(n++);
    await res.arrayBuffer();
    return res.ok;
  };
  await Promise.all(Array.from({ length: CLIENTS }, answer));
  const end = performance.now() + seconds * 1000;
  const client = async () => {
    while (performance.now() < end) {
      if (await answer()) ok++;
      else failed++;
    }
  };
  const { ms } = await timed(() => Promise.all(Array.from({ length: CLIENTS }, client)));
  return { perSecond: (ok / ms) * 1000, failed };
}

async function throughput(seconds: number): Promise<Record<string, { perSecond: number; failed: number }>> {
  const { url, child } = await startChild();
  try {
    const headers = { Authorization: `Bearer ${await appToken(url)}` };
    const alex = `${url}/v1.0/users/${USERS.alex.upn}`;
    const folders = (await (await fetch(`${alex}/mailFolders?$filter=displayName eq 'Bench'`, { headers })).json()) as {
      value: { id: string }[];
    };
    const listUrl = `${alex}/mailFolders/${folders.value[0].id}/messages?$top=10`;
    const ids = (
      (await (await fetch(`${listUrl.replace("$top=10", "$top=1000")}&$select=id`, { headers })).json()) as {
        value: { id: string }[];
      }
    ).value.map((m) => m.id);
    const sendBody = (i: number) =>
      JSON.stringify({
        message: {
          subject: `Load ${i}`,
          body: { contentType: "text", content: "Load." },
          toRecipients: [{ emailAddress: { address: USERS.alex.upn } }],
        },
      });
    // sendMail last: it grows the mailbox the other two read.
    return {
      get: await load(seconds, (i) => fetch(`${alex}/messages/${ids[i % ids.length]}`, { headers })),
      list: await load(seconds, () => fetch(listUrl, { headers })),
      sendMail: await load(seconds, (i) =>
        fetch(`${url}/v1.0/users/${USERS.adele.upn}/sendMail`, {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: sendBody(i),
        }),
      ),
    };
  } finally {
    child.kill();
  }
}

/** What `count` messages take in the store: heap and external memory after full collections, and seeding time. */
async function storeMemory(count: number): Promise<{ bytes: number; rss: number; seedMs: number }> {
  const sb = await start({ port: 0 });
  try {
    collectGarbage();
    collectGarbage();
    const before = process.memoryUsage();
    const { ms } = await timed(async () => addBulkMessages(sb.store, { mailbox: USERS.alex.upn, count }));
    collectGarbage();
    const after = process.memoryUsage();
    const bytes = after.heapUsed + after.external - (before.heapUsed + before.external);
    return { bytes, rss: after.rss - before.rss, seedMs: ms };
  } finally {
    await sb.stop();
  }
}

export async function sandboxItself(o: SandboxLoad): Promise<WorkloadResult> {
  const rates = await throughput(o.seconds);
  const memory = await storeMemory(o.messages);
  const rate = (k: string) => `${k} ${Math.round(rates[k].perSecond).toLocaleString("en")}/s`;
  const failed = Object.values(rates).reduce((n, r) => n + r.failed, 0);
  return {
    id: 7,
    title: `The sandbox: requests/s to ${CLIENTS} clients; ${o.messages.toLocaleString("en")} messages in memory`,
    status: "measured",
    peers: [],
    ours: {
      strategy: "sandbox in a child process, throttling off",
      outcome:
        `${["get", "list", "sendMail"].map(rate).join(", ")}${failed ? `, ${failed} failed` : ""}; ` +
        `${o.messages.toLocaleString("en")} messages: ${(memory.bytes / MB).toFixed(0)} MB ` +
        `(${(memory.bytes / o.messages / 1024).toFixed(1)} KB each), seeded in ${Math.round(memory.seedMs)} ms`,
    },
    target: "(measured, no target)",
    notes: [],
    details: { clients: CLIENTS, seconds: o.seconds, rates, memory, listedFolderSize: LISTED },
  };
}
