import { readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { Block, InputInfo } from "./catalog";
import { CliError } from "./errors";

/**
 * Turns command-line values into the params a block's perform receives, the way the platform
 * would pass them: text for text inputs; JSON objects and arrays parsed for data, code and list
 * inputs; `@path` read from disk (bytes as spectral's `{ data, contentType }` file shape for data
 * inputs, UTF-8 for text and code inputs; `@@` keeps a literal `@`); lists from repeated options
 * (`--to` is text, but `--changeTypes created --changeTypes updated` is a list); key-value lists
 * from `name=value` (attachments: `--attachments report.pdf=@./report.pdf`, or just `@./report.pdf`).
 * Unknown inputs and missing required ones fail here, before anything is started or sent.
 */

const TEXT_TYPES = new Set(["string", "text", "password", "boolean", "picklist"]);
const FILE_TYPES = new Set(["data"]);
const READABLE_TEXT_TYPES = new Set(["text", "code"]);

function inputError(code: string, input: string, message: string): CliError {
  return new CliError(code, message, input);
}

function readPath(input: string, path: string): Buffer {
  const full = resolve(path);
  try {
    if (!statSync(full).isFile()) throw new Error("not a file");
    return readFileSync(full);
  } catch {
    throw inputError("InputFileNotFound", input, `'${input}': cannot read the file '${path}'.`);
  }
}

/** File data as the platform passes it to a data input. */
function fileValue(input: string, path: string): { data: Buffer; contentType: string } {
  return { data: readPath(input, path), contentType: "application/octet-stream" };
}

function parseJsonIfShaped(input: string, raw: string): unknown {
  const trimmed = raw.trim();
  if (!/^[[{]/.test(trimmed)) return raw;
  try {
    return JSON.parse(trimmed);
  } catch (e) {
    throw inputError("ArgumentInvalid", input, `'${input}' looks like JSON but is not: ${(e as Error).message}.`);
  }
}

/** One value given for a non-list input. */
function scalar(info: InputInfo, raw: string): unknown {
  if (raw.startsWith("@@")) return raw.slice(1);
  if (raw.startsWith("@") && FILE_TYPES.has(info.type)) return fileValue(info.key, raw.slice(1));
  if (raw.startsWith("@") && READABLE_TEXT_TYPES.has(info.type)) return readPath(info.key, raw.slice(1)).toString();
  if (TEXT_TYPES.has(info.type)) return raw;
  return parseJsonIfShaped(info.key, raw);
}

/** One `name=value` item of a key-value list (a bare `@path` takes the file's name as its key). */
function pair(info: InputInfo, raw: string): { key: string; value: unknown } {
  if (raw.startsWith("@") && !raw.startsWith("@@") && FILE_TYPES.has(info.type)) {
    const path = raw.slice(1);
    return { key: basename(path), value: fileValue(info.key, path) };
  }
  const eq = raw.indexOf("=");
  if (eq <= 0) throw inputError("ArgumentInvalid", info.key, `'${info.key}' takes name=value items (got '${raw}').`);
  return { key: raw.slice(0, eq), value: scalar(info, raw.slice(eq + 1)) };
}

/** A list input: one JSON array, or one item per repeated option. */
function list(info: InputInfo, raws: string[]): unknown {
  if (raws.length === 1 && raws[0].trim().startsWith("[")) {
    const parsed = parseJsonIfShaped(info.key, raws[0]);
    return info.collection === "keyvaluelist" ? fileRefs(info, parsed) : parsed;
  }
  if (info.collection === "keyvaluelist") {
    if (raws.length === 1 && raws[0].trim().startsWith("{")) return objectToPairs(info, raws[0]);
    return raws.map((r) => pair(info, r));
  }
  return raws.map((r) => scalar(info, r));
}

function objectToPairs(info: InputInfo, raw: string): unknown {
  const parsed = parseJsonIfShaped(info.key, raw) as Record<string, unknown>;
  return fileRefs(
    info,
    Object.entries(parsed).map(([key, value]) => ({ key, value })),
  );
}

/** In JSON given for a data list (or a params file), `"@path"` values are files too. */
function fileRefs(info: InputInfo, value: unknown): unknown {
  if (!FILE_TYPES.has(info.type) || !Array.isArray(value)) return value;
  return value.map((item: unknown) => {
    const v = (item as { value?: unknown })?.value;
    if (typeof v === "string" && v.startsWith("@") && !v.startsWith("@@"))
      return { ...(item as object), value: fileValue(info.key, v.slice(1)) };
    return item;
  });
}

/** A value from a params file: already JSON; strings get the same treatment as on the command line. */
function fromParamsFile(info: InputInfo, value: unknown): unknown {
  if (typeof value === "string") return info.collection ? list(info, [value]) : scalar(info, value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return fileRefs(info, value);
}

export function readParamsFile(path: string): Record<string, unknown> {
  const text = readPath("params", path).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw inputError("ArgumentInvalid", "params", `'${path}' is not JSON: ${(e as Error).message}.`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw inputError("ArgumentInvalid", "params", `'${path}' must hold one JSON object of input values.`);
  return parsed as Record<string, unknown>;
}

function nearest(key: string, keys: string[]): string {
  const lower = key.toLowerCase();
  const close = keys.filter((k) => k.toLowerCase().includes(lower) || lower.includes(k.toLowerCase()));
  return close.length ? ` Did you mean ${close.map((k) => `--${k}`).join(" or ")}?` : "";
}

/**
 * The params for a block from its options and an optional params file (options win). The
 * connection input is the runner's to fill; every other input must be one the block declares.
 */
export function buildParams(
  block: Block,
  options: Map<string, string[]>,
  file: Record<string, unknown> = {},
): Record<string, unknown> {
  const inputs = new Map(block.inputs.filter((i) => i.type !== "connection").map((i) => [i.key, i]));
  const keys = [...inputs.keys()];
  const params: Record<string, unknown> = {};
  for (const key of [...Object.keys(file), ...options.keys()]) {
    if (!inputs.has(key))
      throw inputError(
        "UnknownInput",
        key,
        `'${block.key}' has no input '${key}'.${nearest(key, keys)} Inputs: ${keys.join(", ") || "none"}.`,
      );
  }
  for (const [key, value] of Object.entries(file)) params[key] = fromParamsFile(inputs.get(key)!, value);
  for (const [key, raws] of options) {
    const info = inputs.get(key)!;
    if (info.collection) params[key] = list(info, raws);
    else if (raws.length > 1)
      throw inputError("ArgumentInvalid", key, `'${key}' takes one value; it was given ${raws.length} times.`);
    else params[key] = scalar(info, raws[0]);
  }
  for (const info of inputs.values()) {
    const given = params[info.key];
    if (info.required && info.default === undefined && (given === undefined || given === ""))
      throw inputError("PropertyNull", info.key, `'${info.key}' (${info.label}) is required: give --${info.key}.`);
  }
  return params;
}
