import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { USERS } from "../sandbox";
import type { BenchReport, WorkloadResult } from "./report";
import { MB, startBench, type Bench } from "./support";
import { bulkUpdate } from "./workloads/bulkUpdate";
import { coldStart } from "./workloads/coldStart";
import { concurrentSends } from "./workloads/concurrentSends";
import { fetchAll } from "./workloads/fetchAll";
import { largeAttachment } from "./workloads/largeAttachment";
import { sandboxItself } from "./workloads/sandboxItself";
import { tokens } from "./workloads/tokens";
import { webhookBurst } from "./workloads/webhookBurst";

/**
 * `npm run bench`: eight workloads against the sandbox started in this process with a fixed latency
 * per request and Outlook's throttling on, each beside the peers' strategies (plain Graph calls
 * through the same sandbox) and against the limit Graph's latency and concurrency cap allow.
 * `runBench` runs them in-process (`npm test` runs a reduced size as a smoke test of the harness).
 */

export interface BenchSizes {
  /** 1: messages in the folder Fetch All lists. */
  fetchAll: number;
  /** 2: messages updated in bulk. */
  updates: number;
  /** 3: Send Message runs started together. */
  sends: number;
  /** 4: the attachment's size in bytes. */
  attachmentBytes: number;
  /** 5: actions on one connection. */
  actions: number;
  /** 6: notifications in one POST. */
  notifications: number;
  /** 7: seconds of load per request kind, and messages whose memory is measured. */
  loadSeconds: number;
  storeMessages: number;
  /** 8: fresh processes per module. */
  coldRuns: number;
}

/** The sizes issue 16 asks for. The attachment is 150 MB less 1 KB: the message's body must fit the 150 MB limit. */
export const FULL_SIZES: BenchSizes = {
  fetchAll: 10_000,
  updates: 1000,
  sends: 100,
  attachmentBytes: 150 * MB - 1024,
  actions: 1000,
  notifications: 1000,
  loadSeconds: 3,
  storeMessages: 100_000,
  coldRuns: 9,
};

/** A reduced run that exercises every part of the harness in seconds (figures not meaningful). */
export const SMOKE_SIZES: BenchSizes = {
  fetchAll: 1250,
  updates: 45,
  sends: 12,
  attachmentBytes: 5 * MB,
  actions: 30,
  notifications: 45,
  loadSeconds: 0.3,
  storeMessages: 2000,
  coldRuns: 1,
};

export interface BenchOptions {
  latencyMs?: number;
  sizes?: BenchSizes;
  /** Workload numbers to run (default: all). */
  only?: number[];
  /** Where workload 8 builds the bundle (default: a folder in the system's temporary directory). */
  bundleDir?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  command?: string;
}

type Step = [number, string, (bench: Bench, sizes: BenchSizes, o: Required<BenchOptions>) => Promise<WorkloadResult>];

/** In the order they run: the large attachment first, while the process's memory is at its lowest. */
const STEPS: Step[] = [
  [4, "large attachment", (b, s) => largeAttachment(b, s.attachmentBytes)],
  [1, "Fetch All", (b, s) => fetchAll(b, s.fetchAll)],
  [2, "bulk update", (b, s) => bulkUpdate(b, s.updates)],
  [3, "concurrent sends", (b, s) => concurrentSends(b, s.sends)],
  [5, "token requests", (b, s) => tokens(b, s.actions)],
  [6, "webhook burst", (b, s) => webhookBurst(b, s.notifications)],
  [7, "the sandbox itself", (_b, s) => sandboxItself({ seconds: s.loadSeconds, messages: s.storeMessages })],
  [8, "cold start", (_b, s, o) => coldStart(s.coldRuns, o.bundleDir)],
];

const TITLES: Record<number, string> = {
  1: "Fetch All",
  2: "Update messages in bulk",
  3: "Send Message started together",
  4: "Send Message, large attachment",
  5: "Actions on one connection",
  6: "Mail webhook burst and handshake",
  7: "The sandbox itself",
  8: "Cold start",
};

function failed(id: number, e: unknown): WorkloadResult {
  const error = e instanceof Error ? e.message : String(e);
  return { id, title: TITLES[id], status: "failed", peers: [], target: "", notes: [], details: {}, error };
}

/**
 * When a workload misses its time limit: the limit again at the pace the sandbox really answered.
 * The limit counts latency only; the sandbox runs in this process and its own work (serializing,
 * storing, delivering) shares the machine's cores with the component, where Graph's runs elsewhere.
 */
function explainPace(w: WorkloadResult, latencyMs: number): void {
  const answer = w.details.answerMs;
  if (
    w.met !== false ||
    !w.target.includes("× limit") ||
    !w.limitMs ||
    !w.ours?.wallMs ||
    typeof answer !== "number" ||
    !latencyMs
  )
    return;
  const paced = (w.limitMs / latencyMs) * answer;
  w.details.pacedLimitMs = paced;
  w.notes.push(
    `Wall ${Math.round(w.ours.wallMs)} ms is ${(w.ours.wallMs / w.limitMs).toFixed(2)} × the ${w.limitMs} ms limit; ` +
      `the sandbox answered in a median of ${answer.toFixed(0)} ms against ${latencyMs} ms latency (its own work, ` +
      `in this process, on cores shared with the component and other jobs): at that pace the limit is ` +
      `${Math.round(paced)} ms and the wall time ${(w.ours.wallMs / paced).toFixed(2)} × it.`,
  );
}

export function machine(): string {
  const cpu = cpus();
  const memory = Math.round(totalmem() / 1024 ** 3);
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "CPU"}, ${memory} GB, Linux ${release()}`;
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const o: Required<BenchOptions> = {
    latencyMs: options.latencyMs ?? 20,
    sizes: options.sizes ?? FULL_SIZES,
    only: options.only ?? [1, 2, 3, 4, 5, 6, 7, 8],
    bundleDir: options.bundleDir ?? join(tmpdir(), "outlook-bench-dist"),
    log: options.log ?? (() => undefined),
    command: options.command ?? "npm run bench",
  };
  const started = performance.now();
  const loadAtStart = loadavg()[0];
  const bench = await startBench(o.latencyMs);
  const results: WorkloadResult[] = [];
  try {
    // Warm-up: the token, the sandbox's and the component's first requests.
    await bench.harness.action("sendMessage", { connection: bench.connection, to: USERS.alex.upn, subject: "warm-up" });
    for (const [id, name, step] of STEPS.filter(([id]) => o.only.includes(id))) {
      o.log(`${id}. ${name}…`);
      const t = performance.now();
      const result = await step(bench, o.sizes, o).catch((e: unknown) => failed(id, e));
      explainPace(result, o.latencyMs);
      results.push(result);
      o.log(`${id}. ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  } finally {
    await bench.sb.stop();
  }
  return {
    date: new Date().toISOString().slice(0, 10),
    command: o.command,
    machine: machine(),
    node: process.version,
    load: [loadAtStart, loadavg()[0]],
    latencyMs: o.latencyMs,
    sizes: { ...o.sizes },
    seconds: (performance.now() - started) / 1000,
    workloads: results.sort((a, b) => a.id - b.id),
  };
}
