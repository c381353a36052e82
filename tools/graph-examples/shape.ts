import { jsonType } from "./http";
import { parseLenientJson } from "./lenientJson";
import type { SchemaTypes } from "./schema";
import type { JsonType, Shape } from "./types";

/**
 * The documented properties of a response: its top level and, for a collection, its first item,
 * each with its JSON type. Properties the v1.0 schema does not declare on the object's type are
 * left out (and reported), annotations (`@odata.*`, `x@odata.context`) always count.
 */

export interface ShapeResult {
  shape?: Shape;
  /** Documented properties the schema does not declare, e.g. `value[0].notificationContentType`. */
  undeclared: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function typeName(object: Json, fallback: string | undefined): string | undefined {
  const declared = object["@odata.type"];
  return typeof declared === "string" ? declared.replace(/^#?microsoft\.graph\./, "") : fallback;
}

function declaredTypes(object: Json, type: string | undefined, schema: SchemaTypes, where: string, out: string[]) {
  const declared = type ? schema.propertiesOf(type) : undefined;
  const types: Record<string, JsonType> = {};
  for (const [name, value] of Object.entries(object)) {
    if (declared && !name.includes("@") && !declared.has(name)) out.push(`${where}${name}`);
    else types[name] = jsonType(value);
  }
  return types;
}

export function shapeOf(bodyText: string, responseType: string | undefined, schema: SchemaTypes): ShapeResult {
  const body = parseLenientJson(bodyText);
  const undeclared: string[] = [];
  if (!isObject(body)) return { undeclared };
  const first = Array.isArray(body.value) ? body.value[0] : undefined;
  if (isObject(first)) {
    const top = declaredTypes(body, undefined, schema, "", undeclared);
    const item = declaredTypes(first, typeName(first, responseType), schema, "value[0].", undeclared);
    return { shape: { top, item }, undeclared };
  }
  const top = declaredTypes(body, typeName(body, responseType), schema, "", undeclared);
  return { shape: Object.keys(top).length ? { top } : undefined, undeclared };
}
