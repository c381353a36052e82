import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GraphSchema, Operation, StructuredType, TypeRef } from "./schema";

/**
 * A parsed copy of Graph's schema on disk, so that each process (and each jest test file, which
 * loads modules afresh) reads a JSON file instead of parsing 3 MB of CSDL again. The file lives
 * in the OS temp directory and is named by the CSDL's SHA-256 and this format's version, so a
 * changed schema or a changed format simply misses the cache; a damaged file is parsed afresh.
 */

const FORMAT = 1;

type Entries<V> = [string, V][];

interface StructuredTypeJson extends Omit<StructuredType, "properties" | "navigation"> {
  properties: Entries<TypeRef>;
  navigation: Entries<TypeRef & { containsTarget: boolean }>;
}

interface OperationJson extends Omit<Operation, "parameters"> {
  parameters: Entries<TypeRef>;
}

interface SchemaJson {
  format: number;
  types: StructuredTypeJson[];
  enums: Entries<string[]>;
  operations: Entries<OperationJson[]>;
  entitySets: Entries<TypeRef>;
  singletons: Entries<TypeRef>;
}

function toJson(schema: GraphSchema): SchemaJson {
  return {
    format: FORMAT,
    types: [...schema.types.values()].map((t) => ({
      ...t,
      properties: [...t.properties],
      navigation: [...t.navigation],
    })),
    enums: [...schema.enums],
    operations: [...schema.operations].map(([name, ops]) => [
      name,
      ops.map((op) => ({ ...op, parameters: [...op.parameters] })),
    ]),
    entitySets: [...schema.entitySets],
    singletons: [...schema.singletons],
  };
}

function fromJson(json: SchemaJson, schema: GraphSchema): GraphSchema {
  for (const t of json.types) {
    schema.types.set(t.name, { ...t, properties: new Map(t.properties), navigation: new Map(t.navigation) });
  }
  for (const [name, members] of json.enums) schema.enums.set(name, members);
  for (const [name, ops] of json.operations) {
    schema.operations.set(
      name,
      ops.map((op) => ({ ...op, parameters: new Map(op.parameters) })),
    );
  }
  for (const [name, type] of json.entitySets) schema.entitySets.set(name, type);
  for (const [name, type] of json.singletons) schema.singletons.set(name, type);
  return schema;
}

/** The cache file for a CSDL text. */
export function schemaCacheFile(csdl: string): string {
  const hash = createHash("sha256").update(csdl).digest("hex").slice(0, 32);
  return join(tmpdir(), "outlook-graph-sandbox", `schema-${hash}-v${FORMAT}.json`);
}

function readCache(file: string, empty: () => GraphSchema): GraphSchema | undefined {
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as SchemaJson;
    return json.format === FORMAT ? fromJson(json, empty()) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary name and renames, so a reader never sees half a file. */
function writeCache(file: string, schema: GraphSchema): void {
  try {
    mkdirSync(join(file, ".."), { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temp, JSON.stringify(toJson(schema)));
    renameSync(temp, file);
  } catch {
    // A read-only or full temp directory only costs the next process a parse.
  }
}

/** The schema parsed from `csdl`, from the disk cache when it holds this very text (`empty` makes a blank one). */
export function cachedSchema(csdl: string, parse: (xml: string) => GraphSchema, empty: () => GraphSchema): GraphSchema {
  const file = schemaCacheFile(csdl);
  const hit = readCache(file, empty);
  if (hit) return hit;
  const schema = parse(csdl);
  writeCache(file, schema);
  return schema;
}
