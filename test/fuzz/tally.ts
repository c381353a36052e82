import type { FailureClass } from "./judge";
import type { CaseResult } from "./run";

/**
 * The counts a fuzz run prints: cases, ok, typed, and every class of failure, overall and for each
 * target input where it is not zero, with one reproducible example each (target, input, value,
 * what happened).
 */

export const FAILURE_CLASSES: { cls: FailureClass; label: string }[] = [
  { cls: "untyped", label: "untyped" },
  { cls: "wrongBlame", label: "typed, wrong input blamed" },
  { cls: "requestsBeforeFailing", label: "requests sent before failing" },
  { cls: "stateLeftBehind", label: "state left behind" },
  { cls: "acceptedWrongly", label: "accepted wrongly" },
  { cls: "wrongResult", label: "wrong-set sends or wrong result sets" },
  { cls: "wrongPath", label: "wrong request path" },
  { cls: "graphErrorLost", label: "Graph's error lost" },
  { cls: "triggerMisbehaved", label: "trigger answered a request wrongly" },
  { cls: "secret", label: "secrets found" },
];

export interface Example {
  target: string;
  input: string;
  value: string;
  detail: string;
}

export interface Tally {
  cases: number;
  ok: number;
  typed: number;
  failed: number;
  counts: Record<FailureClass, number>;
  /** "target input" → cases run on it. */
  perInput: Map<string, number>;
  /** "target input" → class → cases. */
  byInput: Map<string, Partial<Record<FailureClass, number>>>;
  /** "class|target input" → the first example. */
  examples: Map<string, Example>;
}

export function newTally(): Tally {
  return {
    cases: 0,
    ok: 0,
    typed: 0,
    failed: 0,
    counts: Object.fromEntries(FAILURE_CLASSES.map((c) => [c.cls, 0])) as Record<FailureClass, number>,
    perInput: new Map(),
    byInput: new Map(),
    examples: new Map(),
  };
}

export function add(tally: Tally, r: CaseResult): void {
  tally.cases++;
  tally[r.outcome === "ok" ? "ok" : r.outcome === "typed" ? "typed" : "failed"]++;
  const where = `${r.target} ${r.input}`;
  tally.perInput.set(where, (tally.perInput.get(where) ?? 0) + 1);
  for (const cls of new Set(r.failures.map((f) => f.cls))) {
    tally.counts[cls]++;
    const row = tally.byInput.get(where) ?? {};
    row[cls] = (row[cls] ?? 0) + 1;
    tally.byInput.set(where, row);
    const key = `${cls}|${where}`;
    if (!tally.examples.has(key)) {
      const detail = r.failures.find((f) => f.cls === cls)!.detail;
      tally.examples.set(key, { target: r.target, input: r.input, value: r.value, detail });
    }
  }
}

export function format(tally: Tally, title: string): string {
  const lines = [
    `${title}: ${tally.cases} cases, ${tally.ok} ok, ${tally.typed} typed errors, ${tally.failed} failing`,
    ...FAILURE_CLASSES.map((c) => `  ${c.label}: ${tally.counts[c.cls]}`),
  ];
  for (const { cls, label } of FAILURE_CLASSES) {
    const rows = [...tally.byInput].filter(([, row]) => row[cls]);
    if (!rows.length) continue;
    lines.push(`\n${label} (${tally.counts[cls]} cases, ${rows.length} inputs):`);
    for (const [where, row] of rows) {
      const e = tally.examples.get(`${cls}|${where}`)!;
      lines.push(`  ${where}: ${row[cls]} — e.g. ${JSON.stringify(e.value)}: ${e.detail}`);
    }
  }
  return lines.join("\n");
}

/** The failing cases of one class: how many, and one example per input (at most `limit`). */
export function failuresOf(tally: Tally, cls: FailureClass, limit = 15): { cases: number; inputs: string[] } {
  const inputs = [...tally.byInput]
    .filter(([, row]) => row[cls])
    .map(([where]) => {
      const e = tally.examples.get(`${cls}|${where}`)!;
      return `${where} ← ${JSON.stringify(e.value)}: ${e.detail.slice(0, 140)}`;
    });
  return { cases: tally.counts[cls], inputs: inputs.slice(0, limit) };
}
