import { parseArgs, rejectRest, takeSwitch } from "../args";
import { findBlock, type Block } from "../catalog";
import { CliError, usageError } from "../errors";
import { printJson, writeOut } from "../output";
import { givenInputs, inputLine } from "./list";

/** `outlook describe <key> [--json]`: one action, trigger, data source or connection in full. */

function example(block: Block): string | undefined {
  const required = givenInputs(block).filter((i) => i.required && i.default === undefined);
  const args = required.map((i) => `--${i.key} ${JSON.stringify(i.example ?? `<${i.label}>`)}`).join(" ");
  if (block.kind === "action" || block.kind === "dataSource") return `outlook run ${block.key} ${args}`.trim();
  if (block.kind === "trigger") return `outlook listen ${block.key} ${args}`.trim();
  return undefined;
}

export function describeText(block: Block): string {
  const kind = { action: "Action", trigger: "Trigger", dataSource: "Data source", connection: "Connection" }[
    block.kind
  ];
  const lines = [`${kind} ${block.key}: ${block.label}`, block.description, ""];
  if (block.kind === "trigger")
    lines.push(
      block.polling
        ? "Polls on a schedule; 'outlook listen' polls every --interval seconds."
        : block.selfManaging
          ? "Makes its own subscriptions when deployed and deletes them when the instance goes."
          : "Receives notifications for subscriptions made elsewhere (e.g. createMailFolderSubscription).",
      "",
    );
  const inputs = givenInputs(block);
  lines.push(`Inputs (${inputs.length}):`, ...inputs.map((i) => `  ${inputLine(i)}`));
  const sample = example(block);
  if (sample) lines.push("", `Example: ${sample}`);
  return lines.join("\n") + "\n";
}

export async function describe(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json"]);
  const json = takeSwitch(args, "json");
  rejectRest(args, "describe");
  const [key, extra] = args.positionals;
  if (!key || extra) throw usageError("Usage: outlook describe <key> [--json]");
  const block = findBlock(key);
  if (!block) throw new CliError("UnknownAction", `There is no action, trigger or connection '${key}'.`, "key");
  if (json) await printJson(block);
  else await writeOut(describeText(block));
  return 0;
}
