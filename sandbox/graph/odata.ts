import { GraphError } from "../http";
import type { RouteContext } from "../router";
import { graphSchema, type TypeRef } from "../schema";

/**
 * OData query options on in-memory collections of Graph-shaped JSON, with Exchange's rules:
 * $filter (comparisons, and/or/not, startswith/endswith/contains, any/all lambdas), $orderby
 * (with the InefficientFilter rule), $select, $top, $skip, $count and $search (KQL-ish, capped at
 * 1,000 results, never with $filter, $orderby or $skip). Property paths are checked against
 * Graph's schema. String comparisons ignore case, as Exchange's do.
 */

export interface QueryOptions {
  /** Fully qualified entity type, e.g. "microsoft.graph.message": property paths are checked against it. */
  typeName: string;
  defaultTop: number;
  maxTop: number;
  /** Order when no $orderby is given. */
  defaultOrder?: { path: string[]; desc: boolean }[];
  /** The texts $search matches; omitted means $search is refused. */
  searchText?: (item: Record<string, unknown>) => string[];
  /** Whether $filter is supported on this collection (default true). */
  filterable?: boolean;
  /** Exchange's InefficientFilter rule ($orderby properties must lead $filter's); directory objects have none. */
  orderByMustLeadFilter?: boolean;
}

export interface QueryResult<T> {
  items: T[];
  total: number;
  nextSkip?: number;
}

const SEARCH_LIMIT = 1000;

/** A query option by name, with or without "$", in any case. */
function option(query: URLSearchParams, name: string): string | undefined {
  for (const [k, v] of query) {
    const key = k.toLowerCase();
    if (key === `$${name}` || key === name) return v;
  }
  return undefined;
}

function parseUriError(property: string, typeName: string): GraphError {
  return new GraphError(
    400,
    "RequestBroker--ParseUri",
    `Could not find a property named '${property}' on type '${typeName}'.`,
  );
}

/** Navigation properties $filter may test (through any/all): Outlook's extended properties, as Graph documents. */
const FILTERABLE_NAVIGATION = ["singleValueExtendedProperties", "multiValueExtendedProperties"];

/** Resolves a property path ("from/emailAddress/address") against the schema; returns its type. */
function resolveProperty(typeName: string, path: string[]): TypeRef {
  const schema = graphSchema();
  let type: TypeRef = { name: typeName, collection: false };
  for (const segment of path) {
    const prop =
      schema.propertiesOf(type.name).get(segment) ??
      (FILTERABLE_NAVIGATION.includes(segment) ? schema.navigationOf(type.name).get(segment) : undefined);
    if (!prop) throw parseUriError(segment, type.name);
    type = prop;
  }
  return type;
}

/**
 * The properties `$select` names, in Graph's casing (names match without regard to case); each
 * must be declared on the type or, for abstract bases such as attachment, on one of `alsoOn`.
 */
export function parseSelect(query: URLSearchParams, typeName: string, alsoOn: string[] = []): string[] | undefined {
  const raw = option(query, "select");
  if (raw === undefined) return undefined;
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const declared = [typeName, ...alsoOn].flatMap((t) => [...graphSchema().propertiesOf(t).keys()]);
  return names.map((n) => {
    if (n === "*") return n;
    const found = declared.find((d) => d.toLowerCase() === n.toLowerCase());
    if (!found) throw parseUriError(n, typeName);
    return found;
  });
}

function integerOption(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = option(query, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) {
    throw new GraphError(
      400,
      "BadRequest",
      `Invalid value '${raw}' for $${name}: it must be an integer between ${min} and ${max}.`,
    );
  }
  return n;
}

function valueAt(item: unknown, path: string[]): unknown {
  let v = item;
  for (const p of path) {
    if (v === null || v === undefined || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// $filter: tokenizer, recursive-descent parser, evaluator.

type Token = { kind: "string" | "number" | "word" | "punct"; text: string; value?: string | number; pos: number };

const DATE_LITERAL = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?/;
const GUID_LITERAL = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;

function filterError(message: string, pos: number): GraphError {
  return new GraphError(400, "BadRequest", `Invalid filter clause: ${message} at position ${pos}.`);
}

/** A quoted string starting at `start` ('' inside is one quote). */
function stringLiteral(expr: string, start: number): Token {
  let j = start + 1;
  let text = "";
  for (;;) {
    if (j >= expr.length) throw filterError("unterminated string literal", start);
    if (expr[j] === "'") {
      if (expr[j + 1] !== "'") break;
      text += "'";
      j += 2;
      continue;
    }
    text += expr[j++];
  }
  return { kind: "string", text: expr.slice(start, j + 1), value: text, pos: start };
}

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      const literal = stringLiteral(expr, i);
      tokens.push(literal);
      i += literal.text.length;
      continue;
    }
    if ("(),:/".includes(c)) {
      tokens.push({ kind: "punct", text: c, pos: i });
      i++;
      continue;
    }
    const rest = expr.slice(i);
    const guid = GUID_LITERAL.exec(rest);
    if (guid) {
      tokens.push({ kind: "string", text: guid[0], value: guid[0], pos: i });
      i += guid[0].length;
      continue;
    }
    const date = DATE_LITERAL.exec(rest);
    if (date && date[0].length >= 10) {
      tokens.push({ kind: "string", text: date[0], value: date[0], pos: i });
      i += date[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(rest);
    if (num) {
      tokens.push({ kind: "number", text: num[0], value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_$@][A-Za-z0-9_.$@-]*/.exec(rest);
    if (word) {
      tokens.push({ kind: "word", text: word[0], pos: i });
      i += word[0].length;
      continue;
    }
    throw filterError(`unexpected character '${c}'`, i);
  }
  return tokens;
}

type Scope = Map<string, unknown>;
type Expr = (item: Record<string, unknown>, scope: Scope) => unknown;

const COMPARISONS = ["eq", "ne", "gt", "ge", "lt", "le"];
const STRING_FUNCTIONS = ["startswith", "endswith", "contains"];

/** Compares two filter values: strings without regard to case, ISO dates as instants. */
function compare(a: unknown, b: unknown): number | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  if (DATE_LITERAL.test(sa) && DATE_LITERAL.test(sb) && sa.length >= 10 && sb.length >= 10) {
    const da = Date.parse(sa);
    const db = Date.parse(sb);
    if (!Number.isNaN(da) && !Number.isNaN(db)) return da - db;
  }
  return sa.toLowerCase().localeCompare(sb.toLowerCase());
}

/**
 * How deeply a $filter may nest (parentheses, not, functions, lambdas): deeper ones get a 400, not a stack overflow.
 */
export const MAX_FILTER_DEPTH = 100;

class FilterParser {
  private i = 0;
  private depth = 0;
  /** Property paths in order of first appearance (for the InefficientFilter rule). */
  readonly paths: string[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly typeName: string,
    private readonly end: number,
  ) {}

  parse(): Expr {
    if (this.tokens.length === 0) throw filterError("the expression is empty", 0);
    const e = this.or(new Map());
    if (this.i < this.tokens.length)
      throw filterError(`unexpected '${this.tokens[this.i].text}'`, this.tokens[this.i].pos);
    return e;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t?.kind === "word" && t.text.toLowerCase() === text;
  }

  private expect(text: string): Token {
    const t = this.peek();
    if (!t || t.text !== text) throw filterError(`expected '${text}'`, t?.pos ?? this.end);
    this.i++;
    return t;
  }

  private or(lambdas: Map<string, string>): Expr {
    let left = this.and(lambdas);
    while (this.isWord("or")) {
      this.i++;
      const l = left;
      const r = this.and(lambdas);
      left = (item, scope) => Boolean(l(item, scope)) || Boolean(r(item, scope));
    }
    return left;
  }

  private and(lambdas: Map<string, string>): Expr {
    let left = this.not(lambdas);
    while (this.isWord("and")) {
      this.i++;
      const l = left;
      const r = this.not(lambdas);
      left = (item, scope) => Boolean(l(item, scope)) && Boolean(r(item, scope));
    }
    return left;
  }

  private not(lambdas: Map<string, string>): Expr {
    if (this.isWord("not")) {
      this.i++;
      const inner = this.nested(() => this.not(lambdas));
      return (item, scope) => !inner(item, scope);
    }
    return this.comparison(lambdas);
  }

  /** Parses one level deeper, within MAX_FILTER_DEPTH. */
  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) {
      throw filterError(`the expression nests more than ${MAX_FILTER_DEPTH} levels deep`, this.peek()?.pos ?? this.end);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private comparison(lambdas: Map<string, string>): Expr {
    const left = this.primary(lambdas);
    const t = this.peek();
    if (t?.kind === "word" && COMPARISONS.includes(t.text.toLowerCase())) {
      this.i++;
      const op = t.text.toLowerCase();
      const right = this.primary(lambdas);
      return (item, scope) => {
        const a = left(item, scope);
        const b = right(item, scope);
        if (op === "eq")
          return (a ?? null) === null || (b ?? null) === null ? (a ?? null) === (b ?? null) : compare(a, b) === 0;
        if (op === "ne")
          return (a ?? null) === null || (b ?? null) === null ? (a ?? null) !== (b ?? null) : compare(a, b) !== 0;
        const c = compare(a, b);
        if (c === undefined) return false;
        return op === "gt" ? c > 0 : op === "ge" ? c >= 0 : op === "lt" ? c < 0 : c <= 0;
      };
    }
    return left;
  }

  private primary(lambdas: Map<string, string>): Expr {
    return this.nested(() => this.primaryAt(lambdas));
  }

  private primaryAt(lambdas: Map<string, string>): Expr {
    const t = this.peek();
    if (!t) throw filterError("the expression ends too early", this.end);
    if (t.text === "(") {
      this.i++;
      const inner = this.or(lambdas);
      this.expect(")");
      return inner;
    }
    if (t.kind === "string" || t.kind === "number") {
      this.i++;
      return () => t.value;
    }
    if (t.kind !== "word") throw filterError(`unexpected '${t.text}'`, t.pos);
    const word = t.text.toLowerCase();
    if (word === "true" || word === "false") {
      this.i++;
      return () => word === "true";
    }
    if (word === "null") {
      this.i++;
      return () => null;
    }
    if (STRING_FUNCTIONS.includes(word) && this.tokens[this.i + 1]?.text === "(") {
      this.i += 2;
      const subject = this.primary(lambdas);
      this.expect(",");
      const needle = this.primary(lambdas);
      this.expect(")");
      return (item, scope) => {
        const s = subject(item, scope);
        const n = needle(item, scope);
        if (typeof s !== "string" || typeof n !== "string") return false;
        const hay = s.toLowerCase();
        const nd = n.toLowerCase();
        return word === "startswith" ? hay.startsWith(nd) : word === "endswith" ? hay.endsWith(nd) : hay.includes(nd);
      };
    }
    return this.path(lambdas);
  }

  /** A property path, or a lambda variable's path, possibly ending in any(...) / all(...). */
  private path(lambdas: Map<string, string>): Expr {
    const start = this.peek()!;
    const segments: string[] = [start.text];
    this.i++;
    while (this.peek()?.text === "/") {
      this.i++;
      const seg = this.peek();
      if (!seg || seg.kind !== "word") throw filterError("expected a property name after '/'", seg?.pos ?? this.end);
      this.i++;
      // Graph's documents write "Any" as often as "any" (extended property filters): both work.
      const word = seg.text.toLowerCase();
      if ((word === "any" || word === "all") && this.peek()?.text === "(") return this.lambda(segments, word, lambdas);
      segments.push(seg.text);
    }
    const variable = lambdas.get(segments[0]);
    if (variable !== undefined) {
      // Inside a lambda: the path is relative to the element ("r/emailAddress/address").
      const rest = segments.slice(1);
      if (variable) resolveProperty(variable, rest);
      const name = segments[0];
      return (_item, scope) => valueAt(scope.get(name), rest);
    }
    resolveProperty(this.typeName, segments);
    const joined = segments.join("/");
    if (!this.paths.includes(joined)) this.paths.push(joined);
    return (item) => valueAt(item, segments);
  }

  private lambda(collectionPath: string[], kind: string, lambdas: Map<string, string>): Expr {
    const type = resolveProperty(this.typeName, collectionPath);
    if (!type.collection) throw filterError(`'${collectionPath.join("/")}' is not a collection`, this.peek()!.pos);
    const joined = collectionPath.join("/");
    if (!this.paths.includes(joined)) this.paths.push(joined);
    this.expect("(");
    const v = this.peek();
    if (!v || v.kind !== "word") throw filterError("expected a lambda variable", v?.pos ?? this.end);
    this.i++;
    this.expect(":");
    const inner = new Map(lambdas);
    // Elements of primitive collections (categories) have no properties; complex ones do.
    inner.set(v.text, type.name.startsWith("Edm.") ? "" : type.name);
    const body = this.or(inner);
    this.expect(")");
    return (item, scope) => {
      const list = valueAt(item, collectionPath);
      if (!Array.isArray(list)) return false;
      const test = (el: unknown) => Boolean(body(item, new Map(scope).set(v.text, el)));
      return kind === "any" ? list.some(test) : list.every(test);
    };
  }
}

function parseFilter(
  expr: string,
  typeName: string,
): { test: (item: Record<string, unknown>) => boolean; paths: string[] } {
  const parser = new FilterParser(tokenize(expr), typeName, expr.length);
  const e = parser.parse();
  return { test: (item) => Boolean(e(item, new Map())), paths: parser.paths };
}

export function compileFilter(expr: string, typeName: string): (item: Record<string, unknown>) => boolean {
  return parseFilter(expr, typeName).test;
}

// ---------------------------------------------------------------------------------------------
// $orderby and $search.

function parseOrderBy(raw: string, typeName: string): { path: string[]; desc: boolean }[] {
  return raw.split(",").map((part) => {
    const m = /^\s*([A-Za-z0-9_/]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) throw new GraphError(400, "BadRequest", `Invalid $orderby clause '${part.trim()}'.`);
    const path = m[1].split("/");
    resolveProperty(typeName, path);
    return { path, desc: (m[2] ?? "asc").toLowerCase() === "desc" };
  });
}

function sortBy<T extends Record<string, unknown>>(items: T[], order: { path: string[]; desc: boolean }[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((x, y) => {
      for (const o of order) {
        const a = valueAt(x.item, o.path);
        const b = valueAt(y.item, o.path);
        let c: number;
        if ((a ?? null) === null && (b ?? null) === null) c = 0;
        else if ((a ?? null) === null) c = -1;
        else if ((b ?? null) === null) c = 1;
        else c = compare(a, b) ?? 0;
        if (c !== 0) return o.desc ? -c : c;
      }
      return x.index - y.index;
    })
    .map((x) => x.item);
}

/** Exchange's rule: $orderby properties must lead $filter's, in the same order. */
function checkEfficient(filterPaths: string[], order: { path: string[] }[]): void {
  const ordered = order.map((o) => o.path.join("/"));
  const ok = ordered.every((p, i) => filterPaths[i] === p);
  if (!ok)
    throw new GraphError(400, "InefficientFilter", "The restriction or sort order is too complex for this operation.");
}

function searchPredicate(raw: string, options: QueryOptions): (item: Record<string, unknown>) => boolean {
  const q = raw
    .trim()
    .replace(/^"(.*)"$/s, "$1")
    .trim();
  const terms = q.match(/(\w+:"[^"]*"|\w+:\S+|"[^"]*"|\S+)/g) ?? [];
  const fieldText = (item: Record<string, unknown>, field: string): string[] => {
    const addr = (r: unknown) => {
      const e = (r as { emailAddress?: { address?: string; name?: string } } | null)?.emailAddress;
      return [e?.address ?? "", e?.name ?? ""];
    };
    switch (field) {
      case "from":
        return addr(item.from);
      case "to":
        return ((item.toRecipients as unknown[]) ?? []).flatMap(addr);
      case "subject":
        return [String(item.subject ?? "")];
      case "body":
        return [String((item.body as { content?: string } | undefined)?.content ?? "")];
      default:
        return options.searchText!(item);
    }
  };
  return (item) =>
    terms.every((term) => {
      const m = /^(\w+):(.*)$/.exec(term);
      const field =
        m && ["from", "to", "subject", "body"].includes(m[1].toLowerCase()) ? m[1].toLowerCase() : undefined;
      const needle = (field ? m![2] : term).replace(/^"(.*)"$/, "$1").toLowerCase();
      return fieldText(item, field ?? "").some((t) => t.toLowerCase().includes(needle));
    });
}

export function applyQuery<T extends Record<string, unknown>>(
  items: T[],
  query: URLSearchParams,
  options: QueryOptions,
): QueryResult<T> {
  const top = integerOption(query, "top", 1, options.maxTop) ?? options.defaultTop;
  const skip = integerOption(query, "skip", 0, Number.MAX_SAFE_INTEGER);
  const select = parseSelect(query, options.typeName);
  const search = option(query, "search");
  const filter = option(query, "filter");
  const orderRaw = option(query, "orderby");

  let list = items;
  if (search !== undefined) {
    if (!options.searchText) throw new GraphError(400, "BadRequest", "Search is not supported on this collection.");
    if (filter !== undefined)
      throw new GraphError(400, "BadRequest", "The query parameter '$filter' is not supported with '$search'.");
    if (orderRaw !== undefined)
      throw new GraphError(400, "SearchWithOrderBy", "The query parameter '$orderBy' is not supported with '$search'.");
    if (skip !== undefined)
      throw new GraphError(400, "BadRequest", "The query parameter '$skip' is not supported with '$search'.");
    const matches = searchPredicate(search, options);
    list = sortBy(list.filter(matches), options.defaultOrder ?? []).slice(0, SEARCH_LIMIT);
    // Search results page by an opaque $skiptoken, as Graph's do.
    const token = option(query, "skiptoken");
    if (token !== undefined) {
      const offset = Number(Buffer.from(token, "base64url").toString("utf8"));
      if (!Number.isInteger(offset) || offset < 0)
        throw new GraphError(400, "BadRequest", "The $skiptoken is not valid.");
      const page = list.slice(offset, offset + top);
      return {
        items: project(page, select),
        total: list.length,
        nextSkip: offset + top < list.length ? offset + top : undefined,
      };
    }
  } else {
    let filterPaths: string[] = [];
    if (filter !== undefined) {
      if (options.filterable === false)
        throw new GraphError(400, "BadRequest", "$filter is not supported on this collection.");
      const parsed = parseFilter(filter, options.typeName);
      filterPaths = parsed.paths;
      list = list.filter(parsed.test);
    }
    const order = orderRaw !== undefined ? parseOrderBy(orderRaw, options.typeName) : undefined;
    if (order && filter !== undefined && options.orderByMustLeadFilter !== false) checkEfficient(filterPaths, order);
    list = sortBy(list, order ?? options.defaultOrder ?? []);
  }
  const start = skip ?? 0;
  const page = list.slice(start, start + top);
  return {
    items: project(page, select),
    total: list.length,
    nextSkip: start + top < list.length ? start + top : undefined,
  };
}

/** Items not yet serialized: how to serialize one, and the default order's key read straight from it. */
export interface StoredItems<S, T> {
  stored: S[];
  toJson: (item: S) => T;
  /** The key the default order sorts by (e.g. a time in ms), or null when the item has none. */
  defaultKey: (item: S) => number | null;
}

function compareKeys(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

/**
 * `applyQuery` on items not yet serialized. A listing that neither filters, searches nor orders (a
 * client paging through a folder) is sorted by the default order's key and only its page is
 * serialized, so a page of a 10,000-message folder costs about what a page of a small one does; any
 * other query serializes every item and goes through `applyQuery`. Both give the same answer.
 */
export function applyQueryToStored<S, T extends Record<string, unknown>>(
  items: StoredItems<S, T>,
  query: URLSearchParams,
  options: QueryOptions,
): QueryResult<T> {
  const order = options.defaultOrder ?? [];
  const plain = ["search", "filter", "orderby"].every((name) => option(query, name) === undefined);
  const keyed = items.stored.map((item, index) => ({ item, index, key: items.defaultKey(item) }));
  if (!plain || order.length !== 1 || keyed.some((k) => k.key !== null && Number.isNaN(k.key)))
    return applyQuery(items.stored.map(items.toJson), query, options);
  const top = integerOption(query, "top", 1, options.maxTop) ?? options.defaultTop;
  const start = integerOption(query, "skip", 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const select = parseSelect(query, options.typeName);
  const sign = order[0].desc ? -1 : 1;
  keyed.sort((x, y) => sign * compareKeys(x.key, y.key) || x.index - y.index);
  const page = keyed.slice(start, start + top).map((k) => items.toJson(k.item));
  return {
    items: project(page, select),
    total: keyed.length,
    nextSkip: start + top < keyed.length ? start + top : undefined,
  };
}

function project<T extends Record<string, unknown>>(page: T[], select: string[] | undefined): T[] {
  return select ? page.map((item) => selectProperties(item, select) as T) : page;
}

/**
 * An item reduced to what `$select` names (with its id, etag and type, as Graph keeps them); a
 * selected property the item has no value for comes back null, as Graph answers it.
 */
export function selectProperties(item: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select || select.includes("*")) return item;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === "id" || k === "@odata.etag" || k === "@odata.type" || k === "@odata.id" || select.includes(k)) out[k] = v;
  }
  for (const k of select) if (!(k in out)) out[k] = null;
  return out;
}

/** A listing's @odata.nextLink: the request's own path and query, the cursor moved on to `nextSkip`. */
export function nextPageLink(ctx: RouteContext, nextSkip: number): string {
  return nextLink(ctx.origin, new URL(ctx.req.url ?? "/", "http://x").pathname, ctx.query, nextSkip);
}

/**
 * The @odata.nextLink: the same request with $skip moved on (Graph's message paging), or a $skiptoken for search
 * results.
 */
export function nextLink(origin: string, path: string, query: URLSearchParams, nextSkip: number): string {
  const searching = option(query, "search") !== undefined;
  const cursor = searching ? `$skiptoken=${Buffer.from(String(nextSkip)).toString("base64url")}` : `$skip=${nextSkip}`;
  const cursorKeys = searching ? ["$skiptoken", "skiptoken"] : ["$skip", "skip"];
  const parts: string[] = [];
  let replaced = false;
  for (const [k, v] of query) {
    if (cursorKeys.includes(k.toLowerCase())) {
      if (!replaced) parts.push(cursor);
      replaced = true;
      continue;
    }
    parts.push(`${encodeURIComponent(k).replace(/^%24/, "$")}=${encodeURIComponent(v)}`);
  }
  if (!replaced) parts.push(cursor);
  return `${origin}${path}?${parts.join("&")}`;
}
