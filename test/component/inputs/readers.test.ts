import { createConnection } from "@prismatic-io/spectral/dist/testing";
import { clientCredentials } from "../../../src/connections/clientCredentials";
import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, harness, secretConnection, startSandbox } from "../support";

/**
 * Issue 9, item 5: one small set of input readers (src/inputs/common.ts and its neighbours) used by every action. Time
 * zones are Windows or IANA names Outlook knows; text inputs take text, never "[object Object]"; lists take lists or
 * their documented text form and drop nothing; required choices have no default; impossible dates are refused; a
 * malformed connection is a typed error naming the connection field. All before any request.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const EVENT = { subject: "Readers", startAt: "2026-11-23T09:00:00", endAt: "2026-11-23T10:00:00" };
const HOOK = "https://127.0.0.1:9/hook";
const withToString = () => JSON.parse('{"toString":"x"}') as unknown;

async function refused(key: string, params: Record<string, unknown>, property: string, conn: unknown = connection) {
  const before = sb.requests.length;
  const err = await actionError(key, { connection: conn, mailbox: USERS.adele.upn, ...params });
  expect([err.name, err.property]).toEqual([
    expect.stringMatching(/^(Argument|PropertyNull|PropertyEmpty|Attachment)Error$/),
    property,
  ]);
  expect(sb.requests.length).toBe(before);
  return err;
}

describe("time zones", () => {
  it.each([
    ["updateMailboxSettings", {}, "Mars/Olympus_Mons"],
    ["updateMailboxSettings", {}, "[object Object]"],
    ["updateMailboxSettings", {}, "+05:00"],
    ["updateAutomaticReplies", { status: "disabled" }, "Mars/Olympus_Mons"],
    ["updateAutomaticReplies", { status: "disabled" }, "[object Object]"],
    [
      "updateAutomaticReplies",
      { status: "scheduled", scheduledStart: "2026-12-20T17:00:00", scheduledEnd: "2026-12-27T09:00:00" },
      "../../etc/UTC",
    ],
  ])("%s with %j refuses the zone %j", async (key, params, timeZone) => {
    await refused(key, { ...params, timeZone }, "timeZone");
  });

  it("refuses an object as a zone, and stores an IANA zone as the Windows name Outlook uses", async () => {
    await refused("updateMailboxSettings", { timeZone: { a: 1 } }, "timeZone");
    expect(await run("updateMailboxSettings", { timeZone: "America/Los_Angeles" })).toMatchObject({
      timeZone: "Pacific Standard Time",
    });
  });
});

describe("text inputs take text", () => {
  it.each([
    ["sendMessage", { to: USERS.alex.upn, subject: { a: 1 } }, "subject"],
    ["sendMessage", { to: USERS.alex.upn, subject: withToString() }, "subject"],
    ["sendMessage", { to: USERS.alex.upn, body: [{ a: 1 }] }, "body"],
    ["createCalendar", { name: { a: 1 } }, "name"],
    ["createMailFolder", { displayName: withToString() }, "displayName"],
    ["createEvent", { ...EVENT, locationName: { a: 1 } }, "locationName"],
    ["cancelEvent", { eventId: "AAMkAx", comment: { a: 1 } }, "comment"],
    ["listMailMessages", { filter: { a: 1 } }, "filter"],
    ["listMailMessages", { select: withToString() }, "select"],
    ["updateAutomaticReplies", { status: "disabled", internalReplyMessage: { a: 1 } }, "internalReplyMessage"],
    [
      "addAttachment",
      { messageId: "AAMkAx", fileName: "a.txt", file: Buffer.from("a"), contentId: { a: 1 } },
      "contentId",
    ],
    ["getMailMessage", { messageId: withToString() }, "messageId"],
    ["listMailMessages", { mailbox: withToString() }, "mailbox"],
  ])("%s refuses %j naming %s, never sending [object Object]", async (key, params, property) => {
    const err = await refused(key, params, property);
    expect(err.message).not.toMatch(/Cannot convert object to primitive/);
  });
});

describe("lists take lists or their text form, and drop nothing", () => {
  it("refuses objects inside a list, naming the item", async () => {
    await refused("updateMessage", { messageId: "AAMkAx", categories: [{ a: 1 }] }, "categories[0]");
    await refused("getMailTips", { recipients: USERS.alex.upn, tips: ["automaticReplies", null] }, "tips[1]");
    await refused(
      "createEvent",
      { ...EVENT, recurrenceType: "weekly", recurrenceDaysOfWeek: [{ day: 1 }] },
      "recurrenceDaysOfWeek[0]",
    );
  });

  it("reads comma-separated text as the list it documents", async () => {
    const tips = (await run("getMailTips", {
      recipients: USERS.alex.upn,
      tips: "automaticReplies, maxMessageSize",
    })) as unknown as Record<string, unknown>[];
    expect(tips[0]).toHaveProperty("maxMessageSize");
    const event = await run("createEvent", {
      ...EVENT,
      recurrenceType: "weekly",
      recurrenceDaysOfWeek: "monday,wednesday",
      recurrenceCount: "4",
    });
    expect((event.recurrence as { pattern: { daysOfWeek: string[] } }).pattern.daysOfWeek).toEqual([
      "monday",
      "wednesday",
    ]);
    const draft = await run("createDraft", { subject: "categories" });
    const updated = await run("updateMessage", { messageId: draft.id, categories: "Red, Blue" });
    expect(updated.categories).toEqual(["Red", "Blue"]);
  });

  it.each([{ a: 1 }, 42, true])("refuses the expiration %j instead of using the default", async (expiration) => {
    await refused("createMailFolderSubscription", { notificationUrl: HOOK, expiration }, "expiration");
  });
});

describe("required choices are required", () => {
  it.each([null, "", "  "])("an empty response (%j) accepts no meeting", async (response) => {
    await refused("respondToEvent", { eventId: "AAMkAx", response }, "response");
  });

  it.each([
    ["updateAutomaticReplies", "status", {}],
    ["createFocusedInboxOverride", "classifyAs", { sender: USERS.alex.upn }],
    ["updateFocusedInboxOverride", "classifyAs", { overrideId: "x" }],
  ])("%s without %s is refused", async (key, property, params) => {
    await refused(key, { ...params, [property]: "" }, property);
  });
});

describe("dates that do not exist", () => {
  it.each([
    ["syncMessages", { folderId: "inbox", receivedSince: "2026-02-30T10:00:00Z" }, "receivedSince"],
    ["createEvent", { ...EVENT, startAt: "2026-02-30T10:00:00" }, "startAt"],
    ["createEvent", { ...EVENT, isAllDay: true, startAt: "2026-02-30", endAt: "2026-03-02" }, "startAt"],
    ["createEvent", { ...EVENT, recurrenceType: "daily", recurrenceEndDate: "2026-02-30" }, "recurrenceEndDate"],
    ["createMailFolderSubscription", { notificationUrl: HOOK, expiration: "2026-13-01T00:00:00Z" }, "expiration"],
    [
      "updateAutomaticReplies",
      { status: "scheduled", scheduledStart: "2026-12-20T25:00:00", scheduledEnd: "2026-12-27T09:00:00" },
      "scheduledStart",
    ],
  ])("%s refuses %j", async (key, params, property) => {
    await refused(key, params, property);
  });

  it("refuses blank text as a file instead of attaching an empty file", async () => {
    await refused("addAttachment", { messageId: "AAMkAx", fileName: "a.txt", file: "" }, "file");
  });
});

describe("a malformed connection is a typed error naming the connection field", () => {
  it.each([["   "], [42], [["a"]], ["a connection"], [{ key: "clientCredentials", fields: "x" }], [{ fields: {} }]])(
    "refuses the connection %j",
    async (value) => {
      const err = await refused("getCurrentUser", {}, "connection", value);
      expect(err.message).not.toMatch(/Cannot read properties/);
    },
  );

  const fields = (extra: Record<string, unknown>) =>
    createConnection(clientCredentials, { ...secretConnection(sb).fields, ...extra });

  it.each([
    ["tenant '\\'", { tenant: "\\" }, "connection.tenant"],
    ["tenant '.'", { tenant: "." }, "connection.tenant"],
    ["tenant '..'", { tenant: ".." }, "connection.tenant"],
    ["a 100 KB tenant", { tenant: "x".repeat(100 * 1024) }, "connection.tenant"],
    ["a tenant with a lone surrogate", { tenant: "a\uD800b" }, "connection.tenant"],
    ["a client id with a lone surrogate", { clientId: "a\uD800b" }, "connection.clientId"],
    ["an object as the client secret", { clientSecret: { a: 1 } }, "connection.clientSecret"],
    ["a line break in the scopes", { scopes: "https://graph.microsoft.com/.default\r\nx" }, "connection.scopes"],
    ["an object with toString as the base URL", { baseUrl: withToString() }, "connection.baseUrl"],
  ])("refuses %s before any request, the identity platform's included", async (_name, extra, property) => {
    const before = sb.requests.length;
    const err = await actionError("getCurrentUser", { connection: fields(extra) });
    expect([err.name, err.property]).toEqual(["ArgumentError", property]);
    expect(sb.requests.length).toBe(before);
  });

  it("still takes a domain, a GUID or common as the tenant", async () => {
    const user = await harness.action("getCurrentUser", { connection: fields({ tenant: "contoso.onmicrosoft.com" }) });
    expect((user as { data: { userPrincipalName: string } }).data.userPrincipalName).toBe(USERS.adele.upn);
  });
});
