import { GraphError, badRequest } from "../http";
import { graphSchema } from "../schema";

/**
 * Reads a JSON request body the way Graph's OData reader does, checked against Graph's schema:
 * property names and enum members match without regard to case and come back in Graph's own
 * casing (so `{"Message":{"Subject":…}}`, written for the older Outlook REST API, reads as
 * `{"message":{"subject":…}}`); primitive values may come as the strings Graph's reader accepts
 * (`"false"`, `"15"`); unknown properties, wrong types and unknown enum members get Graph's 400s.
 */

export type ValueType = { name: string; collection: boolean };

/** How deeply a request body may nest objects and arrays. */
const MAX_BODY_DEPTH = 64;

function typeError(message: string): GraphError {
  return new GraphError(400, "RequestBodyRead", message);
}

/** The value in Graph's form, or Graph's 400 when it cannot be read as `type`. */
export function normalizeValue(value: unknown, type: ValueType, where: string, depth = 0): unknown {
  if (value === null) return null;
  if (depth > MAX_BODY_DEPTH) throw typeError(`The request body nests more than ${MAX_BODY_DEPTH} levels deep.`);
  if (type.collection) return normalizeCollection(value, type, where, depth);
  if (type.name.startsWith("Edm.")) return normalizePrimitive(value, type.name, where);
  const members = graphSchema().enums.get(type.name);
  if (members) return normalizeEnum(value, members);
  return normalizeStructured(value, type.name, where, depth);
}

function normalizeCollection(value: unknown, type: ValueType, where: string, depth: number): unknown[] {
  if (!Array.isArray(value)) {
    const node = typeof value === "object" ? "StartObject" : "PrimitiveValue";
    throw typeError(
      `A node of type '${node}' was read from the JSON reader when trying to read the contents of the property ` +
        `'${where}'; however, a 'StartArray' node was expected.`,
    );
  }
  return value.map((v) => normalizeValue(v, { name: type.name, collection: false }, where, depth + 1));
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Reads a primitive, accepting the string forms Graph's reader takes for booleans and numbers. */
const PRIMITIVE_READERS: Record<string, (value: unknown) => unknown> = {
  "Edm.String": (v) => (typeof v === "string" ? v : undefined),
  "Edm.Boolean": (v) => {
    if (typeof v === "boolean") return v;
    if (typeof v === "string" && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === "true";
    return undefined;
  },
  "Edm.Int32": (v) => integer(v, 2 ** 31),
  "Edm.Int64": (v) => integer(v, Number.MAX_SAFE_INTEGER),
  "Edm.Int16": (v) => integer(v, 2 ** 15),
  "Edm.Byte": (v) => integer(v, 256),
  "Edm.Double": (v) =>
    typeof v === "number" ? v : typeof v === "string" && NUMBER.test(v.trim()) ? Number(v) : undefined,
  "Edm.Single": (v) =>
    typeof v === "number" ? v : typeof v === "string" && NUMBER.test(v.trim()) ? Number(v) : undefined,
  "Edm.Decimal": (v) =>
    typeof v === "number" ? v : typeof v === "string" && NUMBER.test(v.trim()) ? Number(v) : undefined,
  "Edm.DateTimeOffset": (v) => (typeof v === "string" && !Number.isNaN(Date.parse(v)) ? v : undefined),
  "Edm.Guid": (v) => (typeof v === "string" ? v : undefined),
  "Edm.Duration": (v) => (typeof v === "string" ? v : undefined),
  "Edm.Date": (v) => (typeof v === "string" ? v : undefined),
  "Edm.TimeOfDay": (v) => (typeof v === "string" ? v : undefined),
};

function integer(v: unknown, bound: number): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && INTEGER.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) && Math.abs(n) < bound ? n : undefined;
}

function normalizePrimitive(value: unknown, name: string, where: string): unknown {
  if (name === "Edm.Binary") {
    if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value.replace(/\s/g, ""))) {
      throw new GraphError(
        400,
        "ErrorMimeContentInvalidBase64String",
        `The value of '${where}' is not a valid base64 string.`,
      );
    }
    return value;
  }
  const read = PRIMITIVE_READERS[name];
  if (!read) return value;
  const out = read(value);
  if (out !== undefined) return out;
  if (name === "Edm.String")
    throw typeError(`Cannot convert a primitive value to the expected type 'Edm.String' for '${where}'.`);
  throw typeError(`Cannot convert the literal '${String(value)}' to the expected type '${name}'.`);
}

/** Enum members in any case, answered in Graph's; flags enums (e.g. mailTipsType) take a comma-separated list. */
function normalizeEnum(value: unknown, members: string[]): string {
  const given = typeof value === "string" ? value.split(",").map((v) => v.trim()) : [];
  const found = given.map((g) => members.find((m) => m.toLowerCase() === g.toLowerCase()));
  if (!given.length || found.some((m) => m === undefined)) {
    throw typeError(`Requested value '${String(value)}' was not found.`);
  }
  return found.join(",");
}

/** The type an object declares with "@odata.type" (it must derive from the declared one), or the declared one. */
function actualType(record: Record<string, unknown>, name: string): string {
  const declaredKey = Object.keys(record).find((k) => k.toLowerCase() === "@odata.type");
  const declared = declaredKey ? record[declaredKey] : undefined;
  if (typeof declared !== "string") return name;
  const bare = declared.replace(/^#/, "");
  const schema = graphSchema();
  const derived = schema.typeNamed(bare) ?? bare;
  if (!schema.types.has(derived) || !schema.isA(derived, name)) {
    throw typeError(
      `A type named '${bare}' could not be resolved by the model. When a model is available, each type name ` +
        "must resolve to a valid type.",
    );
  }
  return derived;
}

/** A member of a structured type by name, matched without regard to case. */
export function memberOf(typeName: string, key: string): [string, ValueType] | undefined {
  const schema = graphSchema();
  const props = schema.propertiesOf(typeName);
  const navs = schema.navigationOf(typeName);
  const exact = props.get(key) ?? navs.get(key);
  if (exact) return [key, exact];
  const lower = key.toLowerCase();
  for (const map of [props, navs]) for (const [k, v] of map) if (k.toLowerCase() === lower) return [k, v];
  return undefined;
}

function normalizeStructured(value: unknown, name: string, where: string, depth: number): Record<string, unknown> {
  if (typeof value !== "object" || Array.isArray(value)) {
    throw typeError(
      "A node of type 'PrimitiveValue' was read from the JSON reader when trying to read the contents of " +
        `'${where}'; however, a 'StartObject' node was expected.`,
    );
  }
  const record = value as Record<string, unknown>;
  const actual = actualType(record, name);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(record)) {
    if (key.includes("@odata.") || key.toLowerCase().includes("@odata.")) {
      out[key.toLowerCase() === "@odata.type" ? "@odata.type" : key] = v;
      continue;
    }
    const member = memberOf(actual, key);
    if (!member) {
      throw badRequest(
        `The property '${key}' does not exist on type '${actual}'. Make sure to only use property names that are ` +
          "defined by the type or mark the type as open type.",
      );
    }
    out[member[0]] = normalizeValue(v, member[1], member[0], depth + 1);
  }
  return out;
}
