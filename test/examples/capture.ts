import { join } from "node:path";
import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { USERS } from "../../sandbox";
import { CaseFixtures } from "../fuzz/baseline";
import type { FixtureNames } from "../fuzz/fixtures";
import { Runner, type Run } from "../fuzz/run";
import { requestPayload, targetsOf, type Context, type Target } from "../fuzz/targets";
import type { World } from "../fuzz/world";
import { presentable, type Origins } from "./present";

/**
 * Every action, trigger and data source of the component run once with valid params against the sandbox, and what
 * each answered, as its example payload. It reuses the fuzz suite's baseline (`test/fuzz/`): the same params (a
 * fixture for each id, the default, example or first choice of every other input), the same fixtures in the store,
 * put back after each block. Actions answer `{ data }`; a webhook trigger runs on a real notification the sandbox
 * delivered for a change made after it subscribed, a polling trigger on its second poll, after mail arrived; a data
 * source answers `{ result }`.
 */

/** Where the example payloads live: one JSON file per block, by kind, and the index that imports them. */
export const EXAMPLES_DIR = join(__dirname, "../../src/examplePayloads");

export type BlockKind = "action" | "trigger" | "dataSource";

export interface Captured {
  kind: BlockKind;
  key: string;
  payload: unknown;
}

export interface Capture {
  payloads: Captured[];
  /** Blocks that did not answer, or answered with a secret in it: "<kind> <key>: <reason>". */
  failures: string[];
}

/** Fixture names a reader of the designer and the documentation recognises. */
export const EXAMPLE_NAMES: FixtureNames = {
  subject: "Quarterly report",
  body: "Here are the figures for the quarter.",
  folder: "Projects",
  calendar: "Team calendar",
  event: "Project review",
  attachment: "figures.txt",
  attachmentText: "Q3 revenue: 1.2M",
  rule: "Mark mail from Megan read",
  contact: "Pradeep Gupta",
  contactAddress: "pradeepg@fabrikam.com",
  contactFolder: "Suppliers",
  category: "Finance",
};

/** Inputs whose fuzz baseline is placeholder text, with text a reader recognises (blank ones stay blank). */
const EXAMPLE_TEXT: Record<string, string> = {
  subject: "Quarterly report",
  body: "Here are the figures for the quarter.",
  title: "Quarterly report",
  displayName: "Projects",
  name: "Team calendar",
};

/** Triggers watch the inbox and the default calendar, where the changes that notify them are made. */
const TRIGGER_PARAMS: Record<string, unknown> = { folderId: "inbox", calendarId: "" };

export function exampleParams(runner: Runner, target: Target, cf: CaseFixtures): Record<string, unknown> {
  const params = runner.params(undefined, undefined, cf);
  for (const [key, value] of Object.entries(EXAMPLE_TEXT))
    if (typeof params[key] === "string" && params[key] !== "") params[key] = value;
  return params;
}

type Harness = {
  action(k: string, p: unknown, c?: unknown): Promise<unknown>;
  trigger(k: string, payload: unknown, p: unknown, c: unknown): Promise<unknown>;
  triggerOnInstanceDeploy(k: string, p: unknown, c: unknown): Promise<unknown>;
  dataSource(k: string, p: unknown, c?: unknown): Promise<unknown>;
};

const harnessOf = (world: World) => world.harness as unknown as Harness;

function failed(run: Run): string | undefined {
  if (run.hung) return "did not answer";
  if (run.error !== undefined) return (run.error as Error)?.message ?? String(run.error);
  return undefined;
}

type Params = Record<string, unknown>;

/**
 * A list answered empty shows the designer no item to map from: what each list action lists is put where the
 * baseline's params point (a subfolder in the folder listed, an event in the calendar on the day viewed, …).
 */
const LISTED: Record<string, (runner: Runner, params: Params) => Params | void> = {
  listMailFolders: (r, p) => void r.world.sb.store.addFolder(adele(r), "Reports", String(p.parentFolderId)),
  listEvents: (r, p) => void r.fixtures.event("organized", String(p.calendarId)),
  listCalendarView: (r, p) => void r.fixtures.event("organized", String(p.calendarId ?? "") || undefined),
  getReminderView: (r) => void r.fixtures.event("organized"),
  listAttachments: (r, p) => void r.fixtures.attachment(adele(r).messages.get(String(p.messageId))!),
  listEventAttachments: (r, p) => void r.fixtures.attachment(adele(r).events.get(String(p.eventId))!),
  listInboxRules: (r) => void r.fixtures.rule(),
  listFocusedInboxOverrides: (r) => void r.fixtures.override(),
  listContactFolders: (r, p) => {
    const child = adele(r).contactFolders.get(r.fixtures.contactFolder())!;
    if (p.parentContactFolderId) child.parentFolderId = String(p.parentContactFolderId);
  },
  // The app's subscriptions, not only this instance's (the fixture's points at another URL).
  listSubscriptions: (r, p) => (r.fixtures.subscription(), { ...p, showInstanceWebhooks: "false" }),
};

const adele = (runner: Runner) => runner.world.sb.store.mailbox(USERS.adele.id);

async function actionExample(runner: Runner, target: Target): Promise<unknown> {
  const cf = new CaseFixtures(runner.fixtures, target, "");
  const baseline = exampleParams(runner, target, cf);
  const params = LISTED[target.key]?.(runner, baseline) ?? baseline;
  const run = await runner.execute(target, params);
  const problem = failed(run);
  if (problem) throw new Error(problem);
  return { data: (run.result as { data?: unknown }).data };
}

/** Keeps the instance state a run returned, as the platform keeps it between runs. */
function keepState(context: Context, result: unknown): void {
  const state = (result as { crossFlowState?: Record<string, unknown> } | undefined)?.crossFlowState;
  if (state && state !== context.crossFlowState) Object.assign(context.crossFlowState as object, state);
}

/** An hour from a time, as Start At and End At take it (UTC, without zone). */
const utcLocal = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/**
 * Something the trigger watches happens: an event is made in the calendar (starting in ten minutes, within Event
 * Starting Soon's lead time), or mail from Megan reaches the inbox (and is flagged, for Flagged Mail).
 */
async function provoke(world: World, target: Target, params: Record<string, unknown>): Promise<void> {
  const h = harnessOf(world);
  if (target.inputs.some((i) => i.key === "calendarId")) {
    const start = Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
    await h.action("createEvent", {
      connection: params.connection,
      subject: EXAMPLE_NAMES.event,
      startAt: utcLocal(start),
      startTimezone: "UTC",
      endAt: utcLocal(start + 3600_000),
      endTimezone: "UTC",
    });
    return;
  }
  await h.action("sendMessage", {
    connection: params.connection,
    mailbox: USERS.megan.upn,
    to: USERS.adele.upn,
    subject: EXAMPLE_NAMES.subject,
    body: EXAMPLE_NAMES.body,
  });
  if (target.key === "flaggedMailPolling") await flagArrived(world, params);
}

/** Flags the mail that just arrived in the inbox, as a person does in Outlook. */
async function flagArrived(world: World, params: Record<string, unknown>): Promise<void> {
  const mailbox = world.sb.store.mailbox(USERS.adele.id);
  const inbox = world.sb.store.folderByWellKnown(mailbox, "inbox").id;
  const arrived = [...mailbox.messages.values()].filter(
    (m) => m.folderId === inbox && m.subject === EXAMPLE_NAMES.subject,
  );
  const messageId = arrived[arrived.length - 1]?.id;
  if (!messageId) throw new Error("the mail sent to flag did not arrive");
  await harnessOf(world).action("updateMessage", { connection: params.connection, messageId, flagStatus: "flagged" });
}

/** The first notification the sandbox delivered to the flow's webhook URL since `mark`, as the platform passes it. */
async function deliveredNotification(world: World, url: string, mark: number): Promise<Record<string, unknown>> {
  await world.sb.notifier.settle();
  const delivery = world.sb.notifier.deliveries.slice(mark).find((d) => d.kind === "notification" && d.url === url);
  if (!delivery) throw new Error("the sandbox delivered no notification");
  const payload = requestPayload(delivery.body);
  (payload.body as { data: unknown }).data = JSON.parse(delivery.body);
  return payload;
}

/** A webhook trigger: subscribes (deploy, or Create Mail Folder Subscription), a change, its notification. */
async function webhookRun(world: World, target: Target, params: Record<string, unknown>, context: Context) {
  const h = harnessOf(world);
  const url = Object.values(context.webhookUrls as Record<string, string>)[0];
  if (target.entry === "deploy") keepState(context, await h.triggerOnInstanceDeploy(target.key, params, context));
  else {
    const subscribe = { connection: params.connection, folderId: "inbox", notificationUrl: url };
    keepState(context, await h.action("createMailFolderSubscription", subscribe, context));
  }
  const mark = world.sb.notifier.deliveries.length;
  await provoke(world, target, params);
  return h.trigger(target.key, await deliveredNotification(world, url, mark), params, context);
}

/** A polling trigger: the first poll sets its baseline, mail arrives in the folder, the second poll emits it. */
async function pollingRun(runner: Runner, target: Target, params: Record<string, unknown>, context: Context) {
  const h = harnessOf(runner.world);
  keepState(context, await h.trigger(target.key, {}, params, context));
  await provoke(runner.world, target, params);
  return h.trigger(target.key, {}, params, context);
}

async function triggerExample(runner: Runner, target: Target): Promise<unknown> {
  const cf = new CaseFixtures(runner.fixtures, target, "");
  const params = { ...exampleParams(runner, target, cf), ...TRIGGER_PARAMS };
  const run = await runner.observe((context) =>
    target.entry === "poll"
      ? pollingRun(runner, target, params, context)
      : webhookRun(runner.world, target, params, context),
  );
  const problem = failed(run);
  if (problem) throw new Error(problem);
  const { branch, payload } = run.result as { branch?: string; payload?: unknown };
  return branch === undefined ? { payload } : { branch, payload };
}

/** What every picker offers something from: messages, an event tomorrow, a subscription, a rule, contacts. */
function pickerFixtures(runner: Runner): void {
  const f = runner.fixtures;
  for (let i = 0; i < 3; i++) f.message("received");
  const event = f.event("organized");
  const tomorrow = Math.ceil(Date.now() / 3600_000) * 3600_000 + 24 * 3600_000;
  Object.assign(event, { start: tomorrow, end: tomorrow + 3600_000 });
  f.calendar();
  f.subscription();
  f.rule();
  f.contactFolder();
  f.contact();
}

async function dataSourceExample(runner: Runner, key: string): Promise<unknown> {
  const connection = runner.params(
    undefined,
    undefined,
    new CaseFixtures(runner.fixtures, runner.probe, ""),
  ).connection;
  const run = await runner.observe((context) => harnessOf(runner.world).dataSource(key, { connection }, context));
  const problem = failed(run);
  if (problem) throw new Error(problem);
  return { result: (run.result as { result?: unknown }).result };
}

/** Runs one block for its example; a failure or a secret in its answer is reported, never written. */
async function capture(runner: Runner, kind: BlockKind, key: string, make: () => Promise<unknown>, out: Capture) {
  const origins: Origins = { graph: runner.world.sb.url, hooks: new URL(runner.world.hookUrl).origin };
  try {
    const payload = presentable(await make(), origins);
    const secrets = runner.world.secrets.find(JSON.stringify(payload));
    if (secrets.length) out.failures.push(`${kind} ${key}: its answer holds a secret (${secrets.join(", ")})`);
    else out.payloads.push({ kind, key, payload });
  } catch (e) {
    out.failures.push(`${kind} ${key}: ${(e as Error)?.message ?? String(e)}`);
  } finally {
    runner.reset();
  }
}

/** Every block's example payload, in the component's order: actions, triggers, data sources. */
export async function captureExamples(
  world: World,
  only?: (kind: BlockKind, key: string) => boolean,
): Promise<Capture> {
  const targets = targetsOf(world.component);
  const runner = new Runner(world, targets, EXAMPLE_NAMES);
  runner.freeze();
  // The flows' webhook API keys the platform hands every trigger are secrets too.
  for (const keys of Object.values(defaultTriggerPayload().webhookApiKeys ?? {}))
    for (const key of keys) world.secrets.add("webhook API key", key);
  const out: Capture = { payloads: [], failures: [] };
  const wanted = (kind: BlockKind, key: string) => !only || only(kind, key);
  for (const t of targets.filter((t) => t.kind === "action" && wanted("action", t.key)))
    await capture(runner, "action", t.key, () => actionExample(runner, t), out);
  for (const t of targets.filter((t) => t.kind === "trigger" && wanted("trigger", t.key)))
    await capture(runner, "trigger", t.key, () => triggerExample(runner, t), out);
  for (const key of Object.keys(world.component.dataSources).filter((k) => wanted("dataSource", k)))
    await capture(runner, "dataSource", key, () => (pickerFixtures(runner), dataSourceExample(runner, key)), out);
  return out;
}
