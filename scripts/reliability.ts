// Like the tests, the reliability run reaches nothing but loopback (the guard refuses any other connection).
import "../test/setup/loopbackOnly";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { start, type Sandbox } from "../sandbox";
import { confirmPolicy } from "../src/graph/lostAnswers";
import { retryPolicy } from "../src/graph/retry";
import { runHostile, type HostileReport } from "./hostile";
import { deltaRestarts, webhookBurst, type BurstReport, type DeltaReport } from "./reliabilityTriggers";
import { observe, perform, plan, prepare, type Op, type Reported } from "./reliabilityPlan";
import { seededRandom } from "./seededRandom";

/**
 * `npm run reliability`: many sends (some with attachments over 3 MB) and creates through the
 * component, against the sandbox failing a fifth of Graph and upload requests: 429, 503 and 504
 * before acting, connection resets before acting, and after acting 504s, resets, answers cut half-way
 * and answers cut short of their Content-Length. Then every message is counted in the recipients'
 * mailboxes against what its action reported: lost, duplicated and falsely reported failed must all
 * be 0. Prints a table and writes it as JSON. `runReliability` runs it in-process (tests run a small one).
 */

export interface ReliabilityOptions {
  /** Actions that send mail (default 1,000); one event and one folder are created per 50 of them too. */
  sends?: number;
  /** Fraction of Graph and upload requests that fail, half before acting and half after (default 0.2). */
  faultRate?: number;
  /** Actions in flight at once (default 8). */
  concurrency?: number;
  /** Hostile requests sent to the sandbox afterwards (scripts/hostile.ts; default 1,000). */
  hostile?: number;
  /** Days of mail polling through expiring delta links (default 30; 0 skips it). */
  deltaDays?: number;
  /** Notifications in the one POST the mail webhook answers (default 1,000; 0 skips it). */
  burst?: number;
  seed?: number;
}

export interface ReliabilityReport {
  date: string;
  machine: string;
  settings: Required<ReliabilityOptions> & { retryPolicy: typeof retryPolicy; confirmPolicy: typeof confirmPolicy };
  actions: Record<string, number>;
  messagesExpected: number;
  /** Reported sent or created, but missing at a recipient (or not created). */
  lost: number;
  /** More than one copy at a recipient, in Sent Items, or more than one item created. */
  duplicated: number;
  /** Reported failed although it was delivered or created. */
  falselyReportedFailed: number;
  /** Reported failed, and truly nothing happened (allowed, but counted). */
  failedTruthfully: number;
  outcomes: Record<string, number>;
  /** Drafts of this run's sends still in a Drafts folder. */
  draftsLeftBehind: number;
  requests: { total: number; faulted: Record<string, number>; faultedShare: number };
  uploads: { count: number; resumes: number; newSessions: number; bytes: number; bytesSent: number; ratio: number };
  hostile: HostileReport & { ran: boolean };
  /** Mail polling through a month of expiring delta links: lost and duplicated must be 0. */
  delta?: DeltaReport;
  /** The mail webhook answering one POST of many notifications, timed against Graph's 3 s. */
  webhook?: BurstReport;
  seconds: number;
  /** The first few discrepancies, to investigate. */
  problems: string[];
}

const AFTER_KINDS = ["gatewayTimeout", "reset", "resetMidResponse", "truncate"] as const;

/** Turns the fault mix on: half of `rate` before acting (429, 503, 504, reset), half after. */
function faultsOn(sb: Sandbox, rate: number): void {
  sb.faults.beforeKinds = ["throttle", "unavailable", "gatewayTimeout", "reset"];
  sb.faults.retryAfterSeconds = 0;
  sb.faults.faultRate = rate / 2;
  sb.faults.afterKinds = [...AFTER_KINDS];
  // Applied to requests that passed the draw before acting, so that half of `rate` meets a fault after acting.
  sb.faults.afterRate = rate / 2 / (1 - rate / 2);
}

function faultsOff(sb: Sandbox): void {
  sb.faults.faultRate = 0;
  sb.faults.afterRate = 0;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Faults the sandbox drew, from its request log: before acting by status, after acting by kind. */
function faultCounts(sb: Sandbox, from: number): ReliabilityReport["requests"] {
  const records = sb.requests.slice(from).filter((r) => r.kind === "graph" || r.kind === "upload");
  const faulted: Record<string, number> = {};
  const add = (k: string) => (faulted[k] = (faulted[k] ?? 0) + 1);
  for (const r of records) {
    if (typeof r.fault === "string")
      add(r.fault === "resetBeforeActing" ? "reset before acting" : `${r.fault} after acting`);
    else if ([429, 503, 504].includes(r.status)) add(`${r.status} before acting`);
  }
  const total = Object.values(faulted).reduce((a, b) => a + b, 0);
  return { total: records.length, faulted, faultedShare: records.length ? total / records.length : 0 };
}

/** Compares what each action reported with what the mailboxes hold. */
function tally(sb: Sandbox, ops: Op[], reported: Map<number, Reported>, report: ReliabilityReport): void {
  for (const op of ops) {
    const r = reported.get(op.i)!;
    const seen = observe(sb, op);
    const copies = [...seen.delivered, seen.own];
    const expected = [...seen.delivered.map(() => 1), op.ownCopies];
    report.messagesExpected += seen.delivered.length;
    const problem = (what: string) =>
      report.problems.length < 20 && report.problems.push(`#${op.i} ${op.kind}: ${what}`);
    if (!r.ok) {
      report.outcomes[`failed: ${r.error?.graphCode ?? r.error?.code ?? r.error?.name}`] =
        (report.outcomes[`failed: ${r.error?.graphCode ?? r.error?.code ?? r.error?.name}`] ?? 0) + 1;
      if (copies.some((n) => n > 0)) {
        report.falselyReportedFailed++;
        problem(`reported failed (${r.error?.message}) but found ${JSON.stringify(copies)}`);
      } else report.failedTruthfully++;
      if (copies.some((n) => n > 1)) report.duplicated++;
      continue;
    }
    report.outcomes[r.outcome!] = (report.outcomes[r.outcome!] ?? 0) + 1;
    if (copies.some((n, k) => n < expected[k])) {
      report.lost++;
      problem(`reported ${r.outcome} but found ${JSON.stringify(copies)}, expected ${JSON.stringify(expected)}`);
    }
    if (copies.some((n, k) => n > expected[k])) {
      report.duplicated++;
      problem(`duplicated: found ${JSON.stringify(copies)}, expected ${JSON.stringify(expected)}`);
    }
  }
}

function uploads(ops: Op[], reported: Map<number, Reported>): ReliabilityReport["uploads"] {
  const u = { count: 0, resumes: 0, newSessions: 0, bytes: 0, bytesSent: 0, ratio: 1 };
  for (const op of ops) {
    const up = reported.get(op.i)?.upload;
    if (!op.largeBytes || !up) continue;
    u.count++;
    u.resumes += up.resumes;
    u.newSessions += up.newSessions;
    u.bytes += op.largeBytes;
    u.bytesSent += up.bytesSent;
  }
  u.ratio = u.bytes ? u.bytesSent / u.bytes : 1;
  return u;
}

/** Drafts of this run's sends left in a Drafts folder (Send Draft's own drafts count when their send failed). */
function draftsLeft(sb: Sandbox, run: string): number {
  let n = 0;
  for (const mb of sb.store.mailboxes.values()) {
    const drafts = sb.store.folderByWellKnown(mb, "drafts").id;
    for (const m of mb.messages.values()) if (m.folderId === drafts && m.subject.startsWith(run)) n++;
  }
  return n;
}

/** Tighter waits than a host facing Graph would use: the sandbox answers Retry-After 0 and files Sent Items at once. */
function tightenPolicies(): () => void {
  const saved = { retry: { ...retryPolicy }, confirm: { ...confirmPolicy } };
  Object.assign(retryPolicy, { maxRetries: 10, baseDelayMs: 10, maxDelayMs: 200 });
  Object.assign(confirmPolicy, { settleMs: 300, intervalMs: 50 });
  return () => {
    Object.assign(retryPolicy, saved.retry);
    Object.assign(confirmPolicy, saved.confirm);
  };
}

function emptyReport(o: Required<ReliabilityOptions>): ReliabilityReport {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    machine: `${cpu.length} × ${cpu[0]?.model ?? "cpu"}, Node ${process.version}, ${process.platform}`,
    settings: { ...o, retryPolicy: { ...retryPolicy }, confirmPolicy: { ...confirmPolicy } },
    actions: {},
    messagesExpected: 0,
    lost: 0,
    duplicated: 0,
    falselyReportedFailed: 0,
    failedTruthfully: 0,
    outcomes: {},
    draftsLeftBehind: 0,
    requests: { total: 0, faulted: {}, faultedShare: 0 },
    uploads: { count: 0, resumes: 0, newSessions: 0, bytes: 0, bytesSent: 0, ratio: 1 },
    hostile: { ran: false, sent: 0, answered: 0, byStatus: {}, crashes: 0, hangs: 0, examples: [] },
    seconds: 0,
    problems: [],
  };
}

/** Runs the whole reliability run against a fresh in-process sandbox. */
export async function runReliability(options: ReliabilityOptions = {}): Promise<ReliabilityReport> {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o: Required<ReliabilityOptions> = {
    sends: 1000,
    faultRate: 0.2,
    concurrency: 8,
    hostile: 1000,
    deltaDays: 30,
    burst: 1000,
    seed: 1,
    ...given,
  };
  const restore = tightenPolicies();
  // Hostile requests include bodies that never finish: they get their 408 well within the runner's patience.
  const sb = await start({ port: 0, throttle: "off", requestTimeoutMs: 5000 });
  const started = Date.now();
  try {
    const report = emptyReport(o);
    const run = `R${o.seed}-${Date.now().toString(36)}`;
    const ops = plan(o.sends, run, seededRandom(o.seed));
    for (const op of ops) report.actions[op.kind] = (report.actions[op.kind] ?? 0) + 1;
    await prepare(sb, ops);
    const reported = new Map<number, Reported>();
    const from = sb.requests.length;
    faultsOn(sb, o.faultRate);
    await pool(ops, o.concurrency, async (op) => void reported.set(op.i, await perform(sb, op)));
    faultsOff(sb);
    report.requests = faultCounts(sb, from);
    tally(sb, ops, reported, report);
    report.uploads = uploads(ops, reported);
    report.draftsLeftBehind = draftsLeft(sb, run);
    if (o.hostile > 0) {
      const ca = sb.ca ? readFileSync(sb.ca, "utf8") : undefined;
      report.hostile = { ran: true, ...(await runHostile({ url: sb.url, ca }, o.hostile)) };
    }
    // The triggers run on sandboxes of their own (a clock that moves a month; latency and throttling).
    if (o.deltaDays > 0) report.delta = await deltaRestarts(o.deltaDays);
    if (o.burst > 0) report.webhook = await webhookBurst(o.burst);
    report.seconds = (Date.now() - started) / 1000;
    return report;
  } finally {
    restore();
    await sb.stop();
  }
}

/** The report as a Markdown table. */
export function table(r: ReliabilityReport): string {
  const f = r.requests.faulted;
  const faults = Object.entries(f)
    .sort()
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
  const rows: [string, string][] = [
    [
      "actions",
      Object.entries(r.actions)
        .map(([k, v]) => `${v} ${k}`)
        .join(", "),
    ],
    [
      "Graph and upload requests",
      `${r.requests.total}, ${(r.requests.faultedShare * 100).toFixed(1)} % faulted: ${faults}`,
    ],
    ["messages expected at recipients", String(r.messagesExpected)],
    ["messages lost", String(r.lost)],
    ["messages duplicated", String(r.duplicated)],
    ["falsely reported failed", String(r.falselyReportedFailed)],
    ["reported failed, truly not sent", String(r.failedTruthfully)],
    [
      "outcomes reported",
      Object.entries(r.outcomes)
        .map(([k, v]) => `${v} ${k}`)
        .join(", "),
    ],
    ["drafts left behind", String(r.draftsLeftBehind)],
    [
      "uploads over 3 MB",
      `${r.uploads.count}, resumed ${r.uploads.resumes} times, ${r.uploads.newSessions} new sessions, ` +
        `uploaded / size ${r.uploads.ratio.toFixed(3)} (${r.uploads.bytesSent - r.uploads.bytes} extra bytes)`,
    ],
    [
      "hostile requests",
      r.hostile.ran
        ? `${r.hostile.sent} sent, ${r.hostile.answered} answered, ` +
          `${r.hostile.crashes} crashes, ${r.hostile.hangs} hangs`
        : "not run",
    ],
    [
      "delta restarts without duplicates",
      r.delta
        ? `${r.delta.days} days of polling, links expired on days ${r.delta.restartDays.join(" and ")}: ` +
          `${r.delta.delivered} delivered, ${r.delta.emitted} emitted, ${r.delta.lost} lost, ` +
          `${r.delta.duplicated} duplicated`
        : "not run",
    ],
    [
      `webhook answer time, ${r.webhook?.notifications ?? 1000} notifications`,
      r.webhook
        ? `${r.webhook.answerMs.map((ms) => `${ms.toFixed(0)} ms`).join(" then ")} at 50 ms of Graph latency ` +
          `(${r.webhook.budgetRatio.map((x) => x.toFixed(2)).join(" and ")} of Graph's 3 s); ` +
          `${r.webhook.batchRequests} batch requests, ${r.webhook.itemsRead} items read`
        : "not run",
    ],
    ["time", `${r.seconds.toFixed(1)} s on ${r.machine}`],
  ];
  return ["| measure | value |", "| --- | --- |", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
}

const FLAGS = {
  sends: { type: "string" },
  "fault-rate": { type: "string" },
  concurrency: { type: "string" },
  hostile: { type: "string" },
  "delta-days": { type: "string" },
  burst: { type: "string" },
  seed: { type: "string" },
  out: { type: "string" },
} as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: FLAGS, strict: true });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const report = await runReliability({
    sends: num(values.sends),
    faultRate: num(values["fault-rate"]),
    concurrency: num(values.concurrency),
    hostile: num(values.hostile),
    deltaDays: num(values["delta-days"]),
    burst: num(values.burst),
    seed: num(values.seed),
  });
  const out = resolve(values.out ?? ".scratch/reliability.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  console.log(table(report));
  if (report.problems.length) console.log("\nproblems:\n" + report.problems.join("\n"));
  console.log(`\nwritten to ${out}`);
  const failed =
    report.lost +
    report.duplicated +
    report.falselyReportedFailed +
    report.draftsLeftBehind +
    (report.delta ? report.delta.lost + report.delta.duplicated : 0);
  process.exit(failed ? 1 : 0);
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  });
}
