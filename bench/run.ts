// Like the tests, the benchmark reaches nothing but loopback (the guard refuses any other connection).
import "../test/setup/loopbackOnly";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FULL_SIZES, SMOKE_SIZES, runBench } from "./bench";
import { notes, table } from "./report";

/**
 * `npm run bench -- [--latency-ms N] [--only 1,4] [--smoke] [--out FILE]`: runs the workloads,
 * prints one table (Markdown) with notes, and writes the report as JSON (default bench/results.json).
 */

const USAGE = `Usage: npm run bench -- [flags]
  --latency-ms N   the sandbox's latency per request (default 20)
  --only 1,4       run only these workloads (1 to 8)
  --smoke          reduced sizes (seconds; a check of the harness, not of timings)
  --out FILE       where to write the JSON report (default bench/results.json)`;

function options() {
  const { values } = parseArgs({
    options: {
      "latency-ms": { type: "string" },
      only: { type: "string" },
      smoke: { type: "boolean" },
      out: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const latencyMs = Number(values["latency-ms"] ?? 20);
  if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > 10_000) throw new Error("--latency-ms: 0 to 10000");
  const only = values.only?.split(",").map(Number);
  if (only?.some((n) => !Number.isInteger(n) || n < 1 || n > 8)) throw new Error("--only takes numbers from 1 to 8");
  return { latencyMs, only, smoke: Boolean(values.smoke), out: resolve(values.out ?? "bench/results.json") };
}

async function main(): Promise<void> {
  const o = options();
  const report = await runBench({
    latencyMs: o.latencyMs,
    only: o.only,
    sizes: o.smoke ? SMOKE_SIZES : FULL_SIZES,
    log: (line) => process.stderr.write(`${line}\n`),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
  });
  const load = report.load.map((l) => l.toFixed(1)).join(" → ");
  console.log(
    `${report.date}, \`${report.command}\`, ${report.machine} (load average ${load}), Node ${report.node}, ` +
      `${report.latencyMs} ms latency per request, Outlook throttling on; ${report.seconds.toFixed(0)} s in all.\n`,
  );
  console.log(table(report));
  const n = notes(report);
  if (n) console.log(`\n${n}`);
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(o.out, JSON.stringify(report, null, 2) + "\n");
  console.error(`report written to ${o.out}`);
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e);
    process.exit(1);
  },
);
