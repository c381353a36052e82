import "../setup/loopbackOnly";
import "../setup/trustSandboxCa";
import { writeFileSync } from "node:fs";
import { DEFAULT_PER_INPUT, DEFAULT_SEED, fuzz } from "./suite";
import { FAILURE_CLASSES, format } from "./tally";
import { startWorld } from "./world";

/**
 * `npm run fuzz` runs the CI subset against a fresh sandbox and prints the counts;
 * `npm run fuzz -- --full` (or FUZZ_FULL=1) runs every value on every input (over 20,000 cases).
 * Also: --seed N, --per-input N, --out FILE (every failing case as a JSON line). Exits 1 when
 * anything failed, so it can gate a pipeline.
 */

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const full = process.argv.includes("--full") || process.env.FUZZ_FULL === "1";
  const seed = Number(option("seed") ?? DEFAULT_SEED);
  const perInput = Number(option("per-input") ?? DEFAULT_PER_INPUT);
  const world = await startWorld();
  const started = Date.now();
  try {
    const run = await fuzz(world, {
      full,
      seed,
      perInput,
      progress: (done, total) => {
        if (done % 2000 === 0 || done === total) process.stderr.write(`${done}/${total} cases\n`);
      },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const title = `${full ? "full run" : `subset (seed ${seed}, ${perInput} per input)`}, ${seconds} s`;
    console.log(format(run.tally, title));
    for (const failure of run.baselineFailures) console.log(`baseline failed: ${failure}`);
    const out = option("out");
    if (out) writeFileSync(out, run.failing.map((r) => JSON.stringify(r)).join("\n") + "\n");
    const failed = FAILURE_CLASSES.some((c) => run.tally.counts[c.cls] > 0) || run.baselineFailures.length > 0;
    return failed ? 1 : 0;
  } finally {
    await world.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
