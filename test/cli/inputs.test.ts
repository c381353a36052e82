import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "../../cli/args";
import { findBlock } from "../../cli/catalog";
import { buildParams } from "../../cli/inputs";

/** How command-line values become the params a block receives (the parts no sandbox is needed for). */

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "outlook-cli-inputs-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const params = (key: string, argv: string[]) => buildParams(findBlock(key)!, parseArgs(argv).options);

it("keeps text as text, even when it looks like JSON", () => {
  expect(
    params("sendMessage", ["--to", "a@b.example", "--subject", "[urgent] {draft}", "--body", "@@mention"]),
  ).toEqual({
    to: "a@b.example",
    subject: "[urgent] {draft}",
    body: "@mention",
  });
});

it("reads @path as UTF-8 for text inputs and as file bytes for data inputs", () => {
  writeFileSync(join(dir, "body.html"), "<p>héllo</p>");
  writeFileSync(join(dir, "a.bin"), Buffer.from([0, 1, 2, 255]));
  const p = params("sendMessage", [
    "--to",
    "a@b.example",
    "--body",
    `@${join(dir, "body.html")}`,
    "--attachments",
    `@${join(dir, "a.bin")}`,
    "--attachments",
    `renamed.bin=@${join(dir, "a.bin")}`,
  ]);
  expect(p.body).toBe("<p>héllo</p>");
  expect(p.attachments).toEqual([
    { key: "a.bin", value: { data: Buffer.from([0, 1, 2, 255]), contentType: "application/octet-stream" } },
    { key: "renamed.bin", value: { data: Buffer.from([0, 1, 2, 255]), contentType: "application/octet-stream" } },
  ]);
});

it("builds lists from repeated options or one JSON array, and key-value lists from name=value or an object", () => {
  expect(params("mailWebhook", ["--changeTypes", "created", "--changeTypes", "updated"]).changeTypes).toEqual([
    "created",
    "updated",
  ]);
  expect(params("mailWebhook", ["--changeTypes", '["deleted"]']).changeTypes).toEqual(["deleted"]);
  expect(params("rawRequest", ["--url", "/me", "--headers", "Prefer=odata.maxpagesize=5"]).headers).toEqual([
    { key: "Prefer", value: "odata.maxpagesize=5" },
  ]);
  expect(params("rawRequest", ["--url", "/me", "--queryParams", '{"$top":"1","$select":"id"}']).queryParams).toEqual([
    { key: "$top", value: "1" },
    { key: "$select", value: "id" },
  ]);
});

it("parses JSON objects and arrays for data and code inputs, and says where JSON is broken", () => {
  expect(params("rawRequest", ["--url", "/me", "--data", '{"subject":"x"}']).data).toEqual({ subject: "x" });
  expect(() => params("rawRequest", ["--url", "/me", "--data", '{"subject":'])).toThrow(
    expect.objectContaining({ code: "ArgumentInvalid", property: "data" }),
  );
});

it("takes a bare switch as true for boolean inputs", () => {
  expect(params("listMailMessages", ["--fetchAll", "--folderId", "inbox"])).toEqual({
    fetchAll: "true",
    folderId: "inbox",
  });
});

it("refuses a second value for a single-valued input, and an input the block does not have", () => {
  expect(() => params("sendMessage", ["--to", "a@b.example", "--subject", "a", "--subject", "b"])).toThrow(
    expect.objectContaining({ code: "ArgumentInvalid", property: "subject" }),
  );
  expect(() => params("sendMessage", ["--to", "a@b.example", "--connection", "x"])).toThrow(
    expect.objectContaining({ code: "UnknownInput", property: "connection" }),
  );
});
