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

  private constructor(value: string) {
    if (!value.startsWith("/")) throw new Error(`A Graph path starts with '/' (got '${value}').`);
    this.#value = value;
  }

  toString(): string {
    return this.#value;
  }

  toJSON(): string {
    return this.#value;
  }

  /** For `graphPath`, and for text the catalogue has checked itself (Raw Request's path, stored state). */
  static trusted(value: string): GraphPath {
    return new GraphPath(value);
  }
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
 * (an ItemRef by its checked id), except a GraphPath, which is inserted as it is.
 */
export function graphPath(strings: TemplateStringsArray, ...values: PathValue[]): GraphPath {
  let out = strings[0];
  values.forEach((value, i) => {
    out += segment(value) + strings[i + 1];
  });
  return GraphPath.trusted(out);
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
