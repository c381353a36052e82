import { ArgumentError } from "../errors";
import type { InputText } from "../inputs/ids";

/**
 * Query strings, encoded once, on the one road: every key and value is percent-encoded (so '&', '#', '+', '%', '=',
 * spaces and any Unicode reach Graph as typed; a $filter's OData quoting, '' inside a literal, is left as written),
 * and the string is built here, since the Graph JS client's `.query()` joins values as they are.
 */

export type QueryValue = string | number | boolean | InputText | undefined;
export type Query = Record<string, QueryValue>;

export interface EncodedQuery {
  /** "?$filter=subject%20eq%20'Q%26A'&$top=5", or "" when there is nothing to send. */
  search: string;
  /** The inputs the values came from, for blame when Graph refuses one. */
  inputs: { key: string; input: string; text: string }[];
}

const isInputText = (v: QueryValue): v is InputText => typeof v === "object" && v !== null;

function encode(part: string, input: string | undefined): string {
  try {
    return encodeURIComponent(part);
  } catch {
    // Only a lone surrogate makes encodeURIComponent throw; the input readers refuse those first.
    throw new ArgumentError(input ?? "query", `'${input ?? "query"}' holds a broken character (a lone surrogate).`);
  }
}

/**
 * What percent-encoding may leave as typed inside a query value or key: '$', ',', ':' and '@' delimit nothing there
 * (only '&', '=', '#' and '+' do, and those are encoded), and Graph's own examples write them so ($select=a,b).
 */
const readable = (encoded: string) => encoded.replace(/%(24|2C|3A|40)/g, (m) => decodeURIComponent(m));

/** Encodes a query, every key and value once. */
export function encodeQuery(query: Query | undefined): EncodedQuery {
  const parts: string[] = [];
  const inputs: EncodedQuery["inputs"] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const text = isInputText(value) ? value.text : String(value);
    const input = isInputText(value) ? value.input : undefined;
    if (input) inputs.push({ key, input, text });
    parts.push(`${readable(encode(key, input))}=${readable(encode(text, input))}`);
  }
  return { search: parts.length ? `?${parts.join("&")}` : "", inputs };
}
