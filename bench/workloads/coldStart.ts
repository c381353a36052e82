import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { WorkloadResult } from "../report";
import { MB, median, timed } from "../support";

/**
 * 8. Cold start: the bundle webpack makes of the component (`npm run build`, here into a scratch
 * folder), its size, and the time a fresh Node process takes to require it, against requiring
 * spectral alone (which the platform loads in any case): the median of several fresh processes,
 * taken in turns so both meet the same machine load.
 */

const ROOT = join(__dirname, "../..");
const run = promisify(execFile);

/** Requires the module in a fresh process; the time require took and, for a component, its number of actions. */
const PROBE =
  "const t = process.hrtime.bigint(); const m = require(process.argv[1]);" +
  "const ms = Number(process.hrtime.bigint() - t) / 1e6;" +
  "const actions = m.default && m.default.actions ? Object.keys(m.default.actions).length : 0;" +
  "console.log(JSON.stringify({ ms, actions }));";

async function requireTime(module: string): Promise<{ ms: number; actions: number }> {
  const { stdout } = await run(process.execPath, ["-e", PROBE, module], { cwd: ROOT });
  return JSON.parse(stdout) as { ms: number; actions: number };
}

/** Builds the bundle with the repository's webpack configuration into `outDir`. */
async function build(outDir: string): Promise<number> {
  const cli = join(ROOT, "node_modules/webpack-cli/bin/cli.js");
  const { ms } = await timed(() => run(process.execPath, [cli, "--output-path", outDir], { cwd: ROOT }));
  return ms;
}

export async function coldStart(runs: number, outDir: string): Promise<WorkloadResult> {
  const buildMs = await build(outDir);
  const bundle = join(outDir, "index.js");
  const bytes = statSync(bundle).size;
  const ours: number[] = [];
  const spectral: number[] = [];
  let actions = 0;
  for (let i = 0; i < runs; i++) {
    const b = await requireTime(bundle);
    actions = b.actions;
    ours.push(b.ms);
    spectral.push((await requireTime("@prismatic-io/spectral")).ms);
  }
  const ratio = median(ours) / median(spectral);
  return {
    id: 8,
    title: "Cold start: require dist/index.js in a fresh process",
    status: "measured",
    ours: {
      strategy: `ours: ${(bytes / MB).toFixed(2)} MB bundle`,
      wallMs: median(ours),
      outcome: `${ratio.toFixed(2)} × spectral alone; ${actions} actions loaded`,
    },
    peers: [{ strategy: "spectral alone (require @prismatic-io/spectral)", wallMs: median(spectral) }],
    target: "under 1.2 × spectral",
    met: actions > 0 && ratio < 1.2,
    notes: [],
    details: { bytes, buildMs, runs, oursMs: ours, spectralMs: spectral, ratio, actions },
  };
}
