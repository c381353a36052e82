import { isDeepStrictEqual } from "node:util";
import { USERS, type Sandbox } from "../../../sandbox";
import { OutlookError } from "../../../src/errors";
import type { CleanFunction } from "../../../src/inputs/clean";
import { CATALOGUE, derivedValues } from "../../fuzz/catalogue";
import { actionError, folderMessages, harness, secretConnection, startSandbox } from "../support";

/**
 * Clean functions: the platform runs them on an input's value before perform. Every one of the component is made from
 * the reader perform checks its input with, never throws, is idempotent, and leaves the reader's verdict as it was on
 * every hostile value of the fuzz catalogue and on values a person types by hand: what the reader accepted it still
 * accepts, with the same result, and what it refused it still refuses with the same typed error naming the input.
 */

type Input = {
  key: string;
  clean?: CleanFunction;
  model?: { value: string }[];
  collection?: string;
};

const blocks = [
  ...Object.entries(harness.component.actions).map(([k, b]) => [`action ${k}`, b.inputs] as const),
  ...Object.entries(harness.component.triggers).map(([k, b]) => [`trigger ${k}`, b.inputs] as const),
  ...Object.entries(harness.component.dataSources).map(([k, b]) => [`dataSource ${k}`, b.inputs] as const),
];
const cleaned = blocks.flatMap(([block, inputs]) =>
  (inputs as unknown as Input[]).filter((i) => i.clean).map((i) => ({ where: `${block}.${i.key}`, input: i })),
);

/** Values people type by hand around valid ones: cases, spaces, line breaks, numbers as text. */
const BY_HAND: unknown[] = [
  " HIGH ",
  "Normal",
  "TRUE",
  " false ",
  "True\n",
  " 25 ",
  "0025",
  25,
  0,
  -1,
  1.5,
  "1e3",
  "  inbox  ",
  "AAMkAGI2\n",
  " created , updated ",
  "Created",
  ["created", " deleted "],
  [" monday ", "FRIDAY"],
  '["focused"]',
  " alwaysEnabled ",
  "tentativelyaccept",
  "lightblue",
  "Get",
  "",
  "   ",
  null,
  undefined,
  true,
  false,
  {},
  [],
  [null],
  Number.NaN,
  Buffer.from("high"),
];

type Verdict = { ok: unknown } | { error: string; property?: string };

function verdictOf(reader: (value: unknown) => unknown, value: unknown): Verdict {
  try {
    return { ok: reader(value) };
  } catch (e) {
    return e instanceof OutlookError ? { error: e.name, property: e.property } : { error: `untyped ${String(e)}` };
  }
}

const valuesFor = (input: Input) => [
  ...BY_HAND,
  ...CATALOGUE.map((h) => h.make()),
  ...derivedValues(input as never).map((h) => h.make()),
  ...(input.model ?? []).map((m) => m.value),
];

describe("clean functions", () => {
  it("clean the inputs a person types by hand: choices, lists of choices, numbers, flags, ids, mailboxes", () => {
    expect(cleaned.length).toBeGreaterThan(80);
    const keys = new Set(cleaned.map((c) => c.input.key));
    for (const key of ["importance", "messageId", "pageLimit", "isRead", "tips", "changeTypes", "mailbox", "method"])
      expect(keys).toContain(key);
  });

  it("are each made from a reader (so the check below can hold them to it)", () => {
    expect(cleaned.filter((c) => typeof c.input.clean!.reader !== "function").map((c) => c.where)).toEqual([]);
  });

  it("never throw, are idempotent, and leave every reader's verdict as it was", () => {
    const problems: string[] = [];
    for (const { where, input } of cleaned) {
      const { reader } = input.clean!;
      for (const value of valuesFor(input)) {
        let once: unknown;
        try {
          once = input.clean!(value);
        } catch (e) {
          problems.push(`${where}: threw ${String(e)} on ${String(value)}`);
          continue;
        }
        if (!isDeepStrictEqual(input.clean!(once), once)) problems.push(`${where}: not idempotent on ${String(value)}`);
        const before = verdictOf(reader, value);
        const after = verdictOf(reader, once);
        if (!isDeepStrictEqual(before, after))
          problems.push(`${where}: ${JSON.stringify(value)} was ${JSON.stringify(before)}, ${JSON.stringify(after)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("spell every choice of a picklist as the picklist does, and keep it", () => {
    const problems: string[] = [];
    for (const { where, input } of cleaned.filter((c) => c.input.model?.length)) {
      for (const { value } of input.model!.filter((m) => m.value !== "")) {
        const given = input.collection === "valuelist" ? [value] : value;
        const expected =
          input.collection === "valuelist" ? [value] : value === "true" || value === "false" ? value === "true" : value;
        if (!isDeepStrictEqual(input.clean!(given), expected)) problems.push(`${where}: ${value}`);
        const shouted = input.collection === "valuelist" ? [` ${value.toUpperCase()} `] : ` ${value.toUpperCase()} `;
        if (!isDeepStrictEqual(input.clean!(shouted), expected)) problems.push(`${where}: ${value} in capitals`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("clean functions as the platform runs them", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox();
  });
  afterAll(() => sb.stop());

  it("a value typed with spaces and capitals is sent in its normal form", async () => {
    const connection = secretConnection(sb);
    await harness.action("sendMessage", {
      connection,
      mailbox: ` ${USERS.adele.upn} `,
      to: USERS.alex.upn,
      subject: "Cleaned",
      importance: " HIGH ",
      bodyContentType: "Text",
    });
    const [received] = folderMessages(sb, USERS.alex.id, "inbox").filter((m) => m.subject === "Cleaned");
    expect(received).toMatchObject({ importance: "high", body: { contentType: "text" } });
    const page = (await harness.action("listMailMessages", {
      connection,
      mailbox: USERS.alex.upn,
      folderId: " inbox\n",
      pageLimit: " 1 ",
    })) as { data: { value: unknown[] } };
    expect(page.data.value).toHaveLength(1);
  });

  it("a value the reader refuses is still refused before any request, naming its input", async () => {
    const connection = secretConnection(sb);
    const before = sb.requests.length;
    expect(await actionError("listMailMessages", { connection, pageLimit: " 0 " })).toMatchObject({
      name: "ArgumentError",
      property: "pageLimit",
    });
    expect(await actionError("sendMessage", { connection, to: USERS.alex.upn, importance: "urgent" })).toMatchObject({
      name: "ArgumentError",
      property: "importance",
    });
    expect(
      await actionError("createMailFolderSubscription", {
        connection,
        notificationUrl: "https://hooks.example.com/x",
        changeTypes: "moved",
      }),
    ).toMatchObject({ name: "ArgumentError", property: "changeTypes[0]" });
    expect(sb.requests.slice(before).filter((r) => r.kind === "graph")).toEqual([]);
  });
});
