import type { ItemRef } from "../inputs/ids";

/**
 * Graph paths, made one way only. A `GraphPath` is a path relative to Graph's root and version
 * ("/users/adelev%40contoso.com/messages/AAMk..."); only the `graphPath` tag below makes one, and it
 * encodes every value interpolated into it exactly once, so an id or an address can never add a
 * segment, a query or a fragment to the request. `GraphCall.path` takes nothing else (or a link
 * Graph gave us, checked by the catalogue), so a path spelled by hand does not type-check.
 */
export class GraphPath {
  readonly #value: string;
  /** The input ids this path names, outermost first, each with the path up to and including it (for blame). */
  readonly refs: readonly NamedItem[];

  private constructor(value: string, refs: readonly NamedItem[]) {
    if (!value.startsWith("/")) throw new Error(`A Graph path starts with '/' (got '${value}').`);
    this.#value = value;
    this.refs = refs;
  }

  toString(): string {
    return this.#value;
  }

  toJSON(): string {
    return this.#value;
  }

  /** For `graphPath`, and for text the catalogue has checked itself (Raw Request's path, stored state). */
  static trusted(value: string, refs: readonly NamedItem[] = []): GraphPath {
    return new GraphPath(value, refs);
  }
}

/** An item an input named in a path: the input, and the path of that item (what to probe to see if it exists). */
export interface NamedItem {
  input: string;
  path: GraphPath;
}

/** What a path may interpolate: text and numbers (encoded), checked input ids (encoded), and other paths (verbatim). */
export type PathValue = string | number | ItemRef | GraphPath;

function segment(value: PathValue): string {
  if (value instanceof GraphPath) return value.toString();
  const raw = typeof value === "object" ? value.id : String(value);
  // ".." and "." survive encodeURIComponent and would climb the path; "" would drop a segment.
  if (raw === "" || raw === "." || raw === "..")
    throw new Error(`A Graph path segment cannot be '${raw}' (a value that should have been checked was not).`);
  return encodeURIComponent(raw);
}

/**
 * The only way to make a Graph path: graphPath`${mailbox.root}/messages/${messageId}/attachments`.
 * Literal text is kept as written; each interpolated value is encoded with encodeURIComponent
 * (an ItemRef by its checked id), except a GraphPath, which is inserted as it is. The path remembers
 * which inputs named its items (an ItemRef's input, and those of the paths inserted), so that Graph's
 * 404 blames the input that named the missing item.
 */
export function graphPath(strings: TemplateStringsArray, ...values: PathValue[]): GraphPath {
  let out = strings[0];
  const refs: NamedItem[] = [];
  values.forEach((value, i) => {
    const before = out;
    out += segment(value);
    if (value instanceof GraphPath)
      refs.push(...value.refs.map((r) => ({ input: r.input, path: GraphPath.trusted(before + String(r.path)) })));
    else if (typeof value === "object") refs.push({ input: value.input, path: GraphPath.trusted(out) });
    out += strings[i + 1];
  });
  return GraphPath.trusted(out, refs);
}

/**
 * An absolute URL Graph gave us to follow (@odata.nextLink, @odata.deltaLink), checked by the
 * catalogue before it is used (see paging.ts); the client sends it as it is.
 */
export class GraphLink {
  readonly #url: string;

  private constructor(url: string) {
    this.#url = url;
  }

  toString(): string {
    return this.#url;
  }

  toJSON(): string {
    return this.#url;
  }

  /** For paging.ts, which checks the URL first. */
  static trusted(url: string): GraphLink {
    return new GraphLink(url);
  }
}
