/**
 * A block's answer as its example payload shows it: JSON (bytes as Node writes a Buffer), the sandbox's and the
 * local webhook receiver's addresses written as Graph's and a webhook host's, long lists cut to their first items and
 * long text to its start. The example-payload check compares answers in this form too, so what is cut never counts.
 */

/** Where answers were made, and what a reader sees instead. */
export interface Origins {
  /** The sandbox's origin ("https://127.0.0.1:PORT"): Graph's. */
  graph: string;
  /** The local receiver's origin: the platform's webhook host. */
  hooks: string;
}

export const GRAPH_ORIGIN = "https://graph.microsoft.com";
export const HOOKS_ORIGIN = "https://hooks.example.com";
/** Items kept of a list of objects (a page of messages), of a list of plain values (bytes, addresses). */
export const MAX_OBJECTS = 3;
export const MAX_VALUES = 20;
export const MAX_TEXT = 400;

function text(s: string, origins: Origins): string {
  const placed = s.split(origins.graph).join(GRAPH_ORIGIN).split(origins.hooks).join(HOOKS_ORIGIN);
  return placed.length > MAX_TEXT ? `${placed.slice(0, MAX_TEXT)}…` : placed;
}

function walk(value: unknown, origins: Origins): unknown {
  if (typeof value === "string") return text(value, origins);
  if (Array.isArray(value)) {
    const plain = value.every((v) => v === null || typeof v !== "object");
    return value.slice(0, plain ? MAX_VALUES : MAX_OBJECTS).map((v) => walk(v, origins));
  }
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k, origins), walk(v, origins)]));
  return value;
}

/** The example-payload form of an answer (see the file's comment). */
export function presentable(value: unknown, origins: Origins): unknown {
  const json = JSON.stringify(value);
  return json === undefined ? null : walk(JSON.parse(json), origins);
}
