/**
 * The property names Graph's v1.0 schema (CSDL) declares on each entity and complex type of the
 * `microsoft.graph` namespace, base types included. The reference's response examples sometimes
 * show properties the schema has since dropped (a subscription's `notificationContentType`): a
 * server that answers by the schema cannot show them, so they are no documented requirement.
 */
export interface SchemaTypes {
  /** Declared properties of a type (by its name without namespace), or undefined for an unknown type. */
  propertiesOf(typeName: string): Set<string> | undefined;
}

interface TypeDecl {
  base?: string;
  properties: string[];
}

function graphNamespace(csdl: string): string {
  const start = csdl.indexOf('<Schema Namespace="microsoft.graph"');
  if (start < 0) throw new Error("the schema has no microsoft.graph namespace");
  const end = csdl.indexOf("</Schema>", start);
  return csdl.slice(start, end < 0 ? undefined : end);
}

function declarations(schema: string): Map<string, TypeDecl> {
  const types = new Map<string, TypeDecl>();
  const TYPE = /<(EntityType|ComplexType)\s+Name="([^"]+)"([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g;
  for (const m of schema.matchAll(TYPE)) {
    const base = /BaseType="(?:graph\.|microsoft\.graph\.)?([^"]+)"/.exec(m[3])?.[1];
    const body = m[5] ?? "";
    const properties = [...body.matchAll(/<(?:Navigation)?Property\s+Name="([^"]+)"/g)].map((p) => p[1]);
    types.set(m[2], { base, properties });
  }
  return types;
}

export function loadSchemaTypes(csdl: string): SchemaTypes {
  const types = declarations(graphNamespace(csdl));
  const cache = new Map<string, Set<string>>();
  const propertiesOf = (name: string): Set<string> | undefined => {
    if (cache.has(name)) return cache.get(name);
    const decl = types.get(name);
    if (!decl) return undefined;
    const all = new Set(decl.properties);
    if (decl.base) for (const p of propertiesOf(decl.base) ?? []) all.add(p);
    cache.set(name, all);
    return all;
  };
  return { propertiesOf };
}
