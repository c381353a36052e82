import component from "../../src";
import { blocks } from "../../cli/catalog";
import { errorOf, runner } from "./support";

/** `outlook list` and `outlook describe`: the component's own definition, nothing hand-written. */

const definition = component as unknown as {
  actions: Record<string, { inputs: { key: string; type: string }[] }>;
  triggers: Record<string, { inputs: { key: string }[] }>;
  connections: { key: string }[];
};
const actionKeys = Object.keys(definition.actions);

it("lists every action, trigger and connection of the component, with each input", async () => {
  const { code, stdout, stderr } = await runner(["list"]);
  expect(code).toBe(0);
  expect(stderr).toBe("");
  expect(actionKeys.length).toBeGreaterThan(50);
  const listed = new Set(stdout.split("\n").map((l) => /^ {2}(\w+) {2}/.exec(l)?.[1]));
  for (const key of [...actionKeys, ...Object.keys(definition.triggers), ...definition.connections.map((c) => c.key)])
    expect(listed).toContain(key);
  expect(stdout).toMatch(/^Actions \(.*\): (\d+)$/m);
  expect(Number(/^Actions \(.*\): (\d+)$/m.exec(stdout)![1])).toBe(actionKeys.length);
  // sendMessage's inputs, each with its type, whether it is required, its default and comments.
  expect(stdout).toMatch(/^ {6}--to <string>, required {2}To: Addresses separated by ',' or ';'/m);
  expect(stdout).toMatch(
    /^ {6}--importance <string>, optional, default "normal", one of low\|normal\|high {2}Importance$/m,
  );
  expect(stdout).toMatch(/^ {6}--attachments <data keyvaluelist>, optional {2}Attachments: /m);
});

it("lists as JSON what the component declares, input for input", async () => {
  const { code, stdout } = await runner(["list", "--json"]);
  expect(code).toBe(0);
  const listed = JSON.parse(stdout) as { kind: string; key: string; inputs: { key: string; required: boolean }[] }[];
  const actions = listed.filter((b) => b.kind === "action");
  expect(actions.map((a) => a.key)).toEqual(actionKeys);
  for (const a of actions)
    expect(a.inputs.map((i) => i.key)).toEqual(definition.actions[a.key].inputs.map((i) => i.key));
  expect(listed.filter((b) => b.kind === "trigger").map((t) => t.key)).toEqual(Object.keys(definition.triggers));
});

it("describes one block in full, with an example command line", async () => {
  const { code, stdout } = await runner(["describe", "mailWebhook"]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Trigger mailWebhook: /);
  expect(stdout).toMatch(/Makes its own subscriptions when deployed/);
  expect(stdout).toMatch(/^ {2}--folderId <string>, optional, default "inbox"/m);
  expect(stdout).toMatch(/^Example: outlook listen mailWebhook$/m);
});

it("describes an action for run <action> --help", async () => {
  const { code, stdout } = await runner(["run", "sendMessage", "--help"]);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Action sendMessage: Send Message\n/);
  expect(stdout).toMatch(/^Example: outlook run sendMessage --to "<To>"$/m);
});

it("answers an unknown key or command with a typed error and a non-zero exit", async () => {
  const unknown = await runner(["describe", "sendMesage"]);
  expect(unknown.code).toBe(2);
  expect(errorOf(unknown.stderr)).toMatchObject({ code: "UnknownAction", property: "key" });
  const command = await runner(["lst"]);
  expect(command.code).toBe(2);
  expect(errorOf(command.stderr)).toMatchObject({ code: "Usage" });
  expect(command.stdout).toBe("");
});

it("has no input whose name is one of the runner's own options", () => {
  const runnerOptions = ["sandbox-url", "params", "progress", "interval", "help", "json"];
  const inputs = blocks().flatMap((b) => b.inputs.map((i) => i.key));
  expect(inputs.filter((k) => runnerOptions.includes(k))).toEqual([]);
});
