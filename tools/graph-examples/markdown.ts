import { parseLenientJson } from "./lenientJson";

/**
 * Reads a reference page's code blocks with the annotation that precedes each: the pages mark
 * examples with `<!-- { "blockType": "request", "name": ... } -->` before the request block and
 * `<!-- { "blockType": "response", "@odata.type": ... } -->` before the response block.
 */

export interface Annotation {
  blockType?: string;
  name?: string;
  "@odata.type"?: string;
  [key: string]: unknown;
}

export interface CodeBlock {
  lang: string;
  text: string;
  annotation?: Annotation;
  /** Only blank lines separate this block from the previous one (a body split from its headers). */
  adjacent: boolean;
}

const FENCE_OPEN = /^\s{0,3}```\s*([A-Za-z-]*)\s*$/;
const FENCE_CLOSE = /^\s{0,3}```\s*$/;

function readAnnotation(lines: string[], start: number): { annotation?: Annotation; end: number } {
  let end = start;
  while (end < lines.length && !lines[end].includes("-->")) end++;
  const text = lines
    .slice(start, end + 1)
    .join("\n")
    .replace(/^\s*<!--/, "")
    .replace(/-->[\s\S]*$/, "");
  const parsed = parseLenientJson(text);
  const annotation =
    parsed && typeof parsed === "object" && !Array.isArray(parsed) && "blockType" in parsed
      ? (parsed as Annotation)
      : undefined;
  return { annotation, end };
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let pending: Annotation | undefined;
  let onlyBlankSinceLastBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimStart().startsWith("<!--")) {
      const { annotation, end } = readAnnotation(lines, i);
      if (annotation) pending = annotation;
      i = end;
      onlyBlankSinceLastBlock = false;
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (!open) {
      if (line.trim()) onlyBlankSinceLastBlock = false;
      continue;
    }
    let close = i + 1;
    while (close < lines.length && !FENCE_CLOSE.test(lines[close])) close++;
    blocks.push({
      lang: open[1].toLowerCase(),
      text: lines.slice(i + 1, close).join("\n"),
      annotation: pending,
      adjacent: onlyBlankSinceLastBlock,
    });
    pending = undefined;
    onlyBlankSinceLastBlock = true;
    i = close;
  }
  return blocks;
}
