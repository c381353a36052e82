/**
 * Example payloads (src/examplePayloads/, written by `npm run examples` from what each block answered in the Graph
 * sandbox) attached to their blocks: the designer shows a step's example payload, and maps later steps from it,
 * before anything has run. A block without one keeps none; the example-payload check in `npm test` fails on it.
 */

type Blocks = Record<string, { examplePayload?: unknown }>;
type Kind = "actions" | "triggers" | "dataSources";

export function attachExamplePayloads(
  component: Record<Kind, Blocks | undefined>,
  examples: Record<Kind, Record<string, unknown>>,
): void {
  for (const kind of ["actions", "triggers", "dataSources"] as const)
    for (const [key, block] of Object.entries(component[kind] ?? {}))
      if (examples[kind][key] !== undefined) block.examplePayload = examples[kind][key];
}
