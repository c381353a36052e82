import type { Capture, BlockKind } from "./capture";
import { differences } from "./shape";

/**
 * The example-payload check: every action, trigger and data source of the component carries an example payload,
 * and what each answers today has the example's shape (keys and JSON types, recursively). Each problem is one line
 * naming the block and, for a changed shape, the place that changed.
 */

type Blocks = Record<string, { examplePayload?: unknown }>;
export interface ComponentBlocks {
  actions: Blocks;
  triggers: Blocks;
  dataSources: Blocks;
}

const FIX = "run `npm run examples`";

function blocksOf(component: ComponentBlocks): [BlockKind, string, unknown][] {
  return [
    ...Object.entries(component.actions).map(
      ([k, b]) => ["action", k, b.examplePayload] as [BlockKind, string, unknown],
    ),
    ...Object.entries(component.triggers).map(
      ([k, b]) => ["trigger", k, b.examplePayload] as [BlockKind, string, unknown],
    ),
    ...Object.entries(component.dataSources).map(
      ([k, b]) => ["dataSource", k, b.examplePayload] as [BlockKind, string, unknown],
    ),
  ];
}

/** Blocks without an example payload. */
export function missingExamples(component: ComponentBlocks): string[] {
  return blocksOf(component)
    .filter(([, , example]) => example === undefined)
    .map(([kind, key]) => `${kind} ${key} has no example payload: ${FIX}`);
}

/** Blocks whose answer today differs in shape from their example payload. */
export function changedShapes(component: ComponentBlocks, today: Capture): string[] {
  const examples = new Map(blocksOf(component).map(([kind, key, example]) => [`${kind} ${key}`, example]));
  return today.payloads.flatMap(({ kind, key, payload }) => {
    const example = examples.get(`${kind} ${key}`);
    if (example === undefined) return [];
    const changed = differences(example, payload);
    return changed.length
      ? [`${kind} ${key} answers in another shape than its example (${FIX}): ${changed.join("; ")}`]
      : [];
  });
}
