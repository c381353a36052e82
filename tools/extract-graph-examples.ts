import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as prettier from "prettier";
import { examplesOfPage } from "./graph-examples/page";
import { loadSchemaTypes, type SchemaTypes } from "./graph-examples/schema";
import { API_DIR, CONCEPTS_DIR, resourceOfPage } from "./graph-examples/scope";
import { openSource, type DocsSource } from "./graph-examples/source";
import type { Example, ExamplesFile } from "./graph-examples/types";

/**
 * `tsx tools/extract-graph-examples.ts [--schema <csdl>] <docs> [<more docs>...]`: reads Microsoft Graph's published
 * v1.0 reference (a checkout or a bare git directory of microsoftgraph/microsoft-graph-docs) and
 * writes the request examples of the resources the sandbox serves as compact test vectors to
 * `test/conformance/examples.json` (see `graph-examples/types.ts`). A page missing from the first
 * source is taken from the next one that has it (a newer copy may add pages, e.g. reauthorize);
 * `<docs>@<commit>` names the commit of a copy that is not a git checkout. Documented response
 * properties the v1.0 schema (`--schema`, by default the copy beside the sandbox) does not
 * declare are left out of the shapes and listed.
 */

const OUTPUT = join(__dirname, "../test/conformance/examples.json");
const DEFAULT_SCHEMA = join(__dirname, "../sandbox/schema/v1.0-Prod.csdl");

/** In-scope pages, each from the first source that has it. */
function pagesToRead(sources: DocsSource[]): Map<string, DocsSource> {
  const pages = new Map<string, DocsSource>();
  for (const source of sources) {
    for (const dir of [API_DIR, CONCEPTS_DIR]) {
      for (const file of source.list(dir)) {
        const path = `${dir}/${file}`;
        if (resourceOfPage(path) && !pages.has(path)) pages.set(path, source);
      }
    }
  }
  return pages;
}

/** Example ids stay unique when a page reuses a name (`_2`, `_3`, ...). */
function uniqueIds(examples: Example[]): Example[] {
  const seen = new Map<string, number>();
  return examples.map((e) => {
    const n = (seen.get(e.id) ?? 0) + 1;
    seen.set(e.id, n);
    return n === 1 ? e : { ...e, id: `${e.id}_${n}`, name: `${e.name}_${n}` };
  });
}

export interface Extraction {
  file: ExamplesFile;
  withoutResponse: string[];
  undeclared: string[];
}

export function extract(sources: DocsSource[], schema: SchemaTypes): Extraction {
  const pages = pagesToRead(sources);
  const examples: Example[] = [];
  const withoutResponse: string[] = [];
  const undeclared: string[] = [];
  const perSource = new Map<DocsSource, number>();
  for (const path of [...pages.keys()].sort()) {
    const source = pages.get(path)!;
    const result = examplesOfPage(path, source.read(path), resourceOfPage(path)!, schema);
    examples.push(...result.examples);
    withoutResponse.push(...result.withoutResponse);
    undeclared.push(...result.undeclared);
    perSource.set(source, (perSource.get(source) ?? 0) + 1);
  }
  const used = sources.filter((s) => perSource.has(s));
  return {
    file: {
      sources: used.map((s) => ({ repository: s.repository, commit: s.commit, pages: perSource.get(s)! })),
      examples: uniqueIds(examples),
    },
    withoutResponse,
    undeclared,
  };
}

function summary(examples: Example[]): string {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.resource, (counts.get(e.resource) ?? 0) + 1);
  const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([r, n]) => `  ${r}: ${n}`);
  return [`${examples.length} examples`, ...rows].join("\n");
}

async function main(args: string[]): Promise<void> {
  const schemaAt = args.indexOf("--schema");
  const schemaPath = schemaAt >= 0 ? args.splice(schemaAt, 2)[1] : DEFAULT_SCHEMA;
  if (!args.length || !schemaPath) {
    console.error(
      "usage: tsx tools/extract-graph-examples.ts [--schema <csdl>] <docs-checkout-or-bare-git-dir>[@commit] ...",
    );
    process.exit(2);
  }
  const schema = loadSchemaTypes(readFileSync(schemaPath, "utf8"));
  const { file, withoutResponse, undeclared } = extract(args.map(openSource), schema);
  const options = (await prettier.resolveConfig(OUTPUT)) ?? {};
  writeFileSync(OUTPUT, await prettier.format(JSON.stringify(file), { ...options, parser: "json" }));
  console.log(summary(file.examples));
  for (const line of withoutResponse) console.log(`skipped (no documented response): ${line}`);
  for (const line of undeclared) console.log(`not in the v1.0 schema, left out: ${line}`);
  console.log(`wrote ${OUTPUT}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
