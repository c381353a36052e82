import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS } from "../sandbox";
import { hostileRequests, type HostileRequest } from "./hostileRequests";
import { sendRaw, type RawAnswer, type RawTarget } from "./rawHttp";

/**
 * Hostile requests against a running sandbox (`runHostile`), and, run as a script, a soak of many:
 *   npx tsx scripts/hostile.ts [count] [seed]
 * starts the sandbox as its own process (so a crash shows as an exit), sends `count` hostile requests
 * (default 10,000) and prints what came back. A crash is an unexpected failure inside the sandbox
 * (a 500 generalException, or the process gone); a hang is a request with no complete answer in time.
 */

export { hostileRequests, type HostileRequest } from "./hostileRequests";

export interface HostileReport {
  sent: number;
  answered: number;
  /** Answers by status ("none" when the connection closed without one). */
  byStatus: Record<string, number>;
  crashes: number;
  hangs: number;
  /** A few of the requests that crashed or hung, for a bug report. */
  examples: string[];
}

export interface HostileOptions {
  seed?: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Requests between checks that the sandbox still answers a normal request (default 100). */
  batchSize?: number;
  /** How long an answer may take before the request counts as hung (default 15 s). */
  timeoutMs?: number;
  /** Called after each batch; throws to stop (e.g. a sandbox process that exited). */
  afterBatch?: () => void;
}

interface Context {
  target: RawTarget;
  host: string;
  token: string;
}

const fill = (text: string, c: Context) =>
  text
    .replace(/\{\{HOST\}\}/g, c.host)
    .replace(/\{\{TOKEN\}\}/g, c.token)
    .replace(/\{\{USER\}\}/g, USERS.alex.upn)
    .replace(/\{\{TENANT\}\}/g, DEFAULT_TENANT_ID);

function bytesOf(request: HostileRequest, c: Context): Buffer {
  const head = Buffer.from(fill(request.raw, c), "latin1");
  return request.bigBody ? Buffer.concat([head, Buffer.alloc(request.bigBody.bytes, request.bigBody.fill)]) : head;
}

function plain(method: string, path: string, c: Context, o: { token?: string; body?: string; type?: string } = {}) {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${c.host}`, "Connection: close"];
  if (o.token) lines.push(`Authorization: Bearer ${o.token}`);
  if (o.body !== undefined) lines.push(`Content-Type: ${o.type}`, `Content-Length: ${Buffer.byteLength(o.body)}`);
  return Buffer.from(lines.join("\r\n") + "\r\n\r\n" + (o.body ?? ""));
}

/** A fresh app token from the sandbox's token endpoint (undefined when it does not answer). */
async function appToken(c: Context): Promise<string | undefined> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: DEFAULT_APP_ID,
    client_secret: DEFAULT_APP_SECRET,
    scope: "https://graph.microsoft.com/.default",
  }).toString();
  const path = `/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`;
  const answer = await sendRaw(
    c.target,
    plain("POST", path, c, { body: form, type: "application/x-www-form-urlencoded" }),
  );
  if (answer.status !== 200) return undefined;
  return (JSON.parse(answer.body.toString("utf8")) as { access_token?: string }).access_token;
}

/** Whether the sandbox still answers normal requests: health, a token, and a Graph read. */
async function alive(c: Context): Promise<boolean> {
  const health = await sendRaw(c.target, plain("GET", "/_sandbox/health", c), 10_000);
  const token = health.status === 200 ? await appToken(c) : undefined;
  if (!token) return false;
  const folders = await sendRaw(c.target, plain("GET", `/v1.0/users/${USERS.alex.upn}/mailFolders`, c, { token }));
  return folders.status === 200;
}

function isCrash(answer: RawAnswer): boolean {
  return answer.status === 500 && answer.body.toString("utf8").includes("generalException");
}

async function sendBatch(batch: HostileRequest[], c: Context, o: Required<HostileOptions>, report: HostileReport) {
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const request = batch[next++];
      const answer = await sendRaw(c.target, bytesOf(request, c), o.timeoutMs);
      report.sent++;
      const key = answer.status === null ? "none" : String(answer.status);
      report.byStatus[key] = (report.byStatus[key] ?? 0) + 1;
      if (answer.status !== null) report.answered++;
      const problem = answer.timedOut
        ? "hang"
        : isCrash(answer)
          ? "crash"
          : answer.status === null
            ? "no answer"
            : undefined;
      if (problem === "hang") report.hangs++;
      if (problem === "crash") report.crashes++;
      if (problem && report.examples.length < 20)
        report.examples.push(`${problem}: [${request.category}] ${request.name}`);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
}

/** Sends `count` hostile requests to a sandbox, checking after each batch that it still answers normally. */
export async function runHostile(target: RawTarget, count: number, options: HostileOptions = {}) {
  const o: Required<HostileOptions> = {
    seed: 1,
    concurrency: 8,
    batchSize: 100,
    timeoutMs: 15_000,
    afterBatch: () => undefined,
    ...options,
  };
  const url = new URL(target.url);
  const c: Context = { target, host: url.host, token: "" };
  c.token = (await appToken(c)) ?? "";
  const report: HostileReport = { sent: 0, answered: 0, byStatus: {}, crashes: 0, hangs: 0, examples: [] };
  const requests = hostileRequests(count, o.seed);
  for (let i = 0; i < requests.length; i += o.batchSize) {
    await sendBatch(requests.slice(i, i + o.batchSize), c, o, report);
    o.afterBatch();
    if (!(await alive(c))) {
      report.crashes++;
      report.examples.push(`the sandbox stopped answering normal requests after ${report.sent} hostile ones`);
      break;
    }
    c.token = (await appToken(c)) ?? c.token;
  }
  return report;
}

/** Runs the sandbox's CLI as a child process; resolves with its URL and CA once it prints its ready line. */
function startSandboxProcess(root: string) {
  const child = spawn(
    process.execPath,
    [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "sandbox/cli.ts"), "--request-timeout-ms", "2000"],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const ready = new Promise<{ url: string; ca?: string }>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the sandbox exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout }).once("line", (line) => resolve(JSON.parse(line)));
  });
  return { child, ready };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const seed = Number(process.argv[3] ?? 1);
  const root = join(__dirname, "..");
  const { child, ready } = startSandboxProcess(root);
  const info = await ready;
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  const started = Date.now();
  try {
    const report = await runHostile({ url: info.url, ca: info.ca && readFileSync(info.ca, "utf8") }, count, {
      seed,
      afterBatch: () => {
        if (exited !== undefined) throw new Error(`the sandbox process exited with ${exited}`);
      },
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(JSON.stringify({ ...report, seed, seconds, processAlive: exited === undefined }, null, 2));
  } finally {
    child.kill();
  }
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
