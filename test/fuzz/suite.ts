import { CaseFixtures } from "./baseline";
import { planCases, type PlanOptions } from "./plan";
import { Runner, type CaseResult } from "./run";
import { subscriptionRecords } from "./secrets";
import { snapshot } from "./snapshot";
import { add, newTally, type Tally } from "./tally";
import { targetsOf, type Target } from "./targets";
import { payloadCases, runPayloadCase, type PayloadCase, type Subscribed } from "./triggers";
import type { World } from "./world";

/**
 * A whole fuzz run: every target's baseline first (each must succeed, or nothing it finds can be
 * trusted), then the planned cases, then hostile requests to the webhook triggers.
 */

/** The CI subset: this seed, and this many values per input besides the known failures. */
export const DEFAULT_SEED = 20261123;
export const DEFAULT_PER_INPUT = 5;

export interface FuzzOptions extends PlanOptions {
  /** Called after each case with the count done and the total. */
  progress?: (done: number, total: number) => void;
}

export interface FuzzRun {
  tally: Tally;
  /** Every failing case, for a closer look (npm run fuzz -- --out FILE writes them as JSON lines). */
  failing: CaseResult[];
  /** Targets whose baseline did not succeed, with the reason. */
  baselineFailures: string[];
  targets: Target[];
}

async function calibrate(runner: Runner): Promise<string[]> {
  const failures: string[] = [];
  for (const target of runner.targets) {
    const error = await runner.calibrate(target);
    if (error) failures.push(`${target.name}: ${(error as Error).message ?? String(error)}`);
  }
  return failures;
}

/** Deploys a self-managing webhook trigger, so requests can name a real subscription and its secret. */
async function subscribed(runner: Runner): Promise<Subscribed | undefined> {
  const deployable = runner.targets.find((t) => t.kind === "trigger" && t.entry === "deploy");
  if (!deployable) return undefined;
  const cf = new CaseFixtures(runner.fixtures, deployable, "");
  const run = await runner.execute(deployable, runner.params(undefined, undefined, cf));
  const state = run.context.crossFlowState as Record<string, unknown>;
  const records = subscriptionRecords(state);
  if (run.error || !records.length) return undefined;
  const messageId = runner.fixtures.message("received").id;
  return { state, id: records[0].id, clientState: records[0].clientState, messageId, base: snapshot(runner.world.sb) };
}

export async function fuzz(world: World, options: FuzzOptions): Promise<FuzzRun> {
  const targets = targetsOf(world.component);
  const runner = new Runner(world, targets);
  runner.freeze();
  const baselineFailures = await calibrate(runner);
  const cases = planCases(targets, options);
  const tally = newTally();
  const failing: CaseResult[] = [];
  const record = (r: CaseResult) => {
    add(tally, r);
    if (r.outcome === "failed") failing.push(r);
  };
  const subscription = await subscribed(runner);
  const requests: PayloadCase[] = subscription
    ? targets.filter((t) => t.kind === "trigger" && !t.isPolling).flatMap((t) => payloadCases(t, subscription))
    : [];
  runner.reset();
  const total = cases.length + requests.length;
  for (const [i, k] of cases.entries()) {
    record(await runner.run(k));
    options.progress?.(i + 1, total);
  }
  if (subscription) {
    runner.reset(subscription.base);
    for (const [i, pc] of requests.entries()) {
      record(await runPayloadCase(runner, pc, subscription));
      options.progress?.(cases.length + i + 1, total);
    }
    runner.reset();
  } else baselineFailures.push("no self-managing webhook trigger could be deployed to fuzz requests against");
  return { tally, failing, baselineFailures, targets };
}
