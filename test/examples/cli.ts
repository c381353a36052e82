import "../setup/loopbackOnly";
import "../setup/trustSandboxCa";
import { relative } from "node:path";
import { startWorld } from "../fuzz/world";
import { captureExamples } from "./capture";
import { writeExamples } from "./write";

/**
 * `npm run examples`: runs every action, trigger and data source with valid params against a fresh sandbox and
 * writes what each answered as its example payload (src/examplePayloads/). Exits 1, naming them, when some block
 * did not answer or answered with a secret: those get no file, and the example-payload check in `npm test` fails
 * until they do.
 */
async function main(): Promise<number> {
  const world = await startWorld();
  try {
    const started = Date.now();
    const { payloads, failures } = await captureExamples(world);
    const files = await writeExamples(payloads);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const where = relative(process.cwd(), files[files.length - 1]).replace(/index\.ts$/, "");
    console.log(`${payloads.length} example payloads written to ${where} in ${seconds} s`);
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
