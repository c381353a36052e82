import "../setup/loopbackOnly";
import "../setup/trustSandboxCa";
import { relative } from "node:path";
import { startWorld } from "../fuzz/world";
import { captureExamples } from "./capture";
import { writeExamples } from "./write";

/**
 * `npm run examples`: runs every action, trigger and data source with valid params against a fresh sandbox and
 * writes what each answered as its example payload (src/examplePayloads/): new blocks and blocks whose answer changed
 * shape get a new file, the others keep theirs (`npm run examples -- --refresh` rewrites them all). Exits 1, naming
 * them, when some block did not answer or answered with a secret: those get no file, and the example-payload check in
 * `npm test` fails until they do.
 */
async function main(): Promise<number> {
  const world = await startWorld();
  try {
    const started = Date.now();
    const { payloads, failures } = await captureExamples(world);
    const files = await writeExamples(payloads, undefined, process.argv.includes("--refresh"));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const where = relative(process.cwd(), files[files.length - 1]).replace(/index\.ts$/, "");
    const kept = payloads.length - (files.length - 1);
    console.log(`${payloads.length} example payloads in ${where} (${kept} kept: same shape) in ${seconds} s`);
    for (const failure of failures) console.error(`no example payload: ${failure}`);
    return failures.length ? 1 : 0;
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
