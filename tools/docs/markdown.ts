import type { DocBlock, DocComponent, DocInput } from "./blocks";

/** Markdown pieces of the reference: input tables, example payloads, block sections, anchors. */

/** Text from code as markdown shows it: `<address>` and the like are text, not HTML tags. */
export function prose(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Text for a table cell: one line, pipes escaped. */
export function cell(text: string): string {
  return text
    .replace(/\r?\n+/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
}

/** Inline code that survives backticks inside it. */
export function code(text: string): string {
  const ticks = /`/.test(text) ? "``" : "`";
  const pad = ticks.length > 1 ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** GitHub's anchor for a heading. */
export function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");
}

const KINDS: Record<string, string> = {
  string: "text",
  text: "long text",
  password: "secret",
  boolean: "true or false",
  code: "JSON",
  data: "file",
  connection: "connection",
  template: "derived",
};

function kindOf(input: DocInput): string {
  const kind = KINDS[input.type] ?? input.type;
  if (input.collection === "valuelist") return `list of ${kind}`;
  if (input.collection === "keyvaluelist") return `key/value list of ${kind}`;
  return kind;
}

const hasValue = (v: unknown) => v !== undefined && v !== null && String(v) !== "";

/** Where a template input's value comes from: "{Microsoft Entra ID Endpoint}/{Tenant}/oauth2/v2.0/token". */
function derivedFrom(input: DocInput, inputs: DocInput[]): string {
  return String(input.default).replace(/\{\{#(\w+)\}\}/g, (_m, key: string) => {
    const from = inputs.find((i) => i.key === key);
    return `{${from?.label ?? key}}`;
  });
}

function commentsOf(input: DocInput, inputs: DocInput[], pickers: Map<string, string>): string {
  const parts: string[] = [];
  if (input.type === "template") parts.push(`Derived from the other inputs: ${code(derivedFrom(input, inputs))}.`);
  if (input.comments) parts.push(prose(input.comments));
  const choices = input.model?.map((m) => m.value).filter((v) => v !== "");
  if (choices?.length)
    parts.push(`${input.collection === "valuelist" ? "Any of" : "One of"}: ${choices.map(code).join(", ")}.`);
  const example = input.example ?? input.placeholder;
  if (hasValue(example)) parts.push(`Example: ${code(String(example))}.`);
  if (input.dataSource)
    parts.push(`Picker: ${pickers.get(input.dataSource) ?? input.dataSource} (${code(input.dataSource)}).`);
  return cell(parts.join(" "));
}

/** A block's inputs as Prismatic's reference shows them: Input, Comments, Default. */
export function inputsTable(inputs: DocInput[], pickers: Map<string, string>): string {
  if (!inputs.length) return "This block has no inputs.";
  const rows = inputs.map((input) => {
    const name = `${cell(input.label)} ${code(input.key)}<br>${kindOf(input)}${input.required ? ", required" : ""}`;
    const value = input.type !== "template" && hasValue(input.default) ? code(cell(String(input.default))) : "";
    return `| ${name} | ${commentsOf(input, inputs, pickers)} | ${value} |`;
  });
  return ["| Input | Comments | Default |", "| --- | --- | --- |", ...rows].join("\n");
}

/** The example payload, folded: what the designer shows before the step has run. */
export function examplePayload(payload: unknown): string {
  if (payload === undefined) return "";
  return [
    "<details><summary>Example payload</summary>",
    "",
    "```json",
    JSON.stringify(payload, null, 2),
    "```",
    "",
    "</details>",
  ].join("\n");
}

/** The label of each picker, by key, for the inputs that offer one. */
export function pickerLabels(component: DocComponent): Map<string, string> {
  return new Map(component.dataSources.map((d) => [d.key, d.label]));
}

/** The inputs that offer a picker: "Message ID of Get Mail Message, Delete Message, …". */
export function offeredBy(component: DocComponent, picker: string): string {
  const users = new Map<string, string[]>();
  for (const b of [...component.actions, ...component.triggers])
    for (const input of b.inputs.filter((i) => i.dataSource === picker))
      users.set(input.label, [...(users.get(input.label) ?? []), b.label]);
  return [...users].map(([label, blocks]) => `${label} of ${blocks.join(", ")}`).join("; ");
}

/** The first sentence of a description, for an index. */
export function firstSentence(description: string): string {
  const m = /^(.+?[.!?])(\s|$)/s.exec(description);
  return (m ? m[1] : description).trim();
}

/** The index of a kind of block: a row per block, linked to its section. */
export function blockIndex(blocks: DocBlock[], what: string): string {
  const rows = blocks.map(
    (b) =>
      `| [${cell(b.label)}](#${anchor(`${b.label} (${b.key})`)}) | ${code(b.key)} | ` +
      `${cell(prose(firstSentence(b.description)))} |`,
  );
  return [`| ${what} | Key | What it does |`, "| --- | --- | --- |", ...rows].join("\n");
}
