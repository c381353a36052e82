import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import component from "../../src";
import * as errorsModule from "../../src/errors";
import { ArgumentError, OutlookError } from "../../src/errors";
import { errorClasses } from "../../tools/docs/errors";
import { generateDocumentation, ROOT } from "../../tools/docs/generate";

/**
 * documentation.md is generated from the component definition (`npm run docs`): regenerated here, it must be the
 * committed file byte for byte, and it must carry every block with its inputs and example payload and every typed
 * error with its code. The generator refuses what would make the reference lie: an error class without its row, a
 * row for no class, a block partial for no block, a missing partial, an unknown placeholder.
 */

const errors = errorsModule as unknown as Record<string, unknown>;
const committed = () => readFileSync(join(ROOT, "documentation.md"), "utf8");
const made = generateDocumentation(component, errors);

/** A copy of docs/ to break, and the generator run on it. */
function withDocs(change: (dir: string) => void, errorsOf: Record<string, unknown> = errors): () => string {
  const root = mkdtempSync(join(tmpdir(), "docs-"));
  cpSync(join(ROOT, "docs"), join(root, "docs"), { recursive: true });
  change(join(root, "docs"));
  return () => {
    try {
      return generateDocumentation(component, errorsOf, root);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}

describe("documentation.md", () => {
  it("is what `npm run docs` makes from the component today", () => {
    const lines = committed().split("\n");
    const fresh = made.split("\n");
    const at = fresh.findIndex((line, i) => line !== lines[i]);
    const where = at < 0 ? "" : `line ${at + 1}: committed '${lines[at]}', generated '${fresh[at]}'`;
    if (committed() !== made) throw new Error(`documentation.md is out of date: run \`npm run docs\` (${where}).`);
  });

  it("documents every connection, trigger, data source and action with its inputs and example payload", () => {
    const c = component as unknown as Record<"actions" | "triggers" | "dataSources", Record<string, unknown>> & {
      connections: { key: string; inputs: { key: string }[] }[];
    };
    for (const conn of c.connections) {
      expect(made).toContain(`(\`${conn.key}\`)`);
      for (const input of conn.inputs) expect(made).toContain(` \`${input.key}\`<br>`);
    }
    for (const kind of ["actions", "triggers", "dataSources"] as const)
      for (const [key, block] of Object.entries(c[kind])) {
        const { display, inputs, examplePayload } = block as {
          display: { label: string };
          inputs: { key: string }[];
          examplePayload: unknown;
        };
        const start = made.indexOf(`### ${display.label} (\`${key}\`)`);
        expect([key, start]).not.toEqual([key, -1]);
        const section = made.slice(start, made.indexOf("\n### ", start + 1));
        for (const input of inputs) expect(section).toContain(` \`${input.key}\`<br>`);
        expect(section).toContain(JSON.stringify(examplePayload, null, 2));
      }
  });

  it("lists every typed error of src/errors.ts with its code", () => {
    const classes = errorClasses(errors);
    expect(classes).toContainEqual({ name: "ArgumentError", code: new ArgumentError("x", "y").code });
    expect(classes.length).toBeGreaterThanOrEqual(8);
    for (const { name, code } of classes) expect(made).toContain(`| \`${name}\` (\`${code}\`) |`);
  });

  it("carries the hand-written sections: tokens, mailboxes, throttling, lost answers, errors, the sandbox", () => {
    for (const heading of [
      "### Tokens",
      "## Mailboxes",
      "## Inputs",
      "## Throttling",
      "## Lost answers: exactly once",
      "## Errors",
      "## The Graph sandbox",
    ])
      expect(made).toContain(`\n${heading}\n`);
    expect(made).not.toMatch(/\{\{|<!--/);
  });
});

describe("the generator refuses", () => {
  it("an error class without its row in docs/partials/errors-table.md", () => {
    class SandboxError extends OutlookError {
      readonly code = "SandboxBroke";
    }
    expect(withDocs(() => {}, { ...errors, SandboxError })).toThrow(
      "docs/partials/errors-table.md has no row for SandboxError of src/errors.ts.",
    );
  });

  it("a row for an error class src/errors.ts lacks", () => {
    const run = withDocs((dir) => {
      const file = join(dir, "partials/errors-table.md");
      writeFileSync(file, readFileSync(file, "utf8") + "| GoneError | x | y | z |\n");
    });
    expect(run).toThrow("docs/partials/errors-table.md has a row for GoneError, which src/errors.ts lacks.");
  });

  it("a block's partial that names no block of the component", () => {
    const run = withDocs((dir) => writeFileSync(join(dir, "partials/actions/frobnicate.md"), "Old text.\n"));
    expect(run).toThrow("docs/partials/actions/frobnicate.md names no block of the component");
  });

  it("a missing partial, and a placeholder it does not make", () => {
    const include = withDocs((dir) => rmSync(join(dir, "partials/throttling.md")));
    expect(include).toThrow("docs/partials/throttling.md is missing");
    const unknown = withDocs((dir) => writeFileSync(join(dir, "template.md"), "# Title\n\n{{contacts}}\n"));
    expect(unknown).toThrow("docs/template.md names '{{contacts}}', which the generator does not make.");
  });

  it("nothing else: the same inputs make the same file", () => {
    expect(withDocs(() => {})()).toBe(made);
  });
});
