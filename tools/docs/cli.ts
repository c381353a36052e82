import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import component from "../../src";
import * as errors from "../../src/errors";
import { generateDocumentation, ROOT } from "./generate";

/**
 * `npm run docs`: writes documentation.md from the component definition and docs/ (see generate.ts).
 * `npm run docs -- --check` writes nothing and exits 1 when the committed file is out of date.
 */
const file = join(ROOT, "documentation.md");
const made = generateDocumentation(component, errors as unknown as Record<string, unknown>);
if (process.argv.includes("--check")) {
  const same = readFileSync(file, "utf8") === made;
  console.log(same ? "documentation.md is up to date." : "documentation.md is out of date: run `npm run docs`.");
  process.exit(same ? 0 : 1);
}
writeFileSync(file, made);
console.log(`documentation.md written: ${made.length.toLocaleString("en-US")} characters.`);
