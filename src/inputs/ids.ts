import { ArgumentError, PropertyEmptyError, PropertyNullError } from "../errors";
import { text } from "./common";

/**
 * A Graph item id (message, folder, attachment, event, override, subscription...) from an input,
 * checked before any request: the id as given (trimmed, not yet encoded: the catalogue's path tag
 * encodes it) and the input that named it, so that a 404 on that item blames that input.
 */
export interface ItemRef {
  readonly id: string;
  readonly input: string;
}

/** Required, and free of characters that could reach another resource ("/", "\", "?", "#", "..", spaces). */
export function itemRef(input: string, value: unknown): ItemRef {
  if (value === undefined || value === null) throw new PropertyNullError(input);
  const id = String(value).trim();
  if (!id) throw new PropertyEmptyError(input);
  if (/[/\\?#\s]/.test(id) || id.includes("..") || id.length > 1024) {
    throw new ArgumentError(
      input,
      `'${input}' is not a valid Graph id: ids contain no '/', '\\', '?', '#', '..' or spaces ` +
        `(got '${id.slice(0, 80)}').`,
    );
  }
  return { id, input };
}

/** An optional id: undefined when the input is empty, else checked as `itemRef` does. */
export function optionalItemRef(input: string, value: unknown): ItemRef | undefined {
  return text(value) === undefined ? undefined : itemRef(input, value);
}
