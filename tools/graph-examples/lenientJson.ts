/**
 * Parses the JSON of a reference page, which is written for people: it may carry `//` comments,
 * `...` standing for left-out items, trailing commas and non-breaking spaces. Strings are never touched. Returns
 * undefined when the text still is not JSON (a placeholder like `{size}` where a number belongs).
 */
export function parseLenientJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    try {
      return JSON.parse(cleanJson(trimmed));
    } catch {
      return undefined;
    }
  }
}

/** The last character of `out` that is not white space. */
function lastSignificant(out: string): string {
  const m = /\S\s*$/.exec(out);
  return m ? m[0][0] : "";
}

function skipComment(text: string, i: number): number {
  if (text.startsWith("//", i)) {
    const eol = text.indexOf("\n", i);
    return eol < 0 ? text.length : eol;
  }
  const end = text.indexOf("*/", i + 2);
  return end < 0 ? text.length : end + 2;
}

/** Copies a JSON string literal starting at `i` (the opening quote); returns the index after it. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
  return j + 1;
}

function cleanJson(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith("//", i) || text.startsWith("/*", i)) {
      i = skipComment(text, i);
    } else if (text.startsWith("...", i) || c === "…") {
      i += c === "…" ? 1 : 3;
      while (text[i] === ".") i++;
    } else if (c === "\u00a0" || c === "\u200b" || c === "\ufeff") {
      // Non-breaking and zero-width spaces some pages carry between tokens.
      out += " ";
      i++;
    } else if (c === ",") {
      if (![",", "{", "["].includes(lastSignificant(out))) out += c;
      i++;
    } else if (c === "}" || c === "]") {
      out = out.replace(/,\s*$/, "") + c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
