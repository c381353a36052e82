import { ArgumentError, PropertyEmptyError, PropertyNullError } from "../errors";
import { asText, isBlank, list } from "./common";

/**
 * A Graph item id (message, folder, attachment, event, override, subscription...) from an input,
 * checked before any request: the id as given (trimmed, not yet encoded: the catalogue's path tag
 * encodes it) and the input that named it, so that a 404 on that item blames that input.
 */
export interface ItemRef {
  readonly id: string;
  readonly input: string;
}

/**
 * What no Graph id holds, and what could make one reach another resource or break the request: "/", "\", "?", "#",
 * "..", spaces and control characters (C0, DEL, C1, line and paragraph separators).
 */
const NOT_IN_IDS = /[/\\?#\s\p{Cc}\u2028\u2029]|\.\./u;

/** The one check every id input gets: present, not empty, not "." or "..", one path segment, at most 1024 chars. */
export function itemRef(input: string, value: unknown): ItemRef {
  if (value === undefined || value === null) throw new PropertyNullError(input);
  const id = asText(input, value).trim();
  if (!id) throw new PropertyEmptyError(input);
  if (id === "." || NOT_IN_IDS.test(id) || id.length > 1024) {
    throw new ArgumentError(
      input,
      `'${input}' is not a valid Graph id: ids are not '.' and contain no '/', '\\', '?', '#', '..', spaces or ` +
        `control characters (got '${id.slice(0, 80)}').`,
    );
  }
  return { id, input };
}

/** An optional id: undefined when the input is empty, else checked as `itemRef` does. */
export function optionalItemRef(input: string, value: unknown): ItemRef | undefined {
  return isBlank(value) ? undefined : itemRef(input, value);
}

/** An id input with a default (a well-known folder such as "inbox") used when it is empty. */
export function itemRefOr(input: string, value: unknown, fallback: string): ItemRef {
  return optionalItemRef(input, value) ?? itemRef(input, fallback);
}

/**
 * Text that came from an input and travels in a query (a filter, a search, a select): the catalogue passes it on
 * with the input's key, so that Graph's refusal of it blames that input.
 */
export interface InputText {
  readonly text: string;
  readonly input: string;
}

export function inputText(input: string, value: string | undefined): InputText | undefined {
  return value === undefined ? undefined : { text: value, input };
}

/**
 * The pieces of an input that lists ids: a list, text separated by commas or line breaks, or a JSON array; each named
 * by its position (e.g. "messageIds[3]") for the check that follows. Blank pieces are skipped.
 */
export function listedIds(property: string, value: unknown): { value: unknown; input: string }[] {
  if (value === undefined || value === null) throw new PropertyNullError(property);
  let items: unknown[] = Array.isArray(value) ? value : [value];
  if (!Array.isArray(value) && asText(property, value).trim().startsWith("[")) items = list(property, value);
  const pieces = items.flatMap((item) => (typeof item === "string" ? item.split(/[,\r\n]+/) : [item]));
  return pieces
    .map((piece, n) => ({ value: piece, input: `${property}[${n}]` }))
    .filter((p) => !(typeof p.value === "string" && !p.value.trim()));
}

/** Ids from `listedIds`, each checked by `check`, a repeated id kept once, at least one and at most `max`. */
export function distinctIds<T extends { id: string }>(
  property: string,
  value: unknown,
  max: number,
  check: (input: string, value: unknown) => T,
): T[] {
  const out = new Map<string, T>();
  for (const piece of listedIds(property, value)) {
    const checked = check(piece.input, piece.value);
    if (!out.has(checked.id)) out.set(checked.id, checked);
  }
  if (!out.size) throw new PropertyEmptyError(property, "Give at least one ID.");
  if (out.size > max)
    throw new ArgumentError(property, `'${property}' holds ${out.size} IDs; give at most ${max} at once.`);
  return [...out.values()];
}
