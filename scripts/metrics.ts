import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ESLint } from "eslint";
import ts from "typescript";

/**
 * `npm run metrics`: the house-keeping figures a reviewer can rerun. Lines over 120 columns in the code
 * folders, Graph path literals spelled outside the endpoint catalogue (src/graph/), and the largest
 * function in src/ and sandbox/, counted as ESLint's max-lines-per-function counts (no blank or comment lines)
 * and as the whole span.
 */

const ROOT = join(__dirname, "..");
const WIDTH = 120;
const CODE_FOLDERS = ["src", "sandbox", "test", "cli", "scripts", "tools", "bench"];

function codeFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...codeFiles(path));
    else if (/\.(ts|js|mjs)$/.test(entry.name)) out.push(path);
  }
  return out;
}

function linesOverWidth(files: string[]): number {
  return files.reduce(
    (n, f) =>
      n +
      readFileSync(join(ROOT, f), "utf8")
        .split("\n")
        .filter((l) => l.length > WIDTH).length,
    0,
  );
}

interface FunctionSize {
  where: string;
  span: number;
  code: number;
}

/** Lines of a function that hold code: neither blank nor only a comment. */
function codeLines(text: string): number {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  return withoutComments.split("\n").filter((l) => l.trim() !== "").length;
}

function functionSizes(file: string): FunctionSize[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const sizes: FunctionSize[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      sizes.push({ where: `${file}:${start + 1}`, span: end - start + 1, code: codeLines(node.getText(source)) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sizes;
}

function largest(files: string[]): FunctionSize {
  return files.flatMap(functionSizes).reduce((a, b) => (b.code > a.code ? b : a), { where: "-", span: 0, code: 0 });
}

/** Reports of the catalogue rule (a Graph-path-like literal outside src/graph/), from the project's ESLint config. */
async function graphPathLiterals(): Promise<number> {
  const results = await new ESLint({ cwd: ROOT }).lintFiles(["src/**/*.ts"]);
  return results
    .filter((r) => !relative(ROOT, r.filePath).startsWith(join("src", "graph")))
    .flatMap((r) => r.messages)
    .filter((m) => m.ruleId === "no-restricted-syntax" && /Graph paths/.test(m.message)).length;
}

async function main(): Promise<void> {
  const byFolder = Object.fromEntries(CODE_FOLDERS.map((f) => [f, linesOverWidth(codeFiles(f))]));
  const src = largest(codeFiles("src"));
  const sandbox = largest(codeFiles("sandbox"));
  const figures = {
    linesOverWidth: byFolder,
    graphPathLiteralsOutsideCatalogue: await graphPathLiterals(),
    largestFunction: { src, sandbox },
  };
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
