import { parseLenientJson } from "./lenientJson";
import { codeBlocks, type Annotation, type CodeBlock } from "./markdown";
import { parseRequest, parseResponse, type HttpRequest, type HttpResponse } from "./http";
import { GRAPH_ROOT, placeholderBody, placeholderUrl } from "./placeholders";
import type { SchemaTypes } from "./schema";
import { CONCEPTS_DIR, inServedSurface } from "./scope";
import { shapeOf } from "./shape";
import type { Example } from "./types";

/** Turns one reference page into test vectors: each v1.0 request example paired with the response that follows it. */

interface Pair {
  request: HttpRequest;
  annotation?: Annotation;
  response?: HttpResponse;
  responseAnnotation?: Annotation;
}

const HTTP_LANGS = new Set(["http", "msgraph-interactive", ""]);

/**
 * A response shown as a bare ```json block (some concept pages do) documents no status line; for
 * a GET it can only be 200.
 */
function bareJsonResponse(block: CodeBlock, current: Pair | undefined): HttpResponse | undefined {
  if (block.lang !== "json" || block.annotation?.blockType !== "response" || current?.request.method !== "GET") {
    return undefined;
  }
  return { status: 200, bodyText: block.text };
}

/** A body written as a separate ```json block right after its headers (as the batching page does). */
function withAdjacentBody(text: string, next: CodeBlock | undefined): string {
  if (!next || !next.adjacent || next.lang !== "json" || next.annotation) return text;
  return `${text.replace(/\s+$/, "")}\n\n${next.text}`;
}

function pairsOf(blocks: CodeBlock[]): Pair[] {
  const pairs: Pair[] = [];
  let current: Pair | undefined;
  blocks.forEach((block, i) => {
    const bare = bareJsonResponse(block, current);
    if (bare && !current!.response) {
      current!.response = bare;
      current!.responseAnnotation = block.annotation;
    }
    if (!HTTP_LANGS.has(block.lang)) return;
    const text = withAdjacentBody(block.text, blocks[i + 1]);
    const request = block.annotation?.blockType === "response" ? undefined : parseRequest(text);
    if (request) {
      current = { request, annotation: block.annotation };
      pairs.push(current);
      return;
    }
    const response = parseResponse(text);
    if (response && current && !current.response) {
      current.response = response;
      current.responseAnnotation = block.annotation;
    }
  });
  return pairs;
}

/** The page's permissions table says no application permission exists for the API. */
export function delegatedOnly(markdown: string): boolean {
  const row = /^\|\s*Application\s*\|([^|\n]*)\|/im.exec(markdown);
  return Boolean(row && /not supported/i.test(row[1]));
}

/** The success statuses the page's Response section states ("If successful, this method returns `201 Created`"). */
export function statedStatuses(markdown: string): number[] {
  const section = /^##\s+Response\s*$([\s\S]*?)^##\s/m.exec(markdown)?.[1] ?? "";
  const codes = new Set<number>();
  for (const line of section.split("\n").filter((l) => /success/i.test(l))) {
    for (const m of line.matchAll(/\b(2\d\d)\b/g)) codes.add(Number(m[1]));
  }
  return [...codes];
}

function bodyFields(request: HttpRequest, url: string): Pick<Example, "body" | "bodyText"> {
  if (!request.bodyText) return {};
  const parsed = parseLenientJson(request.bodyText);
  return parsed === undefined ? { bodyText: request.bodyText } : { body: placeholderBody(parsed, url) };
}

function responseType(annotation: Annotation | undefined): string | undefined {
  const type = annotation?.["@odata.type"];
  return typeof type === "string" && type ? type.replace(/^#?microsoft\.graph\./, "") : undefined;
}

interface PageFacts {
  file: string;
  resource: string;
  delegatedOnly: boolean;
  statedStatuses: number[];
  schema: SchemaTypes;
  /** Collects documented response properties the schema does not declare. */
  undeclared: string[];
}

function toExample(page: PageFacts, pair: Pair, index: number): Example {
  const { file, resource } = page;
  const pageName = file.slice(file.lastIndexOf("/") + 1).replace(/\.md$/, "");
  const name = typeof pair.annotation?.name === "string" ? pair.annotation.name : `${pageName}_${index + 1}`;
  const url = placeholderUrl(pair.request.url);
  const status = pair.response!.status;
  const stated = page.statedStatuses.filter((s) => s !== status);
  const example: Example = {
    id: `${pageName}#${name}`,
    file,
    name,
    resource,
    method: pair.request.method,
    url,
    ...(Object.keys(pair.request.headers).length ? { headers: pair.request.headers } : {}),
    ...bodyFields(pair.request, url),
    ...(page.delegatedOnly ? { delegatedOnly: true } : {}),
    status,
    ...(status < 300 && stated.length ? { statedStatuses: stated } : {}),
  };
  const type = responseType(pair.responseAnnotation);
  if (type) example.responseType = type;
  const { shape, undeclared } = shapeOf(pair.response!.bodyText, type, page.schema);
  if (shape) example.shape = shape;
  page.undeclared.push(...undeclared.map((p) => `${example.id}: ${p}`));
  return example;
}

export interface PageResult {
  examples: Example[];
  /** v1.0 requests the page shows without any response (they cannot be checked). */
  withoutResponse: string[];
  /** Documented response properties the v1.0 schema does not declare (left out of the shapes). */
  undeclared: string[];
}

export function examplesOfPage(file: string, markdown: string, resource: string, schema: SchemaTypes): PageResult {
  const pairs = pairsOf(codeBlocks(markdown)).filter((p) => p.request.url.startsWith(`${GRAPH_ROOT}/`));
  const concept = file.startsWith(`${CONCEPTS_DIR}/`);
  const undeclared: string[] = [];
  const facts: PageFacts = {
    file,
    resource,
    delegatedOnly: delegatedOnly(markdown),
    statedStatuses: statedStatuses(markdown),
    schema,
    undeclared,
  };
  const result: PageResult = { examples: [], withoutResponse: [], undeclared };
  pairs.forEach((pair, i) => {
    if (concept && !inServedSurface(placeholderUrl(pair.request.url))) return;
    if (!pair.response) result.withoutResponse.push(`${file}: ${pair.request.method} ${pair.request.url}`);
    else result.examples.push(toExample(facts, pair, i));
  });
  return result;
}
