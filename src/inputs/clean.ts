import { choice, choices, cleanedBy, flag, list, wholeNumber } from "./common";
import { itemRef } from "./ids";

export { cleanedBy, type CleanFunction } from "./common";

/**
 * Clean functions: the platform runs an input's `clean` on its value before the action sees it, so the value a step
 * records is the normal form (" HIGH " becomes "high", " 25 " becomes 25, an id pasted with a trailing newline loses
 * it). Each is made from the reader that checks the input in perform: a value that reader accepts becomes what the
 * reader makes of it; a value it refuses, and a blank one, pass unchanged, so perform refuses them with the same
 * typed error naming the input as before. A clean function never throws and never turns a refused value into an
 * accepted one; test/component/inputs/clean.test.ts checks both for every clean function of the component.
 */

/** One of a picklist's values, matched case-insensitively and trimmed, as the picklist spells it. */
export const cleanChoice = (property: string, allowed: readonly string[]) =>
  cleanedBy((value) => choice(property, value, allowed, allowed[0]));

/** A list of picklist values (a list, a JSON array or comma-separated text) as a list of the values as spelled. */
export const cleanChoices = (property: string, allowed: readonly string[]) =>
  cleanedBy((value) => choices(property, value, allowed));

/** A list of text items (a list, a JSON array or comma-separated text) as a list of trimmed items. */
export const cleanList = (property: string) => cleanedBy((value) => list(property, value));

/** true or false, from a boolean or its text in any case. */
export const cleanFlag = (property: string) => cleanedBy((value) => flag(property, value, false));

/** A whole number within bounds, from a number or digits with spaces around them. */
export const cleanWholeNumber = (property: string, min: number, max: number) =>
  cleanedBy((value) => wholeNumber(property, value, min, max));

/** A Graph id without the spaces or line breaks around it (an id holds none). */
export const cleanId = (property: string) =>
  cleanedBy(
    (value) => itemRef(property, value),
    (read) => (read as { id: string }).id,
  );
