import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { EXAMPLES_DIR, type BlockKind, type Captured } from "./capture";
import { shapeOf, type Shape } from "./shape";

/**
 * Writes the example payloads into the component: one JSON file per block under src/examplePayloads/<kind>/, and
 * src/examplePayloads/index.ts, which imports them all (src/index.ts attaches each to its block). Files of blocks
 * that are gone are removed. A block whose committed example still has the shape of what it answered now keeps it
 * (ids and dates differ on every capture: rewriting them would only make noise in the diff); `refresh` rewrites
 * every file. Everything is written as Prettier writes it, so `npm run lint` passes as it is.
 */

const FOLDERS: Record<BlockKind, string> = { action: "actions", trigger: "triggers", dataSource: "dataSources" };

async function pretty(text: string, file: string, parser: string): Promise<string> {
  const config = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...config, parser });
}

/** The index: an import per file, and the payloads by kind and key, in the component's order. */
function indexSource(payloads: Captured[]): string {
  const name = (c: Captured) => `${c.kind}_${c.key}`;
  const imports = payloads.map((c) => `import ${name(c)} from "./${FOLDERS[c.kind]}/${c.key}.json";`);
  const group = (kind: BlockKind) =>
    `${FOLDERS[kind]}: { ${payloads
      .filter((c) => c.kind === kind)
      .map((c) => `${c.key}: ${name(c)}`)
      .join(", ")} },`;
  return [
    "// Written by `npm run examples` (test/examples/cli.ts) from what each block answered in the Graph sandbox.",
    "// Do not edit: run `npm run examples` again after adding a block or changing what one returns.",
    ...imports,
    "",
    "/** Each block's example payload, by kind and key; src/index.ts attaches them to the blocks. */",
    'export const examplePayloads: Record<"actions" | "triggers" | "dataSources", Record<string, unknown>> = {',
    group("action"),
    group("trigger"),
    group("dataSource"),
    "};",
    "",
  ].join("\n");
}

/** A shape as text, every key and type spelled (an empty array differs from one with items, unlike in the check). */
function shapeText(shape: Shape): string {
  const keys = [...(shape.keys ?? new Map<string, Shape>())].sort(([a], [b]) => (a < b ? -1 : 1));
  const members = keys.map(([key, member]) => `${JSON.stringify(key)}:${shapeText(member)}`).join(",");
  return `${[...shape.types].sort().join("|")}{${members}}[${shape.items ? shapeText(shape.items) : ""}]`;
}

/** The committed example of a block, when there is one that has exactly the shape of its answer now. */
function sameShape(file: string, payload: unknown): boolean {
  if (!existsSync(file)) return false;
  try {
    return shapeText(shapeOf(JSON.parse(readFileSync(file, "utf8")))) === shapeText(shapeOf(payload));
  } catch {
    return false;
  }
}

/** Writes every payload (unless its committed example has its shape) and the index; returns the files written. */
export async function writeExamples(payloads: Captured[], dir = EXAMPLES_DIR, refresh = false): Promise<string[]> {
  const written: string[] = [];
  for (const folder of Object.values(FOLDERS)) {
    mkdirSync(join(dir, folder), { recursive: true });
    const keep = new Set(payloads.filter((c) => FOLDERS[c.kind] === folder).map((c) => `${c.key}.json`));
    for (const file of readdirSync(join(dir, folder)))
      if (file.endsWith(".json") && !keep.has(file)) rmSync(join(dir, folder, file));
  }
  for (const c of payloads) {
    const file = join(dir, FOLDERS[c.kind], `${c.key}.json`);
    if (!refresh && sameShape(file, c.payload)) continue;
    writeFileSync(file, await pretty(JSON.stringify(c.payload), file, "json"));
    written.push(file);
  }
  const index = join(dir, "index.ts");
  writeFileSync(index, await pretty(indexSource(payloads), index, "typescript"));
  return [...written, index];
}
