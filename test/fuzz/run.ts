import type { RequestRecord } from "../../sandbox";
import { baselineFields, baselineParams, CaseFixtures, connectionValue, FIXTURE_IDS } from "./baseline";
import { Fixtures, type FixtureNames } from "./fixtures";
import { judge, type Failure } from "./judge";
import { listedIds } from "./oracles";
import { subscriptionRecords } from "./secrets";
import type { Case } from "./plan";
import { diff, restore, snapshot, type Diff, type Snapshot } from "./snapshot";
import { flowContext, invoke, probeAction, type Context, type Target } from "./targets";
import type { World } from "./world";

/**
 * Runs cases against the sandbox, one at a time: fixtures for the baseline, the action (or trigger,
 * or a connection through the probe action) with one hostile value, then what the sandbox saw and
 * holds, judged; afterwards the store goes back to its state before the first case.
 */

export const CASE_TIMEOUT_MS = 10_000;

export interface CaseResult {
  target: string;
  input: string;
  value: string;
  outcome: "ok" | "typed" | "failed";
  failures: Failure[];
}

/** What a target's baseline run showed: the listing it reads, and which id inputs travel in the path. */
export interface Calibration {
  /** The listing path, when the target returns a listing (a page of items or an array). */
  listPath?: string;
  queryFolderId?: string;
  idsInPath: Set<string>;
}

export interface Run {
  result?: unknown;
  error?: unknown;
  hung?: boolean;
  requests: RequestRecord[];
  diff: Diff;
  logs: string[];
  context: Context;
  /** What failed outside the run's own promise while it ran (e.g. the sandbox, on the request it got). */
  crashes: string[];
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | typeof HUNG> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof HUNG>((resolve) => (timer = setTimeout(() => resolve(HUNG), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
const HUNG = Symbol("hung");

/** Actions Graph offers to signed-in users only (app-only connections are refused before any request). */
const DELEGATED_ONLY = new Set(["translateExchangeIds"]);

export class Runner {
  readonly fixtures: Fixtures;
  readonly probe: Target;
  readonly calibrations = new Map<string, Calibration>();
  private readonly appOnly: Target;
  private readonly delegated: Target;
  private readonly fields = new Map<string, Record<string, unknown>>();
  private pristine?: Snapshot;

  constructor(
    readonly world: World,
    readonly targets: Target[],
    /** What fixtures are called (example payloads give them names a reader recognises). */
    names?: FixtureNames,
  ) {
    this.fixtures = new Fixtures(world.sb, world.hookUrl, world.secrets, names);
    this.probe = probeAction(targets);
    const connections = targets.filter((t) => t.kind === "connection");
    this.appOnly = connections.find((t) => t.oauth2Type === "client_credentials") ?? connections[0];
    this.delegated = connections.find((t) => t.oauth2Type === "authorization_code") ?? this.appOnly;
  }

  /** The store as every case starts from it. */
  freeze(): void {
    this.pristine = snapshot(this.world.sb);
  }

  fieldsOf(target: Target): Record<string, unknown> {
    if (!this.fields.has(target.key)) this.fields.set(target.key, baselineFields(this.world, target));
    return { ...this.fields.get(target.key) };
  }

  /** The action or trigger a case runs: connections run through the probe action. */
  subject(target: Target): Target {
    return target.kind === "connection" ? this.probe : target;
  }

  /** Params for a case: baseline everywhere, the hostile value in its input (or connection field). */
  params(k: Case | undefined, value: unknown, cf: CaseFixtures): Record<string, unknown> {
    const params = baselineParams(cf, this.world);
    if (k?.target.kind === "connection") {
      const fields = this.fieldsOf(k.target);
      fields[k.input.key] = value;
      params.connection = connectionValue(this.world, k.target, fields);
      return params;
    }
    const connection = k?.hostile.delegated || DELEGATED_ONLY.has(cf.target.key) ? this.delegated : this.appOnly;
    params.connection = connectionValue(this.world, connection, this.fieldsOf(connection));
    if (!k) return params;
    params[k.input.key] = value;
    for (const [key, v] of Object.entries(k.hostile.alongside ?? {}))
      if (cf.target.inputs.some((i) => i.key === key)) params[key] = v;
    return params;
  }

  /** Runs a target once with these params and records what happened. */
  execute(target: Target, params: Record<string, unknown>): Promise<Run> {
    return this.observe((context) => invoke(this.world, target, params, context));
  }

  /** Runs `call` with a fresh flow context (adjusted by `prepare`) and records what happened. */
  async observe(call: (context: Context) => Promise<unknown>, prepare?: (context: Context) => void): Promise<Run> {
    const { sb } = this.world;
    const logs: string[] = [];
    const context = flowContext(this.world, logs);
    prepare?.(context);
    const before = snapshot(sb);
    const mark = sb.requests.length;
    const crashMark = this.world.crashes.length;
    const run: Partial<Run> = { logs, context };
    try {
      const answer = await withTimeout(call(context), CASE_TIMEOUT_MS);
      if (answer === HUNG) run.hung = true;
      else run.result = answer;
    } catch (e) {
      run.error = e;
    }
    run.requests = sb.requests.slice(mark);
    run.crashes = this.world.crashes.slice(crashMark);
    run.diff = diff(before, sb);
    this.harvestSecrets(run.diff, context);
    return run as Run;
  }

  /** clientState values made during a run become secrets the scan looks for. */
  private harvestSecrets(d: Diff, context: Context): void {
    for (const c of d.created)
      if (c.kind === "subscription") this.world.secrets.add("clientState", c.object.clientState);
    for (const r of subscriptionRecords(context.crossFlowState)) this.world.secrets.add("clientState", r.clientState);
  }

  /** Puts the store back as it was before the first case (or at `to`). */
  reset(to = this.pristine): void {
    if (to) restore(this.world.sb, to);
  }

  /** Runs a target's baseline and records what its requests show; the error if the baseline fails. */
  async calibrate(target: Target): Promise<unknown> {
    const subject = this.subject(target);
    const cf = new CaseFixtures(this.fixtures, subject, "");
    const params = this.params(undefined, undefined, cf);
    if (target.kind === "connection") params.connection = connectionValue(this.world, target, this.fieldsOf(target));
    const run = await this.execute(subject, params);
    this.reset();
    if (run.error || run.hung) return run.error ?? new Error(`${target.name} did not answer`);
    const folder = cf.peek<{ id: string }>("queryFolder")?.id;
    const gets = run.requests.filter((r) => r.kind === "graph" && r.method === "GET");
    const listing = gets.find((r) => folder && r.path.includes(encodeURIComponent(folder))) ?? gets[0];
    const idsInPath = new Set<string>();
    for (const input of subject.inputs) {
      if (!FIXTURE_IDS[input.key]) continue;
      const id = String(params[input.key]);
      if (run.requests.some((r) => r.kind === "graph" && r.path.split("/").includes(encodeURIComponent(id))))
        idsInPath.add(input.key);
    }
    const listed = listedIds(run.result as { data?: unknown }) !== undefined;
    this.calibrations.set(subject.key, {
      listPath: listed ? listing?.path : undefined,
      queryFolderId: folder,
      idsInPath,
    });
    return undefined;
  }

  async run(k: Case): Promise<CaseResult> {
    const subject = this.subject(k.target);
    const cf = new CaseFixtures(this.fixtures, subject, k.target.kind === "connection" ? "" : k.input.key);
    const value = k.hostile.make();
    const params = this.params(k, value, cf);
    const run = await this.execute(subject, params);
    const failures = await judge(this.world, k, value, run, cf, this.calibrations.get(subject.key));
    this.reset();
    const outcome = failures.length ? "failed" : run.error ? "typed" : "ok";
    return { target: k.target.name, input: k.input.key, value: k.hostile.name, outcome, failures };
  }
}
