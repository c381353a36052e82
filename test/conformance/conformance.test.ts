import { readFileSync } from "node:fs";
import { join } from "node:path";
import { figures, formatReport, type Tally } from "./report";
import { loadExamples, loadIssueExamples, runConformance, type Outcome } from "./runner";

/**
 * Graph's own API reference, replayed against the sandbox: every documented v1.0 request example
 * of the resources it serves (test/conformance/examples.json, written by
 * tools/extract-graph-examples.ts), prepared, sent over HTTP and judged on status and shape.
 * The figures may not fall under threshold.json, which only ever goes up: raise it whenever the
 * sandbox does better (`npm run conformance` prints the full table and every mismatch).
 */

interface Threshold {
  status: Tally;
  shape: Tally;
}

const threshold = JSON.parse(readFileSync(join(__dirname, "threshold.json"), "utf8")) as Threshold;

/** matched/total >= floor.matched/floor.total, in integers. */
const atLeast = (got: Tally, floor: Tally) => got.matched * floor.total >= floor.matched * got.total;

let outcomes: Outcome[];
let issueOutcomes: Outcome[];
beforeAll(async () => {
  const extracted = loadExamples();
  const all = await runConformance([...extracted, ...loadIssueExamples()]);
  outcomes = all.slice(0, extracted.length);
  issueOutcomes = all.slice(extracted.length);
}, 90000);

it("replays every extracted example (at least 130 of them)", () => {
  expect(outcomes.length).toBe(loadExamples().length);
  expect(outcomes.length).toBeGreaterThanOrEqual(130);
});

it.each(["status", "shape"] as const)("keeps the %s figure at or above threshold.json", (figure) => {
  const got = figures(outcomes)[figure];
  if (!atLeast(got, threshold[figure])) {
    const floor = `${threshold[figure].matched}/${threshold[figure].total}`;
    throw new Error(`${figure} matched ${got.matched}/${got.total}, under ${floor}\n\n${formatReport(outcomes)}`);
  }
  expect(atLeast(got, threshold[figure])).toBe(true);
});

it("passes every vector written from issue 12 (what the extracted reference lacks)", () => {
  expect(issueOutcomes.length).toBeGreaterThanOrEqual(15);
  const failed = issueOutcomes.filter((o) => !o.statusOk || o.shapeOk === false);
  expect(failed.map((o) => `${o.example.id}: got ${o.got ?? "-"}: ${o.reason ?? ""}`)).toEqual([]);
});
