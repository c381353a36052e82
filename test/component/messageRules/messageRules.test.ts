import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, folderMessages, harness, secretConnection, startSandbox } from "../support";

/**
 * Inbox rule actions against the sandbox, which runs the rules on mail as it arrives: a rule made through the
 * component files matching mail sent afterwards (also through the component) and leaves the rest in the Inbox.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const MEGAN = USERS.megan;
const graphSince = (before: number) =>
  sb.requests
    .slice(before)
    .filter((r) => r.kind === "graph")
    .map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
const inFolder = (folderId: string) =>
  [...sb.store.mailbox(MEGAN.id).messages.values()].filter((m) => m.folderId === folderId).map((m) => m.subject);

describe("a rule made through the component runs on mail that arrives afterwards", () => {
  it("files matching mail in the folder picked, marks it and leaves other mail in the Inbox", async () => {
    const folder = await run("createMailFolder", { mailbox: MEGAN.upn, displayName: "Invoices" });
    const picker = (await harness.dataSource("selectMailFolder", { connection, mailbox: MEGAN.upn })) as {
      result: { key: string; label: string }[];
    };
    const picked = picker.result.find((f) => f.label === "Invoices")!.key;
    const rule = await run("createInboxRule", {
      mailbox: MEGAN.upn,
      displayName: "File invoices",
      ifSubjectContains: ["invoice", "receipt"],
      exceptIfFromAddresses: [USERS.adele.upn],
      moveToFolder: picked,
      markAsRead: true,
      assignCategories: ["Finance"],
      stopProcessingRules: true,
    });
    expect(rule).toMatchObject({
      displayName: "File invoices",
      sequence: 1,
      isEnabled: true,
      conditions: { subjectContains: ["invoice", "receipt"] },
      exceptions: { fromAddresses: [{ emailAddress: { address: USERS.adele.upn } }] },
      actions: { moveToFolder: folder.id, markAsRead: true, assignCategories: ["Finance"], stopProcessingRules: true },
    });
    await run("sendMessage", { mailbox: USERS.alex.upn, to: MEGAN.upn, subject: "Invoice 1001", body: "due" });
    await run("sendMessage", { mailbox: USERS.alex.upn, to: MEGAN.upn, subject: "Lunch?", body: "noon" });
    await run("sendMessage", { mailbox: USERS.adele.upn, to: MEGAN.upn, subject: "Invoice from Adele", body: "x" });
    expect(inFolder(String(folder.id))).toEqual(["Invoice 1001"]);
    const filed = folderMessages(sb, MEGAN.id, "inbox").map((m) => m.subject);
    expect(filed).toEqual(expect.arrayContaining(["Lunch?", "Invoice from Adele"]));
    expect(filed).not.toContain("Invoice 1001");
    const [moved] = [...sb.store.mailbox(MEGAN.id).messages.values()].filter((m) => m.subject === "Invoice 1001");
    expect(moved).toMatchObject({ isRead: true, categories: ["Finance"] });
    await run("deleteInboxRule", { mailbox: MEGAN.upn, ruleId: rule.id });
  });
});

describe("create, read, change and delete", () => {
  it("orders a new rule after the others, resolves well-known folders, and lists rules in order", async () => {
    const first = await run("createInboxRule", { mailbox: MEGAN.upn, displayName: "A", markAsRead: true });
    const second = await run("createInboxRule", {
      mailbox: MEGAN.upn,
      displayName: "B",
      ifHasAttachments: "true",
      ifSentToMe: "sentOnlyToMe",
      copyToFolder: "archive",
      forwardTo: "Alex <" + USERS.alex.upn + ">",
    });
    const archive = sb.store.folderByWellKnown(sb.store.mailbox(MEGAN.id), "archive").id;
    expect(second).toMatchObject({
      sequence: 2,
      conditions: { hasAttachments: true, sentOnlyToMe: true },
      actions: { copyToFolder: archive, forwardTo: [{ emailAddress: { name: "Alex", address: USERS.alex.upn } }] },
    });
    const listed = (await run("listInboxRules", { mailbox: MEGAN.upn })) as unknown as { displayName: string }[];
    expect(listed.map((r) => r.displayName)).toEqual(["A", "B"]);
    const picker = (await harness.dataSource("selectInboxRule", { connection, mailbox: MEGAN.upn })) as {
      result: { key: string; label: string }[];
    };
    expect(picker.result).toEqual([
      { key: first.id, label: "1. A" },
      { key: second.id, label: "2. B" },
    ]);
    expect(await run("getInboxRule", { mailbox: MEGAN.upn, ruleId: second.id })).toMatchObject({ displayName: "B" });
    for (const r of [first, second]) await run("deleteInboxRule", { mailbox: MEGAN.upn, ruleId: r.id });
    expect(sb.store.mailbox(MEGAN.id).rules).toEqual([]);
  });

  it("changes only what is given, keeps the rule's other conditions, and takes off what Remove names", async () => {
    const rule = await run("createInboxRule", {
      mailbox: MEGAN.upn,
      displayName: "Reports",
      ifSubjectContains: "report",
      ifImportance: "high",
      exceptIfSenderContains: "noreply",
      markImportance: "low",
      advancedRule: JSON.stringify({ conditions: { isMeetingRequest: false } }),
    });
    const before = sb.requests.length;
    const updated = await run("updateInboxRule", {
      mailbox: MEGAN.upn,
      ruleId: rule.id,
      ifBodyContains: ["quarterly"],
      remove: ["ifImportance", "exceptIfSenderContains"],
      isEnabled: "false",
      advancedRule: '{"actions":{"markImportance":null,"markAsRead":true}}',
    });
    expect(updated).toMatchObject({
      displayName: "Reports",
      isEnabled: false,
      conditions: { subjectContains: ["report"], bodyContains: ["quarterly"], isMeetingRequest: false },
      actions: { markAsRead: true },
    });
    expect(updated.conditions).not.toHaveProperty("importance");
    expect(updated.actions).not.toHaveProperty("markImportance");
    expect(updated.exceptions).toBeUndefined();
    expect(graphSince(before)).toEqual([
      `GET /v1.0/users/${MEGAN.upn}/mailFolders/inbox/messageRules/${rule.id}`,
      `PATCH /v1.0/users/${MEGAN.upn}/mailFolders/inbox/messageRules/${rule.id}`,
    ]);
    await run("deleteInboxRule", { mailbox: MEGAN.upn, ruleId: rule.id });
  });
});

describe("bad input is refused before any request, naming the input", () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    ["no action", "createInboxRule", { displayName: "x", ifSubjectContains: "a" }, "moveToFolder"],
    ["no name", "createInboxRule", { markAsRead: true }, "displayName"],
    ["a forward to a non-address", "createInboxRule", { displayName: "x", forwardTo: "not an address" }, "forwardTo"],
    [
      "a bad From address",
      "createInboxRule",
      { displayName: "x", markAsRead: true, ifFromAddresses: ["a@"] },
      "ifFromAddresses[0]",
    ],
    ["an unknown importance", "createInboxRule", { displayName: "x", markImportance: "urgent" }, "markImportance"],
    ["order 0", "createInboxRule", { displayName: "x", markAsRead: true, sequence: "0" }, "sequence"],
    ["a folder id with a slash", "createInboxRule", { displayName: "x", moveToFolder: "a/b" }, "moveToFolder"],
    [
      "JSON that is not JSON",
      "createInboxRule",
      { displayName: "x", markAsRead: true, advancedRule: "{" },
      "advancedRule",
    ],
    [
      "an unknown predicate in JSON",
      "createInboxRule",
      { displayName: "x", markAsRead: true, advancedRule: '{"conditions":{"subjectHas":["a"]}}' },
      "advancedRule.conditions.subjectHas",
    ],
    [
      "an address in JSON that is not one",
      "createInboxRule",
      { displayName: "x", advancedRule: '{"actions":{"redirectTo":["bob"]}}' },
      "advancedRule.actions.redirectTo[0]",
    ],
    [
      "the same condition twice",
      "createInboxRule",
      {
        displayName: "x",
        markAsRead: true,
        ifSubjectContains: "a",
        advancedRule: '{"conditions":{"subjectContains":["b"]}}',
      },
      "advancedRule.conditions.subjectContains",
    ],
    ["nothing to change", "updateInboxRule", { ruleId: "AQAAAJ5dZqA=" }, "displayName"],
    [
      "removing what is set",
      "updateInboxRule",
      { ruleId: "AQAAAJ5dZqA=", markAsRead: "true", remove: ["markAsRead"] },
      "remove[0]",
    ],
    ["an unknown removal", "updateInboxRule", { ruleId: "AQAAAJ5dZqA=", remove: ["everything"] }, "remove[0]"],
  ];
  it.each(cases)("%s", async (_name, key, params, property) => {
    const before = sb.requests.length;
    const err = await actionError(key, { connection, mailbox: MEGAN.upn, ...params });
    expect(err.property).toBe(property);
    expect(sb.requests.length).toBe(before);
  });

  it("blames the folder input when the folder is not there, and writes no rule", async () => {
    const err = await actionError("createInboxRule", {
      connection,
      mailbox: MEGAN.upn,
      displayName: "Nowhere",
      moveToFolder: "AAMkAGone=",
    });
    expect(err).toMatchObject({ code: "GraphServiceError", status: 404, property: "moveToFolder" });
    expect(sb.store.mailbox(MEGAN.id).rules).toEqual([]);
  });
});

it("creates one rule when the answer is lost after Graph acted", async () => {
  sb.faults.afterNext(1, "truncate", { method: "POST", path: /messageRules$/ });
  const made = await run("createInboxRule", { mailbox: MEGAN.upn, displayName: "Once", markAsRead: true });
  expect(made).toMatchObject({ displayName: "Once", outcome: "confirmedAfterLostAnswer" });
  expect(sb.store.mailbox(MEGAN.id).rules.map((r) => r.displayName)).toEqual(["Once"]);
  await run("deleteInboxRule", { mailbox: MEGAN.upn, ruleId: made.id });
});
