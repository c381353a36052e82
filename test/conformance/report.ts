import type { Cause } from "./compare";
import type { Outcome } from "./runner";

/** Figures and the printed table of a conformance run. */

export interface Tally {
  matched: number;
  total: number;
}

export interface Figures {
  examples: number;
  status: Tally;
  shape: Tally;
}

export function figures(outcomes: Outcome[]): Figures {
  const withShape = outcomes.filter((o) => o.shapeOk !== undefined);
  return {
    examples: outcomes.length,
    status: { matched: outcomes.filter((o) => o.statusOk).length, total: outcomes.length },
    shape: { matched: withShape.filter((o) => o.shapeOk).length, total: withShape.length },
  };
}

export const ratio = (t: Tally): number => (t.total ? t.matched / t.total : 1);
const percent = (t: Tally) => `${t.matched}/${t.total} (${(ratio(t) * 100).toFixed(1)}%)`;

function perResource(outcomes: Outcome[]): string[] {
  const resources = [...new Set(outcomes.map((o) => o.example.resource))].sort();
  const width = Math.max(...resources.map((r) => r.length), 8);
  const rows = resources.map((resource) => {
    const f = figures(outcomes.filter((o) => o.example.resource === resource));
    return `${resource.padEnd(width)}  ${percent(f.status).padEnd(18)}  ${f.shape.total ? percent(f.shape) : "-"}`;
  });
  return [`${"resource".padEnd(width)}  ${"status".padEnd(18)}  shape`, ...rows];
}

const CAUSE_ORDER: Cause[] = [
  "missing route",
  "stricter than Graph",
  "wrong status",
  "permission",
  "missing property",
  "wrong type",
  "no item to compare",
  "wrong value",
  "could not substitute",
];

function mismatches(outcomes: Outcome[]): string[] {
  const failed = outcomes.filter((o) => !o.statusOk || o.shapeOk === false);
  const lines: string[] = [];
  for (const cause of CAUSE_ORDER) {
    const group = failed.filter((o) => o.cause === cause);
    if (!group.length) continue;
    lines.push("", `${cause} (${group.length}):`);
    for (const o of group) {
      const e = o.example;
      const expected = [e.status, ...(e.statedStatuses ?? [])].join("|");
      lines.push(`  ${e.id}: ${e.method} ${e.url} expected ${expected}, got ${o.got ?? "-"}: ${o.reason ?? ""}`);
    }
  }
  return lines;
}

export function formatReport(outcomes: Outcome[]): string {
  const f = figures(outcomes);
  return [
    `Graph reference examples replayed against the sandbox: ${f.examples}`,
    `status matched: ${percent(f.status)}`,
    `shape matched:  ${percent(f.shape)}`,
    "",
    ...perResource(outcomes),
    "",
    "mismatches by cause:",
    ...mismatches(outcomes),
  ].join("\n");
}
