import { input } from "@prismatic-io/spectral";
import { ArgumentError, PropertyEmptyError, PropertyNullError } from "../errors";

/**
 * The readers every input goes through: text, required text, choices, flags, whole numbers and lists. Each takes the
 * input's key, so a value of the wrong kind (an object where text is expected, an array holding objects, a number
 * that is not whole) is refused with a typed error naming that input, before any request, instead of becoming
 * "[object Object]" or throwing a TypeError.
 */

/**
 * A clean function from a reader (see clean.ts, which makes the component's others): what the reader accepts becomes
 * what it makes of it, a refused or blank value passes unchanged for perform to refuse naming the input.
 */
export interface CleanFunction {
  (value: unknown): unknown;
  /** The reader it is made from (what perform checks the input with). */
  readonly reader: (value: unknown) => unknown;
}

/** A clean function from a reader, and what to keep of what the reader returns (all of it by default). */
export function cleanedBy(
  reader: (value: unknown) => unknown,
  normal: (read: unknown) => unknown = (read) => read,
): CleanFunction {
  const clean = (value: unknown): unknown => {
    if (isBlank(value)) return value;
    try {
      const read = reader(value);
      return read === undefined ? value : normal(read);
    } catch {
      // Refused: perform refuses it again, with the reader's typed error naming the input.
      return value;
    }
  };
  return Object.assign(clean, { reader });
}

/** A picklist's model: each value labelled as itself. */
export const picklist = (values: readonly string[]) => values.map((v) => ({ label: v, value: v }));

export const connectionInput = input({ label: "Connection", type: "connection", required: true });

export const mailboxInput = input({
  label: "Mailbox",
  type: "string",
  required: false,
  example: "sales@contoso.onmicrosoft.com",
  comments:
    "The mailbox to act on: a user principal name, SMTP address or object ID, including a shared mailbox. Defaults " +
    "to the connection's User ID, or the signed-in user.",
  clean: cleanedBy((value) => text("mailbox", value)?.trim()),
});

/** Nothing given: undefined, null, or text made only of spaces. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** A UTF-16 surrogate without its other half: no text encoding (UTF-8 for JSON, percent-encoding for URLs) holds it. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether text can travel to Graph at all: no lone surrogate. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

const kindOf = (value: unknown) =>
  Array.isArray(value)
    ? "a list"
    : Buffer.isBuffer(value)
      ? "file data"
      : value === null
        ? "null"
        : `an ${typeof value}`;

/**
 * The text a value stands for: a string as typed, a number or a boolean as written. Objects, lists, file data
 * and objects with their own toString are refused: their text would be "[object Object]" or whatever they make up.
 */
export function asText(property: string, value: unknown): string {
  let s: string;
  if (typeof value === "string") s = value;
  else if (typeof value === "number" || typeof value === "boolean") s = String(value);
  else throw new ArgumentError(property, `'${property}' must be text (got ${kindOf(value)}).`);
  if (!isWellFormed(s))
    throw new ArgumentError(property, `'${property}' holds a broken character (a lone UTF-16 surrogate).`);
  return s;
}

/** Optional text: undefined when blank, else the text as typed. */
export function text(property: string, value: unknown): string | undefined {
  if (isBlank(value)) return undefined;
  const s = asText(property, value);
  return s.trim() === "" ? undefined : s;
}

/** Required text: a typed error naming the input when it is missing or blank. */
export function requiredText(property: string, value: unknown, hint = ""): string {
  if (value === undefined || value === null) throw new PropertyNullError(property, hint);
  const s = text(property, value);
  if (s === undefined) throw new PropertyEmptyError(property, hint);
  return s;
}

/** A picklist value checked against its choices (case-insensitively), with the default when empty. */
export function choice<T extends string>(property: string, value: unknown, allowed: readonly T[], fallback: T): T {
  const given = text(property, value)?.trim();
  if (given === undefined) return fallback;
  const found = allowed.find((a) => a.toLowerCase() === given.toLowerCase());
  if (!found) throw new ArgumentError(property, `'${property}' must be one of ${allowed.join(", ")} (got '${given}').`);
  return found;
}

/** A picklist value that must be chosen: no default stands in for it (an empty Response accepts no meeting). */
export function requiredChoice<T extends string>(property: string, value: unknown, allowed: readonly T[]): T {
  requiredText(property, value, `Choose one of ${allowed.join(", ")}.`);
  return choice(property, value, allowed, allowed[0]);
}

/** A boolean input: spectral passes strings ("true"/"false") as often as booleans. */
export function flag(property: string, value: unknown, fallback: boolean): boolean {
  if (typeof value === "boolean") return value;
  const s = text(property, value)?.trim().toLowerCase();
  if (s === undefined) return fallback;
  if (s === "true") return true;
  if (s === "false") return false;
  throw new ArgumentError(property, `'${property}' must be true or false (got '${s}').`);
}

/** A whole number from min to max, given as a number or as digits; undefined when empty. */
export function wholeNumber(property: string, value: unknown, min: number, max: number): number | undefined {
  const s = text(property, value)?.trim();
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max)
    throw new ArgumentError(property, `'${property}' must be a whole number from ${min} to ${max} (got '${s}').`);
  return Number(s);
}

/** A list of picklist values (see `list`), each checked as `choice` checks one and named by its position. */
export function choices<T extends string>(property: string, value: unknown, allowed: readonly T[]): T[] {
  return list(property, value).map((item, i) => choice(`${property}[${i}]`, item, allowed, allowed[0]));
}

/**
 * A list input: a list of text items, or text holding a JSON array or comma-separated items (the documented string
 * form). Blank items are skipped; an item that is not text (or null) is refused naming its position, never dropped.
 */
export function list(property: string, value: unknown): string[] {
  if (isBlank(value)) return [];
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else {
    const s = asText(property, value).trim();
    items = s.startsWith("[") ? jsonArray(property, s) : s.split(",");
  }
  return items.flatMap((item, i) => {
    const where = `${property}[${i}]`;
    if (item === null || item === undefined)
      throw new ArgumentError(where, `'${property}' holds an empty item at position ${i}.`);
    const t = text(where, item)?.trim();
    return t === undefined ? [] : [t];
  });
}

/** A JSON object: an object, or text holding one; anything else is refused with an example of the form. */
export function jsonObject(property: string, value: unknown, example: string): Record<string, unknown> {
  let json = value;
  if (typeof value === "string") {
    try {
      json = JSON.parse(value);
    } catch {
      json = undefined;
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json) || Buffer.isBuffer(json))
    throw new ArgumentError(property, `'${property}' must be a JSON object such as ${example}.`);
  return json as Record<string, unknown>;
}

function jsonArray(property: string, s: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(s);
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // refused below
  }
  throw new ArgumentError(property, `'${property}' must be a list, a JSON array or comma-separated text.`);
}
