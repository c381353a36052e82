import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import { DEFAULT_APP_SECRET } from "../../sandbox";
import { startWorld, type ComponentDef, type World } from "../fuzz/world";
import { captureExamples, EXAMPLES_DIR, type Capture } from "./capture";
import { changedShapes, missingExamples, type ComponentBlocks } from "./check";
import { differences } from "./shape";

/**
 * The example-payload check: every action, trigger and data source carries an example payload (`npm run examples`
 * writes them from the sandbox), each block run today with valid params answers in its example's shape (keys and
 * JSON types, recursively; ids, dates and counts may differ), and no example holds a secret. The last tests show the
 * check failing: a block whose answer changed shape, a block without an example, a secret in an answer.
 */

let world: World;
let today: Capture;
beforeAll(async () => {
  world = await startWorld();
  today = await captureExamples(world);
}, 120_000);
afterAll(() => world?.stop());

const blocks = (component: ComponentDef) => component as unknown as ComponentBlocks;

/** The component with one action's answer changed by `change`, as a new release of it might answer. */
function withChangedAction(key: string, change: (data: Record<string, unknown>) => Record<string, unknown>) {
  const original = world.component.actions[key];
  const changed = {
    ...world.component,
    actions: {
      ...world.component.actions,
      [key]: {
        ...original,
        perform: async (...args: Parameters<typeof original.perform>) => {
          const result = (await original.perform(...args)) as { data: Record<string, unknown> };
          return { ...result, data: change(result.data) };
        },
      },
    },
  } as ComponentDef;
  return { ...world, component: changed, harness: createHarness(changed) };
}

describe("example payloads", () => {
  it("are carried by every action, trigger and data source", () => {
    expect(missingExamples(blocks(world.component))).toEqual([]);
    const count = (kind: keyof ComponentBlocks) => Object.keys(blocks(world.component)[kind]).length;
    expect(today.payloads).toHaveLength(count("actions") + count("triggers") + count("dataSources"));
  });

  it("come from every block answering with valid params against the sandbox", () => {
    expect(today.failures).toEqual([]);
  });

  it("have the shape of what each block answers today", () => {
    expect(changedShapes(blocks(world.component), today)).toEqual([]);
  });

  it("show webhook triggers on a verified notification and the polling trigger on mail it found", () => {
    const example = (key: string) => world.component.triggers[key].examplePayload as Record<string, unknown>;
    for (const key of ["webhook", "mailWebhook", "eventWebhook"]) expect(example(key).branch).toBe("Notification");
    const notification = (key: string) =>
      (example(key).payload as { body: { data: { notifications: Record<string, unknown>[] } } }).body.data
        .notifications[0];
    expect(notification("mailWebhook").resourceContent).toMatchObject({ subject: "Quarterly report" });
    expect(notification("eventWebhook").resourceContent).toMatchObject({ subject: "Project review" });
    const polled = example("mailPolling").payload as { body: { data: { subject: string }[] } };
    expect(polled.body.data.map((m) => m.subject)).toEqual(["Quarterly report"]);
  });

  it("hold no secret, token, clientState or webhook API key", () => {
    const files = ["actions", "triggers", "dataSources"].flatMap((kind) =>
      readdirSync(join(EXAMPLES_DIR, kind)).map((f) => join(EXAMPLES_DIR, kind, f)),
    );
    expect(files.length).toBe(today.payloads.length);
    const SECRET_KEYS = /"(clientState|client_secret|access_token|refresh_token|password|webhookApiKeys|rawBody)"/i;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      expect([file, world.secrets.find(text)]).toEqual([file, []]);
      expect([file, SECRET_KEYS.exec(text)?.[0]]).toEqual([file, undefined]);
    }
  });
});

describe("the check fails", () => {
  it("on a key renamed, added or retyped, anywhere in the answer", () => {
    const example = { data: { value: [{ id: "a", from: { name: "M" }, size: 3 }], nextLink: "x" } };
    expect(
      differences(example, { data: { value: [{ id: "b", from: { name: "N" }, size: 9 }], nextLink: "y" } }),
    ).toEqual([]);
    expect(differences(example, { data: { value: [], nextLink: "y" } })).toEqual([]);
    expect(
      differences(example, { data: { value: [{ id: "a", sender: { name: "M" }, size: 3 }], nextLink: "x" } }),
    ).toEqual([
      "$.data.value[].from: in the example, missing now",
      "$.data.value[].sender: not in the example (object now)",
    ]);
    expect(differences(example, { data: { value: [{ id: "a", from: { name: null }, size: "3" }] } })).toEqual([
      "$.data.nextLink: in the example, missing now",
      "$.data.value[].from.name: string in the example, null now",
      "$.data.value[].size: number in the example, string now",
    ]);
    expect(differences(example, { data: "done" })).toEqual(["$.data: object in the example, string now"]);
  });

  it("when an action answers in another shape: Get Current User without displayName, with a new key", async () => {
    const changed = withChangedAction("getCurrentUser", ({ displayName: _gone, ...rest }) => ({ ...rest, extra: 1 }));
    const capture = await captureExamples(changed, (kind, key) => kind === "action" && key === "getCurrentUser");
    expect(capture.failures).toEqual([]);
    const problems = changedShapes(blocks(world.component), capture);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^action getCurrentUser answers in another shape than its example \(run `npm run examples`\)/,
    );
    expect(problems[0]).toContain("$.data.displayName: in the example, missing now");
    expect(problems[0]).toContain("$.data.extra: not in the example (number now)");
  });

  it("when a block has no example payload", () => {
    const { sendMessage: sent, ...others } = blocks(world.component).actions;
    const without = {
      ...blocks(world.component),
      actions: { ...others, sendMessage: { ...sent, examplePayload: undefined } },
    };
    expect(missingExamples(without)).toEqual(["action sendMessage has no example payload: run `npm run examples`"]);
  });

  it("when an answer holds a secret: nothing is captured for that block", async () => {
    const leaky = withChangedAction("getCurrentUser", (data) => ({ ...data, note: `secret ${DEFAULT_APP_SECRET}` }));
    const capture = await captureExamples(leaky, (kind, key) => kind === "action" && key === "getCurrentUser");
    expect(capture.payloads).toEqual([]);
    expect(capture.failures).toEqual(["action getCurrentUser: its answer holds a secret (client secret)"]);
  });
});
