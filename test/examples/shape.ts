/**
 * The shape of a JSON value (its keys and JSON types, recursively) and the differences between two shapes: what
 * the example-payload check compares, so volatile values (ids, dates, counts) may differ but a key added, removed
 * or changed in type may not. An array's shape is the merged shape of its items; an empty array fits any.
 */

export type JsonType = "string" | "number" | "boolean" | "null" | "array" | "object";

export interface Shape {
  types: Set<JsonType>;
  /** Objects: each key's shape (merged over every object met at this place). */
  keys?: Map<string, Shape>;
  /** Arrays: the merged shape of their items, when any array met here had one. */
  items?: Shape;
}

function typeOf(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  if (t === "string" || t === "number" || t === "boolean") return t;
  if (t === "object") return "object";
  throw new Error(`not a JSON value: ${t}`);
}

function merge(into: Shape | undefined, from: Shape | undefined): Shape | undefined {
  if (!from) return into;
  if (!into) return from;
  for (const t of from.types) into.types.add(t);
  if (from.keys) {
    into.keys ??= new Map();
    for (const [key, shape] of from.keys) into.keys.set(key, merge(into.keys.get(key), shape)!);
  }
  into.items = merge(into.items, from.items);
  return into;
}

/** The shape of a JSON value (undefined members are left out, as JSON leaves them). */
export function shapeOf(value: unknown): Shape {
  const type = typeOf(value);
  const shape: Shape = { types: new Set([type]) };
  if (type === "object") {
    shape.keys = new Map();
    for (const [key, member] of Object.entries(value as Record<string, unknown>))
      if (member !== undefined) shape.keys.set(key, shapeOf(member));
  }
  if (type === "array") for (const item of value as unknown[]) shape.items = merge(shape.items, shapeOf(item));
  return shape;
}

const typesText = (s: Shape) => [...s.types].sort().join(" or ");

/** How `actual` differs from `expected`, one line per place ("data.value[].subject: string in the example, …"). */
export function shapeDifferences(expected: Shape, actual: Shape, at = "$"): string[] {
  if (typesText(expected) !== typesText(actual))
    return [`${at}: ${typesText(expected)} in the example, ${typesText(actual)} now`];
  const out: string[] = [];
  if (expected.keys && actual.keys) {
    for (const key of expected.keys.keys())
      if (!actual.keys.has(key)) out.push(`${at}.${key}: in the example, missing now`);
    for (const [key, shape] of actual.keys) {
      const was = expected.keys.get(key);
      if (!was) out.push(`${at}.${key}: not in the example (${typesText(shape)} now)`);
      else out.push(...shapeDifferences(was, shape, `${at}.${key}`));
    }
  }
  if (expected.items && actual.items) out.push(...shapeDifferences(expected.items, actual.items, `${at}[]`));
  return out;
}

/** Shorthand: how the value `actual` differs in shape from the value `expected`. */
export function differences(expected: unknown, actual: unknown): string[] {
  return shapeDifferences(shapeOf(expected), shapeOf(actual));
}
