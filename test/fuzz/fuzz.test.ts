import { USERS } from "../../sandbox";
import { ArgumentError } from "../../src/errors";
import { baselineParams, CaseFixtures } from "./baseline";
import { CATALOGUE } from "./catalogue";
import { Fixtures } from "./fixtures";
import { blames } from "./judge";
import { recipientsProblem, tokenOutsideGraph } from "./oracles";
import { planCases, NoOracleError, type Case } from "./plan";
import { Secrets } from "./secrets";
import { diff, restore, snapshot } from "./snapshot";
import { DEFAULT_PER_INPUT, DEFAULT_SEED, fuzz, type FuzzRun } from "./suite";
import { FAILURE_CLASSES, failuresOf, format } from "./tally";
import type { Target } from "./targets";
import { startWorld, type World } from "./world";

/**
 * The fuzz suite, driven by the component definition: every action, trigger and connection input
 * gets hostile values (the CI subset here, seeded; FUZZ_FULL=1 for every value), and the component
 * must answer each with a typed error naming the input or a success that does exactly what was
 * typed, without Graph requests for values that show they are wrong, without leftovers and
 * without secrets. The "none" tests below fail until the component is fixed; their output lists
 * one reproducible example per input.
 */

const FULL = process.env.FUZZ_FULL === "1";
const SEED = DEFAULT_SEED;
const PER_INPUT = DEFAULT_PER_INPUT;

let world: World;
let run: FuzzRun;

beforeAll(
  async () => {
    world = await startWorld();
    run = await fuzz(world, { full: FULL, seed: SEED, perInput: PER_INPUT });
    console.log(format(run.tally, FULL ? "fuzz, full run" : `fuzz, CI subset (seed ${SEED})`));
  },
  FULL ? 3_600_000 : 170_000,
);
afterAll(() => world?.stop());

describe("the fuzz suite", () => {
  it("runs a succeeding baseline for every action, trigger and connection", () => {
    expect(run.baselineFailures).toEqual([]);
    expect(run.targets.filter((t) => t.kind === "action").length).toBe(Object.keys(world.component.actions).length);
  });

  it("gives every input of every target several hostile values", () => {
    const inputs = run.targets.flatMap((t) =>
      t.inputs.filter((i) => !i.templateValue).map((i) => `${t.name} ${i.key}`),
    );
    const thin = inputs.filter((where) => (run.tally.perInput.get(where) ?? 0) < 3);
    expect(inputs.length).toBeGreaterThan(400);
    expect(thin).toEqual([]);
    expect(run.tally.cases).toBeGreaterThan(FULL ? 20_000 : 2_000);
  });

  it("fails a new required input it cannot make a baseline for, and an address input it cannot check", () => {
    const widget: Target = {
      kind: "action",
      key: "frobnicateWidget",
      name: "action frobnicateWidget",
      label: "Frobnicate Widget",
      description: "",
      inputs: [{ key: "widgetId", type: "string", required: true }],
    };
    expect(() => baselineParams(new CaseFixtures(undefined as never, widget, ""), world)).toThrow(
      "no baseline for frobnicateWidget.widgetId",
    );
    const notify = { ...widget, inputs: [{ key: "notify", type: "string", comments: "Addresses to tell." }] };
    expect(() => planCases([notify], { full: true, seed: 1, perInput: 1 })).toThrow(NoOracleError);
  });

  it("sees what its oracles look for when it is planted", () => {
    const secrets = new Secrets();
    secrets.add("client secret", "planted-secret-value");
    expect(secrets.find("error: planted-secret-value")).toEqual(["client secret"]);
    expect(secrets.find("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmNkZWYifQ.c2lnbmF0dXJl")).toEqual(["token-shaped text"]);
    const sent = {
      created: [
        { kind: "message" as const, object: { toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] } },
      ],
      changed: [],
      settingsChanged: [],
    };
    expect(recipientsProblem("to", [USERS.alex.upn, USERS.megan.upn], sent, undefined)).toMatch(/recipients were/);
    expect(recipientsProblem("to", [USERS.alex.upn.toUpperCase()], sent, undefined)).toBeUndefined();
    const request = { method: "GET", path: "/fuzz-outside", query: "", authorization: true } as never;
    expect(tokenOutsideGraph([request])).toMatch(/token went to GET \/fuzz-outside/);
    const before = snapshot(world.sb);
    new Fixtures(world.sb, world.hookUrl, world.secrets).folder(false);
    expect(diff(before, world.sb).created.map((c) => c.kind)).toEqual(["folder"]);
    restore(world.sb, before);
    expect(diff(before, world.sb).created).toEqual([]);
    const k = { target: run.targets[0], input: { key: "to" }, role: "addresses", hostile: CATALOGUE[0] } as Case;
    expect(blames(new ArgumentError("to", "bad"), k)).toBe(true);
    expect(blames(new ArgumentError("cc", "bad"), k)).toBe(false);
  });
});

describe("the component under hostile values", () => {
  it.each(FAILURE_CLASSES)("$label: none", ({ cls }) => {
    expect(failuresOf(run.tally, cls)).toEqual({ cases: 0, inputs: [] });
  });
});
