import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readComponent, type DocBlock, type DocComponent } from "./blocks";
import { errorsTable } from "./errors";
import { blockIndex, cell, code, examplePayload, inputsTable, offeredBy, pickerLabels, prose } from "./markdown";

/**
 * documentation.md, generated from the component definition (`npm run docs`): the component's description, each
 * connection with its inputs and defaults, each trigger, data source and action with its inputs table and example
 * payload, and the typed errors (src/errors.ts), in the shape of Prismatic's component reference. What code cannot
 * say (tokens, mailboxes, throttling, lost answers, the errors' meaning, the sandbox) is written by hand in
 * docs/partials/, which docs/template.md places with `{{> name}}`; a block may have its own partial
 * (docs/partials/<actions|triggers|dataSources|connections>/<key>.md), printed after its inputs.
 */

export const ROOT = join(__dirname, "../..");

type Kind = "connections" | "triggers" | "dataSources" | "actions";
const KINDS: Kind[] = ["connections", "triggers", "dataSources", "actions"];

export class DocsError extends Error {}

/** A template or partial, without its HTML comments (notes to whoever edits it). */
function read(file: string): string {
  return readFileSync(file, "utf8")
    .replace(/\r\n/g, "\n")
    .replace(/<!--[\s\S]*?-->\n?/g, "")
    .trim();
}

/** Hand-written text for one block, when it has some; partials naming no block of the component are refused. */
class Partials {
  constructor(
    readonly dir: string,
    component: DocComponent,
  ) {
    for (const kind of KINDS) {
      const folder = join(dir, kind);
      if (!existsSync(folder)) continue;
      const keys = new Set(component[kind].map((b) => b.key));
      for (const file of readdirSync(folder))
        if (!keys.has(file.replace(/\.md$/, "")))
          throw new DocsError(`docs/partials/${kind}/${file} names no block of the component: rename or remove it.`);
    }
  }

  named(name: string): string {
    const file = join(this.dir, `${name}.md`);
    if (!existsSync(file))
      throw new DocsError(`docs/template.md includes '${name}', but docs/partials/${name}.md is missing.`);
    return read(file);
  }

  of(kind: Kind, key: string): string {
    const file = join(this.dir, kind, `${key}.md`);
    return existsSync(file) ? read(file) : "";
  }
}

function triggerFacts(t: DocBlock): string {
  const facts = [t.polling ? "Runs on a schedule (polling)." : "Runs when its webhook URL is called."];
  if (!t.polling && t.schedulable) facts.push("It may also run on a schedule.");
  if (t.branches?.length) facts.push(`Branches: ${t.branches.join(", ")}.`);
  return facts.join(" ");
}

function section(component: DocComponent, kind: Kind, b: DocBlock, partials: Partials): string {
  const pickers = pickerLabels(component);
  const parts = [`### ${cell(b.label)} (${code(b.key)})`, prose(b.description)];
  if (kind === "triggers") parts.push(triggerFacts(b));
  if (kind === "dataSources") {
    const users = offeredBy(component, b.key);
    parts.push(users ? `Offered by: ${users}.` : "No input offers it yet.");
  }
  parts.push(inputsTable(b.inputs, pickers), partials.of(kind, b.key));
  if (kind !== "connections") parts.push(examplePayload(b.examplePayload));
  return parts.filter((p) => p !== "").join("\n\n");
}

function sections(component: DocComponent, kind: Kind, partials: Partials): string {
  return component[kind].map((b) => section(component, kind, b, partials)).join("\n\n");
}

/** The generated parts the template places with `{{name}}`. */
function generatedParts(component: DocComponent, partials: Partials, errors: Record<string, unknown>) {
  return {
    "component.label": component.label,
    "component.description": prose(component.description),
    "component.key": code(component.key),
    connections: sections(component, "connections", partials),
    triggerIndex: blockIndex(component.triggers, "Trigger"),
    triggers: sections(component, "triggers", partials),
    dataSourceIndex: blockIndex(component.dataSources, "Data source"),
    dataSources: sections(component, "dataSources", partials),
    actionIndex: blockIndex(component.actions, "Action"),
    actions: sections(component, "actions", partials),
    errors: errorsTable(errors, partials.named("errors-table")),
  } as Record<string, string>;
}

/** documentation.md as the component, src/errors.ts and docs/ make it today. */
export function generateDocumentation(component: unknown, errors: Record<string, unknown>, root = ROOT): string {
  const doc = readComponent(component);
  const partials = new Partials(join(root, "docs/partials"), doc);
  const parts = generatedParts(doc, partials, errors);
  // One pass, so that nothing a partial or a generated part holds is read as a placeholder.
  const filled = read(join(root, "docs/template.md")).replace(
    /\{\{(>\s*)?([\w.-]+)\s*\}\}/g,
    (_m, include: string | undefined, name: string) => {
      if (include) return partials.named(name);
      if (!(name in parts))
        throw new DocsError(`docs/template.md names '{{${name}}}', which the generator does not make.`);
      return parts[name];
    },
  );
  return filled.replace(/\n{3,}/g, "\n\n").trim() + "\n";
}
