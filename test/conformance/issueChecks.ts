import type { Example } from "../../tools/graph-examples/types";
import type { Answer } from "./client";

/**
 * Vectors written from issue 12 (test/conformance/issue-examples.json) check more than the
 * reference's examples can: properties that must be absent (`$select` leaving contentBytes out),
 * values by path (an error's code, a body's contentType), patterns (an immutable id's prefix),
 * answer headers (`Preference-Applied`, `Retry-After`), and a fault to meet (a throttled request).
 */
export interface IssueExample extends Example {
  /** Top-level properties the answer must not have. */
  absent?: string[];
  /** Values by dotted path ("error.code"), matched as regular expressions against the value as a string. */
  patterns?: Record<string, string>;
  /** Answer headers, matched as regular expressions. */
  expectHeaders?: Record<string, string>;
  /** A fault the sandbox meets the request with: "throttle" (the next request gets 429). */
  fault?: "throttle";
}

/** The value at a dotted path; a key that itself holds dots ("@odata.nextLink") is taken whole. */
function at(value: unknown, path: string): unknown {
  if (!value || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  if (path in record) return record[path];
  const dot = path.indexOf(".");
  return dot < 0 ? undefined : at(record[path.slice(0, dot)], path.slice(dot + 1));
}

/** What an answer gets wrong against an issue vector's own checks (empty when nothing). */
export function issueProblems(example: IssueExample, answer: Answer): string[] {
  const problems: string[] = [];
  const json = answer.json as Record<string, unknown> | undefined;
  for (const name of example.absent ?? []) if (json && name in json) problems.push(`${name} should be absent`);
  for (const [path, pattern] of Object.entries(example.patterns ?? {})) {
    const v = at(json, path);
    if (v === undefined || !new RegExp(pattern).test(String(v)))
      problems.push(`${path} is ${String(v)}, not /${pattern}/`);
  }
  for (const [name, pattern] of Object.entries(example.expectHeaders ?? {})) {
    const v = answer.headers.get(name);
    if (v === null || !new RegExp(pattern).test(v)) problems.push(`header ${name} is ${String(v)}, not /${pattern}/`);
  }
  return problems;
}
