import type { Connection } from "@prismatic-io/spectral";
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import { parseArgs, take, takeSwitch } from "../args";
import { findBlock, outlook, type Block } from "../catalog";
import { CliError, usageError } from "../errors";
import { buildParams, readParamsFile } from "../inputs";
import { note, printJson, redact } from "../output";
import { showProgress } from "../progress";
import { openTarget } from "../target";

export const RUN_USAGE = `outlook run <action> [--sandbox-url URL] [--params FILE] [--progress] [--<input> VALUE ...]`;

const harness = createHarness(outlook);

/** What a run's context offers: no flow webhook URL (actions that need one take it as an input), a quiet log. */
export function runContext(): Record<string, unknown> {
  const toStderr = (...args: unknown[]) => process.stderr.write(redact(args.map(String).join(" ")) + "\n");
  const quiet = () => undefined;
  return {
    logger: { metric: quiet, trace: quiet, debug: quiet, info: quiet, log: quiet, warn: toStderr, error: toStderr },
    webhookUrls: {},
    flow: { id: "cli", name: "Command line", stableId: "cli" },
  };
}

/** Runs an action (or a data source) with a connection, exactly as the platform would call it. */
export async function perform(block: Block, params: Record<string, unknown>, connection: Connection) {
  const withConnection = { ...params, connection };
  if (block.kind === "dataSource") return harness.dataSource(block.key, withConnection, runContext() as never);
  return harness.action(block.key, withConnection, runContext() as never);
}

export function runnableBlock(key: string | undefined): Block {
  if (!key) throw usageError(`Name an action: ${RUN_USAGE}. 'outlook list' shows them.`);
  const block = findBlock(key);
  if (!block) throw new CliError("UnknownAction", `There is no action '${key}'; 'outlook list' shows them.`, "action");
  if (block.kind === "trigger")
    throw new CliError("UnknownAction", `'${key}' is a trigger: use 'outlook listen ${key}'.`, "action");
  if (block.kind === "connection")
    throw new CliError("UnknownAction", `'${key}' is a connection, not an action.`, "action");
  return block;
}

/** `outlook run <action> …`: prints the action's result (its `data`) as JSON on stdout. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["progress"]);
  const sandboxUrl = take(args, "sandbox-url");
  const paramsFile = take(args, "params");
  const forceProgress = takeSwitch(args, "progress");
  const [key, ...extra] = args.positionals;
  if (extra.length) throw usageError(`Unexpected '${extra[0]}': ${RUN_USAGE}`);
  const block = runnableBlock(key);
  // Everything about the inputs is checked before a sandbox starts or a request leaves.
  const params = buildParams(block, args.options, paramsFile ? readParamsFile(paramsFile) : {});
  const target = await openTarget(sandboxUrl);
  note(`Running ${block.key} against ${target.description}`);
  const stop = showProgress(block.key, forceProgress);
  try {
    const result = (await perform(block, params, target.connection)) as { data?: unknown; result?: unknown };
    stop();
    await printJson(block.kind === "dataSource" ? result?.result : result?.data);
    return 0;
  } finally {
    stop();
    await target.close();
  }
}
