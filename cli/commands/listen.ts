import { createHarness, defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { startReceiver, type Receiver, type TriggerRun } from "../../tools/receiver";
import { parseArgs, take } from "../args";
import { findBlock, outlook, type Block } from "../catalog";
import { CliError, usageError } from "../errors";
import { buildParams, readParamsFile } from "../inputs";
import { note, printError, prompt, toJson, writeOut } from "../output";
import { openTarget, type Target } from "../target";

export const LISTEN_USAGE =
  "outlook listen <trigger> [--sandbox-url URL] [--params FILE] [--interval SECONDS] [--<input> VALUE ...]";

const harness = createHarness(outlook);

/** One payload line on stdout: the trigger's branch (for webhooks) and what the flow would get. */
const emit = (line: Record<string, unknown>) => writeOut(toJson(line, false) + "\n");

function triggerBlock(key: string | undefined): Block {
  if (!key) throw usageError(`Name a trigger: ${LISTEN_USAGE}. 'outlook list' shows them.`);
  const block = findBlock(key);
  if (block?.kind !== "trigger")
    throw new CliError("UnknownTrigger", `There is no trigger '${key}'; 'outlook list' shows them.`, "trigger");
  return block;
}

/**
 * Prints runs as they complete: payloads on stdout, failures on stderr, handshakes only as notes.
 * The returned function prints what is left and resolves once it is all written.
 */
function follow(receiver: Receiver, trigger: string): () => Promise<void> {
  let printed = 0;
  let written = Promise.resolve();
  const flush = () => {
    for (; printed < receiver.runs.length; printed++) {
      const run: TriggerRun = receiver.runs[printed];
      if (run.error) printError(new CliError("TriggerFailed", `${trigger} failed: ${run.error}`, undefined, 1));
      else if (run.branch === "URL Validation") note(`Answered Graph's validation request (${run.status}).`);
      else {
        const line = { trigger, branch: run.branch, payload: run.payload };
        written = written.then(() => emit(line));
      }
    }
  };
  const timer = setInterval(flush, 100);
  return () => {
    clearInterval(timer);
    flush();
    return written;
  };
}

/**
 * Resolves on the first Ctrl-C (or SIGTERM), so the trigger can be undeployed; a second one ends
 * the process at once. Installed before deploying, so an early Ctrl-C still undeploys.
 */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    let seen = false;
    const onSignal = () => {
      if (seen) process.exit(130);
      seen = true;
      note("Stopping…");
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/** A webhook trigger: a local receiver, the trigger deployed against it (subscribed), undeployed at the end. */
async function listenToWebhook(block: Block, params: Record<string, unknown>, target: Target): Promise<void> {
  const stop = interrupted();
  const receiver = await startReceiver({ component: outlook, trigger: block.key, params });
  const context = receiver.context as never;
  let stopFollowing = async () => undefined as void;
  try {
    if (block.selfManaging) await harness.triggerOnInstanceDeploy(block.key, params, context);
    // A trigger that makes no subscription of its own is useless until someone points one at it: say where.
    else prompt(`Receiving ${block.key} notifications at ${receiver.url}`);
    stopFollowing = follow(receiver, block.key);
    note(`Listening for ${block.key} at ${receiver.url} (Graph: ${target.description}). Ctrl-C stops and undeploys.`);
    await stop;
  } finally {
    await stopFollowing();
    if (block.selfManaging)
      await harness.triggerOnInstanceDelete(block.key, params, context).catch((e: unknown) => printError(e));
    await receiver.stop();
  }
}

/** A polling trigger: polled every `intervalMs`, with its state kept between polls as the platform keeps it. */
async function poll(block: Block, params: Record<string, unknown>, intervalMs: number): Promise<void> {
  const stop = interrupted();
  const context = { instanceState: {}, crossFlowState: {}, webhookUrls: {} };
  let stopped = false;
  void stop.then(() => (stopped = true));
  note(`Polling ${block.key} every ${intervalMs / 1000} s. Ctrl-C stops.`);
  while (!stopped) {
    try {
      const result = (await harness.trigger(block.key, defaultTriggerPayload(), params, context as never)) as {
        payload?: { body?: { data?: unknown } };
        resultType?: string;
      };
      if (result.resultType !== "polled_no_changes")
        await emit({ trigger: block.key, payload: result.payload?.body?.data });
    } catch (e) {
      printError(e);
    }
    await Promise.race([stop, new Promise((r) => setTimeout(r, intervalMs))]);
  }
}

function interval(raw: string | undefined): number {
  if (raw === undefined) return 10_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1) throw usageError(`--interval must be a number of seconds, 1 or more.`);
  return seconds * 1000;
}

/** `outlook listen <trigger> …`: prints each payload as a JSON line until Ctrl-C. */
export async function listen(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const sandboxUrl = take(args, "sandbox-url");
  const paramsFile = take(args, "params");
  const intervalOption = take(args, "interval");
  const [key, extra] = args.positionals;
  if (extra) throw usageError(`Unexpected '${extra}': ${LISTEN_USAGE}`);
  const block = triggerBlock(key);
  if (intervalOption !== undefined && !block.polling)
    throw usageError(`--interval is for polling triggers; '${block.key}' is a webhook trigger.`);
  const every = interval(intervalOption);
  const params = buildParams(block, args.options, paramsFile ? readParamsFile(paramsFile) : {});
  const target = await openTarget(sandboxUrl);
  try {
    const withConnection = { ...params, connection: target.connection };
    if (block.polling) await poll(block, withConnection, every);
    else await listenToWebhook(block, withConnection, target);
    return 0;
  } finally {
    await target.close();
  }
}
