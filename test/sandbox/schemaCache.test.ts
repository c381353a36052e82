import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GraphSchema, graphSchema, loadSchema } from "../../sandbox/schema";
import { cachedSchema, schemaCacheFile } from "../../sandbox/schemaCache";

/** A schema small enough to parse in a moment, unique to this run so no other process shares its cache file. */
const csdl = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <!-- run ${process.pid}-${Date.now()} -->
      <EntityType Name="entity" Abstract="true"><Property Name="id" Type="Edm.String" /></EntityType>
      <EntityType Name="widget" BaseType="graph.entity">
        <Property Name="size" Type="Edm.Int32" />
        <NavigationProperty Name="parts" Type="Collection(graph.widget)" ContainsTarget="true" />
      </EntityType>
      <EnumType Name="colour"><Member Name="red" Value="0" /><Member Name="blue" Value="1" /></EnumType>
      <Action Name="spin" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.widget" /><Parameter Name="Turns" Type="Edm.Int32" />
      </Action>
      <EntityContainer Name="GraphService">
        <EntitySet Name="widgets" EntityType="microsoft.graph.widget" />
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>`;

const file = schemaCacheFile(csdl);
afterAll(() => rmSync(file, { force: true }));

function countingParser(): { parse: (xml: string) => GraphSchema; calls: () => number } {
  let calls = 0;
  return {
    parse: (xml) => {
      calls++;
      return loadSchema(xml);
    },
    calls: () => calls,
  };
}

it("parses once, then reads the same schema back from the cache file", () => {
  const first = countingParser();
  const parsed = cachedSchema(csdl, first.parse, () => new GraphSchema());
  expect(first.calls()).toBe(1);
  expect(existsSync(file)).toBe(true);

  const second = countingParser();
  const cached = cachedSchema(csdl, second.parse, () => new GraphSchema());
  expect(second.calls()).toBe(0);
  expect(cached).toEqual(parsed);
  expect(cached.resolvePath("widgets/{id}/parts/{id}/spin").map((s) => s.kind)).toEqual([
    "entitySet",
    "key",
    "navigation",
    "key",
    "operation",
  ]);
});

it("parses afresh when the cache file is damaged", () => {
  writeFileSync(file, readFileSync(file, "utf8").slice(0, 40));
  const parser = countingParser();
  const schema = cachedSchema(csdl, parser.parse, () => new GraphSchema());
  expect(parser.calls()).toBe(1);
  expect(schema.enums.get("microsoft.graph.colour")).toEqual(["red", "blue"]);
});

it("keys the cache by the schema's text", () => {
  expect(schemaCacheFile(csdl)).not.toBe(schemaCacheFile(csdl + " "));
  expect(join(schemaCacheFile(csdl), "..")).toBe(join(schemaCacheFile("other"), ".."));
});

it("reads back exactly what parsing Graph's shipped schema gives", () => {
  const shipped = graphSchema();
  const text = readFileSync(join(__dirname, "../../sandbox/schema/v1.0-Prod.csdl"), "utf8");
  expect(existsSync(schemaCacheFile(text))).toBe(true);
  expect(shipped).toEqual(loadSchema(text));
});
