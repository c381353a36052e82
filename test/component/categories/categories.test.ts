import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, harness, secretConnection, startSandbox } from "../support";

/** Category actions against the sandbox: the mailbox's master list of categories. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);

describe("listMasterCategories", () => {
  it("lists the mailbox's categories with their colours, in one request on that mailbox's path", async () => {
    const before = sb.requests.length;
    const list = (await run("listMasterCategories", { mailbox: USERS.megan.upn })) as unknown as {
      id: string;
      displayName: string;
      color: string;
    }[];
    expect(list.map((c) => c.displayName)).toEqual([
      "Red category",
      "Orange category",
      "Yellow category",
      "Green category",
      "Blue category",
      "Purple category",
    ]);
    expect(list[0].color).toBe("preset0");
    const graph = sb.requests.slice(before).filter((r) => r.kind === "graph");
    expect(graph.map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).toEqual([
      `GET /v1.0/users/${USERS.megan.upn}/outlook/masterCategories`,
    ]);
  });

  it("names the mailbox when it has none, and refuses a malformed mailbox before any request", async () => {
    expect(await actionError("listMasterCategories", { connection, mailbox: USERS.isaiah.upn })).toMatchObject({
      graphCode: "MailboxNotEnabledForRESTAPI",
      property: "mailbox",
    });
    const before = sb.requests.length;
    expect(await actionError("listMasterCategories", { connection, mailbox: "not an address" })).toMatchObject({
      code: "ArgumentInvalid",
      property: "mailbox",
    });
    expect(sb.requests.length).toBe(before);
  });
});

describe("create, recolour and delete categories; tag messages and events with them", () => {
  type Picked = { result: { key: string; label: string }[] };
  const master = () => [...sb.store.mailbox(USERS.alex.id).categories.values()];

  it("creates a category with a colour given by preset or by name, and refuses a second of the same name", async () => {
    const red = await run("createCategory", { mailbox: USERS.alex.upn, displayName: "Customers", color: "preset0" });
    expect(red).toMatchObject({ displayName: "Customers", color: "preset0" });
    const teal = await run("createCategory", { mailbox: USERS.alex.upn, displayName: "Partners", color: "Dark teal" });
    expect(teal).toMatchObject({ color: "preset20" });
    expect(await run("createCategory", { mailbox: USERS.alex.upn, displayName: "Plain" })).toMatchObject({
      color: "none",
    });
    expect(
      await actionError("createCategory", { connection, mailbox: USERS.alex.upn, displayName: "customers" }),
    ).toMatchObject({ graphCode: "ErrorDuplicateCategoryName", status: 409 });
    const byName = (await harness.dataSource("selectCategory", { connection, mailbox: USERS.alex.upn })) as Picked;
    expect(byName.result.find((c) => c.key === "Customers")).toEqual({
      key: "Customers",
      label: "Customers (Red (preset0))",
    });
    const byId = (await harness.dataSource("selectMasterCategory", { connection, mailbox: USERS.alex.upn })) as Picked;
    expect(byId.result.find((c) => c.key === teal.id)?.label).toBe("Partners (Dark teal (preset20))");
  });

  it("changes only the colour (a category keeps its name), and deletes by ID", async () => {
    const [partners] = master().filter((c) => c.displayName === "Partners");
    expect(
      await run("updateCategory", { mailbox: USERS.alex.upn, categoryId: partners.id, color: "Green" }),
    ).toMatchObject({ displayName: "Partners", color: "preset4" });
    expect(await run("deleteCategory", { mailbox: USERS.alex.upn, categoryId: partners.id })).toEqual({
      deleted: true,
      categoryId: partners.id,
    });
    expect(master().some((c) => c.displayName === "Partners")).toBe(false);
    expect(
      await actionError("deleteCategory", { connection, mailbox: USERS.alex.upn, categoryId: partners.id }),
    ).toMatchObject({ status: 404, property: "categoryId" });
  });

  it("tags a message and an event with names, one of them not in the master list, which stays as it was", async () => {
    const before = master().map((c) => c.displayName);
    await run("sendMessage", { mailbox: USERS.adele.upn, to: USERS.alex.upn, subject: "Tag me" });
    const [m] = [...sb.store.mailbox(USERS.alex.id).messages.values()].filter((x) => x.subject === "Tag me");
    const tagged = await run("updateMessage", {
      mailbox: USERS.alex.upn,
      messageId: m.id,
      categories: ["Customers", "Not in the list"],
    });
    expect(tagged.categories).toEqual(["Customers", "Not in the list"]);
    const event = await run("createEvent", {
      mailbox: USERS.alex.upn,
      subject: "Review",
      startAt: "2026-12-01T10:00:00",
      endAt: "2026-12-01T11:00:00",
      categories: "Customers, Plain",
    });
    expect(event.categories).toEqual(["Customers", "Plain"]);
    const changed = await run("updateEvent", { mailbox: USERS.alex.upn, eventId: event.id, categories: ["Plain"] });
    expect(changed.categories).toEqual(["Plain"]);
    expect(
      (await run("updateEvent", { mailbox: USERS.alex.upn, eventId: event.id, subject: "Review 2" })).categories,
    ).toEqual(["Plain"]);
    expect(master().map((c) => c.displayName)).toEqual(before);
  });

  it("refuses a colour Outlook has not and a name with a comma, before any request", async () => {
    const before = sb.requests.length;
    for (const [params, property] of [
      [{ displayName: "x", color: "preset25" }, "color"],
      [{ displayName: "x", color: "magenta" }, "color"],
      [{ displayName: "a, b" }, "displayName"],
      [{ displayName: " " }, "displayName"],
    ] as const) {
      const err = await actionError("createCategory", { connection, mailbox: USERS.alex.upn, ...params });
      expect(err).toMatchObject({ code: expect.stringMatching(/ArgumentInvalid|PropertyEmpty/), property });
    }
    expect(await actionError("updateCategory", { connection, mailbox: USERS.alex.upn, categoryId: "x" })).toMatchObject(
      {
        code: "PropertyNull",
        property: "color",
      },
    );
    expect(
      await actionError("updateMessage", {
        connection,
        mailbox: USERS.alex.upn,
        messageId: "AAMkAx",
        categories: [{}],
      }),
    ).toMatchObject({ property: "categories[0]" });
    expect(sb.requests.length).toBe(before);
  });

  it("creates one category when the answer is lost after Graph acted", async () => {
    sb.faults.afterNext(1, "reset", { method: "POST", path: /masterCategories$/ });
    const made = await run("createCategory", { mailbox: USERS.alex.upn, displayName: "Once", color: "preset1" });
    expect(made).toMatchObject({ displayName: "Once", outcome: "confirmedAfterLostAnswer" });
    expect(master().filter((c) => c.displayName === "Once")).toHaveLength(1);
  });
});
