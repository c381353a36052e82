import { parseArgs, rejectRest, takeSwitch } from "../args";
import { blocks, type Block, type BlockKind, type InputInfo } from "../catalog";
import { usageError } from "../errors";
import { printJson, writeOut } from "../output";

/** `outlook list [--json]`: every action, trigger, data source and connection with its inputs. */

const HEADINGS: Record<BlockKind, string> = {
  action: "Actions (outlook run <key> --<input> VALUE ...)",
  trigger: "Triggers (outlook listen <key> --<input> VALUE ...)",
  dataSource: "Data sources (outlook run <key> ...)",
  connection: "Connections (set from OUTLOOK_* variables for a real tenant; see the README)",
};

/** One input on one line: `--key <type>, required, default x  Label: comments`. */
export function inputLine(input: InputInfo): string {
  const type = input.collection ? `${input.type} ${input.collection}` : input.type;
  const facts = [`<${type}>`, input.required ? "required" : "optional"];
  if (input.default !== undefined) facts.push(`default ${JSON.stringify(input.default)}`);
  if (input.choices) facts.push(`one of ${input.choices.join("|")}`);
  const about = input.comments ? `${input.label}: ${input.comments}` : input.label;
  return `--${input.key} ${facts.join(", ")}  ${about}`;
}

/** The inputs a person gives on the command line (the runner supplies the connection). */
export function givenInputs(block: Block): InputInfo[] {
  return block.kind === "connection" ? block.inputs : block.inputs.filter((i) => i.type !== "connection");
}

function blockText(block: Block): string {
  const lines = [`  ${block.key}  ${block.label}: ${block.description}`];
  for (const input of givenInputs(block)) lines.push(`      ${inputLine(input)}`);
  return lines.join("\n");
}

export function listText(all: Block[]): string {
  const sections = (Object.keys(HEADINGS) as BlockKind[]).map((kind) => {
    const of = all.filter((b) => b.kind === kind);
    return `${HEADINGS[kind]}: ${of.length}\n${of.map(blockText).join("\n")}`;
  });
  return sections.join("\n\n") + "\n";
}

export async function list(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json"]);
  const json = takeSwitch(args, "json");
  rejectRest(args, "list");
  if (args.positionals.length) throw usageError(`'list' takes no argument (got '${args.positionals[0]}').`);
  if (json) await printJson(blocks());
  else await writeOut(listText(blocks()));
  return 0;
}
