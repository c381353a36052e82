import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { cachedSchema } from "./schemaCache";

/**
 * Microsoft Graph's own v1.0 schema (CSDL, MIT licensed, from msgraph-metadata), indexed.
 * The sandbox checks request bodies and $select against it, and the conformance test checks
 * every route and payload the sandbox serves against it, so nothing invented passes as Graph.
 */

export interface TypeRef {
  /** Fully qualified, e.g. "microsoft.graph.message" or "Edm.String". */
  name: string;
  collection: boolean;
}

export interface StructuredType {
  name: string;
  kind: "entity" | "complex";
  baseType?: string;
  abstract: boolean;
  openType: boolean;
  properties: Map<string, TypeRef>;
  navigation: Map<string, TypeRef & { containsTarget: boolean }>;
}

export interface Operation {
  name: string;
  kind: "action" | "function";
  /** The binding parameter's type. */
  binding: TypeRef;
  parameters: Map<string, TypeRef>;
  returns?: TypeRef;
}

export interface PathSegmentResolution {
  segment: string;
  kind: "entitySet" | "singleton" | "key" | "navigation" | "property" | "operation" | "value" | "cast";
  type: TypeRef;
}

const GRAPH = "microsoft.graph";

export class GraphSchema {
  readonly types = new Map<string, StructuredType>();
  readonly enums = new Map<string, string[]>();
  readonly operations = new Map<string, Operation[]>();
  readonly entitySets = new Map<string, TypeRef>();
  readonly singletons = new Map<string, TypeRef>();

  /**
   * What the lookups below derive, kept per type: requests ask them for every member of every body they read.
   * A schema is complete before it is first asked (parsed, or read from the disk cache), so nothing goes stale.
   */
  readonly #properties = new Map<string, ReadonlyMap<string, TypeRef>>();
  readonly #navigation = new Map<string, ReadonlyMap<string, TypeRef & { containsTarget: boolean }>>();
  readonly #operations = new Map<string, readonly Operation[]>();
  #typeNames: Map<string, string> | undefined;

  /** All structural and navigation properties of a type, base types included. */
  propertiesOf(typeName: string): ReadonlyMap<string, TypeRef> {
    let out = this.#properties.get(typeName);
    if (!out) this.#properties.set(typeName, (out = this.inherited(typeName, (t) => t.properties)));
    return out;
  }

  navigationOf(typeName: string): ReadonlyMap<string, TypeRef & { containsTarget: boolean }> {
    let out = this.#navigation.get(typeName);
    if (!out) this.#navigation.set(typeName, (out = this.inherited(typeName, (t) => t.navigation)));
    return out;
  }

  /** The members `of` each type in the chain from `typeName` up its base types, the nearest declaration winning. */
  private inherited<V>(typeName: string, of: (t: StructuredType) => Map<string, V>): Map<string, V> {
    const out = new Map<string, V>();
    for (let t = this.types.get(typeName); t; t = t.baseType ? this.types.get(t.baseType) : undefined) {
      for (const [k, v] of of(t)) if (!out.has(k)) out.set(k, v);
    }
    return out;
  }

  /** The declared type a name names, matched without regard to case (the first declared wins). */
  typeNamed(name: string): string | undefined {
    if (!this.#typeNames) {
      this.#typeNames = new Map();
      for (const t of this.types.keys())
        if (!this.#typeNames.has(t.toLowerCase())) this.#typeNames.set(t.toLowerCase(), t);
    }
    return this.#typeNames.get(name.toLowerCase());
  }

  /** Whether `typeName` is `ancestor` or derives from it. */
  isA(typeName: string, ancestor: string): boolean {
    for (let t: string | undefined = typeName; t; t = this.types.get(t)?.baseType) {
      if (t === ancestor) return true;
    }
    return false;
  }

  /** Bound actions and functions callable on a value of this type (base types and collection binding respected). */
  operationsFor(type: TypeRef): readonly Operation[] {
    const key = `${type.collection ? "Collection" : ""}(${type.name})`;
    let found = this.#operations.get(key);
    if (found) return found;
    const out: Operation[] = [];
    for (const ops of this.operations.values()) {
      for (const op of ops) {
        if (op.binding.collection === type.collection && this.isA(type.name, op.binding.name)) out.push(op);
      }
    }
    this.#operations.set(key, (found = out));
    return found;
  }

  /**
   * Resolves a Graph path template like "users/{id}/mailFolders/{id}/messages/{id}/attachments/createUploadSession"
   * segment by segment against the schema; throws naming the first segment Graph does not declare.
   */
  resolvePath(path: string): PathSegmentResolution[] {
    const out: PathSegmentResolution[] = [];
    for (const segment of path.split("/").filter(Boolean)) {
      const current = out[out.length - 1]?.type;
      out.push(current ? this.resolveNext(current, segment) : this.resolveRoot(segment));
    }
    return out;
  }

  /** The first segment: an entity set or a singleton. */
  private resolveRoot(segment: string): PathSegmentResolution {
    const set = this.entitySets.get(segment);
    if (set) return { segment, kind: "entitySet", type: { name: set.name, collection: true } };
    const single = this.singletons.get(segment);
    if (single) return { segment, kind: "singleton", type: { name: single.name, collection: false } };
    throw new Error(`"${segment}" is neither an entity set nor a singleton of Graph v1.0`);
  }

  /** A later segment: a key, $value, a navigation or complex property, a cast, or a bound operation. */
  private resolveNext(current: TypeRef, segment: string): PathSegmentResolution {
    if (/^\{.+\}$/.test(segment)) {
      if (!current.collection) throw new Error(`key segment ${segment} follows a single-valued ${current.name}`);
      return { segment, kind: "key", type: { name: current.name, collection: false } };
    }
    if (segment === "$count" && current.collection) {
      return { segment, kind: "value", type: { name: "Edm.Int32", collection: false } };
    }
    if (segment === "$value") {
      if (!this.isMedia(current)) throw new Error(`$value is not served for ${current.name}`);
      return { segment, kind: "value", type: { name: "Edm.Stream", collection: false } };
    }
    const member = current.collection ? undefined : this.resolveMember(current, segment);
    if (member) return member;
    const castName = segment.startsWith(`${GRAPH}.`) ? segment : undefined;
    if (castName && this.types.has(castName) && this.isA(castName, current.name)) {
      return { segment, kind: "cast", type: { name: castName, collection: current.collection } };
    }
    const opName = segment.replace(/\(.*\)$/, "");
    const op = this.operationsFor(current).find((o) => o.name === opName);
    if (op) return { segment, kind: "operation", type: op.returns ?? { name: "Edm.Untyped", collection: false } };
    throw new Error(
      `"${segment}" is not a navigation property, bound action or function of ` +
        (current.collection ? `Collection(${current.name})` : current.name),
    );
  }

  /**
   * The first segment of a real request path (ids in place, "me" for the signed-in user) that Graph
   * cannot resolve, matching names without regard to case; undefined when every segment resolves.
   */
  firstUnresolvedSegment(segments: string[]): string | undefined {
    let current: TypeRef | undefined;
    for (const segment of segments) {
      current = current ? this.stepFrom(current, segment) : this.rootOf(segment);
      if (!current) return segment;
    }
    return undefined;
  }

  private rootOf(segment: string): TypeRef | undefined {
    const name = segment.toLowerCase() === "me" ? "users" : segment;
    for (const [k, v] of this.entitySets) if (k.toLowerCase() === name.toLowerCase()) return { ...v, collection: true };
    for (const [k, v] of this.singletons)
      if (k.toLowerCase() === name.toLowerCase()) return { ...v, collection: false };
    return undefined;
  }

  private stepFrom(current: TypeRef, segment: string): TypeRef | undefined {
    const lower = segment.toLowerCase();
    if (lower === "$value" || lower === "$count" || lower === "$ref") return { name: "Edm.Stream", collection: false };
    if (!current.collection) {
      const member = [...this.navigationOf(current.name), ...this.propertiesOf(current.name)].find(
        ([k]) => k.toLowerCase() === lower,
      );
      if (member) return { name: member[1].name, collection: member[1].collection };
    }
    const cast = this.typeNamed(lower);
    if (cast && this.isA(cast, current.name)) return { name: cast, collection: current.collection };
    const opName = lower.replace(/\(.*\)$/, "");
    const op = this.operationsFor(current).find((o) => o.name.toLowerCase() === opName);
    if (op) return op.returns ?? { name: "Edm.Untyped", collection: false };
    // Anything else after a collection is a key.
    return current.collection ? { name: current.name, collection: false } : undefined;
  }

  private isMedia(t: TypeRef): boolean {
    return (
      !t.collection &&
      (this.isA(t.name, `${GRAPH}.message`) ||
        this.isA(t.name, `${GRAPH}.attachment`) ||
        this.isA(t.name, `${GRAPH}.fileAttachment`))
    );
  }

  /** A navigation property, or a complex property Graph serves as a resource of its own (/me/mailboxSettings). */
  private resolveMember(current: TypeRef, segment: string): PathSegmentResolution | undefined {
    const nav = this.navigationOf(current.name).get(segment);
    if (nav) return { segment, kind: "navigation", type: { name: nav.name, collection: nav.collection } };
    const prop = this.propertiesOf(current.name).get(segment);
    if (prop && this.types.get(prop.name)?.kind === "complex") {
      return { segment, kind: "property", type: { name: prop.name, collection: prop.collection } };
    }
    return undefined;
  }
}

function attrList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

type XmlNode = Record<string, unknown>;

type Aliases = Map<string, string>;

function parseTypeRef(raw: string, aliases: Aliases): TypeRef {
  const m = /^Collection\((.+)\)$/.exec(raw);
  const inner = m ? m[1] : raw;
  const dot = inner.indexOf(".");
  const prefix = inner.slice(0, dot);
  const name = aliases.has(prefix) ? aliases.get(prefix) + inner.slice(dot) : inner;
  return { name, collection: Boolean(m) };
}

function readStructuredType(t: XmlNode, ns: string, kind: StructuredType["kind"], aliases: Aliases): StructuredType {
  const st: StructuredType = {
    name: `${ns}.${t.Name}`,
    kind,
    baseType: t.BaseType ? parseTypeRef(String(t.BaseType), aliases).name : undefined,
    abstract: t.Abstract === "true",
    openType: t.OpenType === "true",
    properties: new Map(),
    navigation: new Map(),
  };
  for (const p of attrList(t.Property as XmlNode[]))
    st.properties.set(String(p.Name), parseTypeRef(String(p.Type), aliases));
  for (const p of attrList(t.NavigationProperty as XmlNode[])) {
    st.navigation.set(String(p.Name), {
      ...parseTypeRef(String(p.Type), aliases),
      containsTarget: p.ContainsTarget === "true",
    });
  }
  return st;
}

/** Bound actions and functions (unbound ones are not reachable under /users). */
function readOperations(schema: GraphSchema, s: XmlNode, aliases: Aliases): void {
  for (const [kind, key] of [
    ["action", "Action"],
    ["function", "Function"],
  ] as const) {
    for (const o of attrList(s[key] as XmlNode[])) {
      if (o.IsBound !== "true") continue;
      const [binding, ...rest] = attrList(o.Parameter as XmlNode[]);
      const ret = o.ReturnType as XmlNode | undefined;
      const op: Operation = {
        name: String(o.Name),
        kind,
        binding: parseTypeRef(String(binding.Type), aliases),
        parameters: new Map(rest.map((p) => [String(p.Name), parseTypeRef(String(p.Type), aliases)])),
        returns: ret ? parseTypeRef(String(ret.Type), aliases) : undefined,
      };
      const list = schema.operations.get(op.name) ?? [];
      list.push(op);
      schema.operations.set(op.name, list);
    }
  }
}

function readContainer(schema: GraphSchema, s: XmlNode, aliases: Aliases): void {
  const container = s.EntityContainer as XmlNode | undefined;
  if (!container) return;
  for (const es of attrList(container.EntitySet as XmlNode[]))
    schema.entitySets.set(String(es.Name), parseTypeRef(String(es.EntityType), aliases));
  for (const sg of attrList(container.Singleton as XmlNode[]))
    schema.singletons.set(String(sg.Name), parseTypeRef(String(sg.Type), aliases));
}

export function loadSchema(xml: string): GraphSchema {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: () => false });
  const doc = parser.parse(xml) as XmlNode;
  const edmx = doc["edmx:Edmx"] as XmlNode;
  const schemas = attrList((edmx["edmx:DataServices"] as XmlNode).Schema as XmlNode[]);
  const aliases: Aliases = new Map();
  for (const s of schemas) if (s.Alias) aliases.set(String(s.Alias), String(s.Namespace));
  const schema = new GraphSchema();
  for (const s of schemas) {
    const ns = String(s.Namespace);
    for (const t of attrList(s.EntityType as XmlNode[])) {
      const st = readStructuredType(t, ns, "entity", aliases);
      schema.types.set(st.name, st);
    }
    for (const t of attrList(s.ComplexType as XmlNode[])) {
      const st = readStructuredType(t, ns, "complex", aliases);
      schema.types.set(st.name, st);
    }
    for (const e of attrList(s.EnumType as XmlNode[])) {
      schema.enums.set(
        `${ns}.${e.Name}`,
        attrList(e.Member as XmlNode[]).map((m) => String(m.Name)),
      );
    }
    readOperations(schema, s, aliases);
    readContainer(schema, s, aliases);
  }
  return schema;
}

let cached: GraphSchema | undefined;

/** The shipped Graph v1.0 schema: parsed once per process, and read from a parsed copy on disk when one exists. */
export function graphSchema(): GraphSchema {
  if (!cached) {
    const csdl = readFileSync(join(__dirname, "schema", "v1.0-Prod.csdl"), "utf8");
    cached = cachedSchema(csdl, loadSchema, () => new GraphSchema());
  }
  return cached;
}
