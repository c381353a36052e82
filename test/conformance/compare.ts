import { jsonType } from "../../tools/graph-examples/http";
import type { Example, JsonType } from "../../tools/graph-examples/types";
import type { Answer } from "./client";
import { graphCode } from "./fixtures";
import { issueProblems } from "./issueChecks";

/**
 * Judges one answer against its example: the status (the example's, or one the page's text
 * states for success), then the shape: every documented property present with its JSON type
 * (null is accepted for any type, as Graph answers null for values that are not set).
 */

export type Cause =
  | "missing route"
  | "stricter than Graph"
  | "permission"
  | "wrong status"
  | "missing property"
  | "wrong type"
  | "no item to compare"
  | "wrong value"
  | "could not substitute";

export interface Verdict {
  statusOk: boolean;
  /** Undefined when the example documents no response properties. */
  shapeOk?: boolean;
  cause?: Cause;
  reason?: string;
}

/** How many items remain decides whether Graph adds a nextLink, so its absence is no fault. */
const DATA_DEPENDENT = new Set(["@odata.nextLink"]);

export function statusMatches(example: Example, status: number): boolean {
  return status === example.status || (example.statedStatuses ?? []).includes(status);
}

/**
 * Why a request that should have succeeded (or failed otherwise) got this answer. A 404 for a
 * path whose last segments are an operation or a cast (`mailFolders/delta`, `users/$count`)
 * means the server took the operation for an id: the route is missing.
 */
export function causeOfStatus(answer: Answer, url = ""): Cause {
  const message = (answer.json as { error?: { message?: string } } | undefined)?.error?.message ?? "";
  if (answer.status === 405 || /Resource not found for the segment|No endpoint at/i.test(message))
    return "missing route";
  const path = url.replace(/\?.*$/, "");
  if (answer.status === 404 && /\/(\$count|delta|microsoft\.graph\.[A-Za-z]+)(\/|$)/i.test(path))
    return "missing route";
  if (answer.status === 401 || answer.status === 403) return "permission";
  if (answer.status === 400) return "stricter than Graph";
  return "wrong status";
}

function propertyProblems(documented: Record<string, JsonType>, got: Record<string, unknown>, where: string) {
  const missing: string[] = [];
  const wrongType: string[] = [];
  for (const [name, type] of Object.entries(documented)) {
    if (DATA_DEPENDENT.has(name)) continue;
    if (name === "@odata.deltaLink" && "@odata.nextLink" in got) continue;
    if (!(name in got)) missing.push(`${where}${name}`);
    else if (type !== "null" && got[name] !== null && jsonType(got[name]) !== type) {
      wrongType.push(`${where}${name} is ${jsonType(got[name])}, not ${type}`);
    }
  }
  return { missing, wrongType };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function list(items: string[]): string {
  return items.length > 6 ? `${items.slice(0, 6).join(", ")} (+${items.length - 6})` : items.join(", ");
}

/** The shape verdict for a 2xx answer whose status matched. */
export function shapeVerdict(example: Example, answer: Answer): Pick<Verdict, "shapeOk" | "cause" | "reason"> {
  const shape = example.shape!;
  if (!isObject(answer.json))
    return { shapeOk: false, cause: "missing property", reason: "the body is not a JSON object" };
  const top = propertyProblems(shape.top, answer.json, "");
  const missing = [...top.missing];
  const wrongType = [...top.wrongType];
  if (shape.item) {
    const value = answer.json.value;
    const first = Array.isArray(value) ? value[0] : undefined;
    if (!isObject(first)) {
      if (!missing.length && !wrongType.length) {
        return { shapeOk: false, cause: "no item to compare", reason: "the collection came back empty" };
      }
    } else {
      const item = propertyProblems(shape.item, first, "value[0].");
      missing.push(...item.missing);
      wrongType.push(...item.wrongType);
    }
  }
  if (missing.length) return { shapeOk: false, cause: "missing property", reason: `missing ${list(missing)}` };
  if (wrongType.length) return { shapeOk: false, cause: "wrong type", reason: list(wrongType) };
  return { shapeOk: true };
}

export function judge(example: Example, answer: Answer): Verdict {
  const statusOk = statusMatches(example, answer.status);
  const documentedShape = example.shape !== undefined;
  if (!statusOk) {
    const reason = `got ${answer.status}${graphCode(answer)}`;
    const cause = causeOfStatus(answer, example.url);
    return { statusOk, shapeOk: documentedShape ? false : undefined, cause, reason };
  }
  if (!documentedShape) return { statusOk };
  const shape = shapeVerdict(example, answer);
  const problems = shape.shapeOk ? issueProblems(example, answer) : [];
  if (problems.length) return { statusOk, shapeOk: false, cause: "wrong value", reason: problems.join("; ") };
  return { statusOk, ...shape };
}
