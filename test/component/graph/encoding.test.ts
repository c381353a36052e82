import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, secretConnection, startSandbox } from "../support";

/**
 * Issue 9, item 2: one encoding rule on the one road to Graph. Every query value, path segment and id travels encoded
 * once, whatever it holds, so a filter or search finds what was typed; Raw Request's path is decoded, normalised and
 * checked before the token goes anywhere.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
let folderId: string;
const SUBJECTS = ["Q&A", "Ticket #42", "C++ review", "a+b=c", "100% done", "it's done", "plain", "ünïcødé 漢字"];

beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
  folderId = String((await run("createMailFolder", { displayName: "Encoding" })).id);
  for (const subject of SUBJECTS) await run("createDraft", { folderId, subject, body: "x" });
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const listed = async (params: Record<string, unknown>) =>
  ((await run("listMailMessages", { folderId, ...params })).value ?? []).map((m) => m.subject);
const graphRequests = (from: number) => sb.requests.slice(from).filter((r) => r.kind === "graph");

describe("query values are encoded once", () => {
  it.each([
    ["subject eq 'Q&A'", "Q&A"],
    ["subject eq 'Ticket #42'", "Ticket #42"],
    ["subject eq 'C++ review'", "C++ review"],
    ["subject eq 'a+b=c'", "a+b=c"],
    ["subject eq '100% done'", "100% done"],
    ["subject eq 'it''s done'", "it's done"],
    ["subject eq 'ünïcødé 漢字'", "ünïcødé 漢字"],
  ])("the filter %s lists exactly the message with that subject", async (filter, subject) => {
    expect(await listed({ filter })).toEqual([subject]);
  });

  it.each([
    ["C++", ["C++ review"]],
    ["#42", ["Ticket #42"]],
    ["Q&A", ["Q&A"]],
  ])("the search %s finds exactly what holds it", async (search, subjects) => {
    expect(await listed({ search })).toEqual(subjects);
  });

  it("sends the select 'subject&$top=1' as one value (Graph refuses it, blaming Select), not as two", async () => {
    const before = sb.requests.length;
    const err = await actionError("listMailMessages", { connection, folderId, select: "subject&$top=1" });
    expect(err).toMatchObject({ name: "GraphServiceError", status: 400, property: "select" });
    const [request] = graphRequests(before);
    expect(request.query).toBe("?$select=subject%26$top%3D1");
  });

  it("refuses a lone surrogate in a filter before any request: no encoding carries it", async () => {
    const before = sb.requests.length;
    const err = await actionError("listMailMessages", { connection, folderId, filter: "subject eq 'a\uD800b'" });
    expect([err.name, err.property]).toEqual(["ArgumentError", "filter"]);
    expect(sb.requests.length).toBe(before);
  });

  it("encodes Raw Request's query parameters and its URL's own query the same way", async () => {
    const url = `/users/${USERS.adele.upn}/mailFolders/${folderId}/messages`;
    const fromPairs = await run("rawRequest", { url, queryParams: [{ key: "$filter", value: "subject eq 'Q&A'" }] });
    expect(fromPairs.value?.map((m) => m.subject)).toEqual(["Q&A"]);
    const fromUrl = await run("rawRequest", { url: `${url}?$search="C++"` });
    expect(fromUrl.value?.map((m) => m.subject)).toEqual(["C++ review"]);
    const encodedInUrl = await run("rawRequest", { url: `${url}?$filter=subject%20eq%20'Ticket%20%2342'` });
    expect(encodedInUrl.value?.map((m) => m.subject)).toEqual(["Ticket #42"]);
  });
});

describe("ids and Raw Request paths stay where they were typed", () => {
  it.each([
    ["getCalendarEvent", { eventId: "." }, "eventId"],
    ["deleteMessage", { messageId: "." }, "messageId"],
    ["deleteMessage", { messageId: ".." }, "messageId"],
    ["getMailMessage", { messageId: "a\uD800b" }, "messageId"],
    ["deleteMailFolder", { folderId: "inbox/../drafts" }, "folderId"],
    ["getAttachment", { messageId: "AAMkAx", attachmentId: "a\\b" }, "attachmentId"],
    ["deleteFocusedInboxOverride", { overrideId: "x?y" }, "overrideId"],
    ["deleteSubscription", { subscriptionId: "x\r\ny" }, "subscriptionId"],
  ])("%s refuses %j before any request", async (key, params, property) => {
    const before = sb.requests.length;
    const err = await actionError(key, { connection, ...params });
    expect([err.name, err.property]).toEqual(["ArgumentError", property]);
    expect(sb.requests.length).toBe(before);
  });

  it("sends an id with '%', '+' and '=' as one path segment", async () => {
    const before = sb.requests.length;
    const err = await actionError("getMailMessage", { connection, messageId: "AAMk+a%2Fb=" });
    expect(err).toMatchObject({ name: "GraphServiceError", status: 404, property: "messageId" });
    expect(graphRequests(before)[0].path).toBe(
      `/v1.0/users/${encodeURIComponent(USERS.adele.upn)}/messages/AAMk%2Ba%252Fb%3D`,
    );
  });

  it.each([
    "/%2e%2e/%2e%2e/fuzz-outside",
    "/me/%2e%2e\\%2e%2e\\fuzz-outside",
    "/users\\..\\..\\fuzz-outside",
    "/users/%252e%252e/%252e%252e/fuzz-outside",
    "/../common/oauth2/v2.0/token",
    "https://127.0.0.1:1/steal",
  ])("Raw Request refuses %s before the token goes anywhere", async (url) => {
    const before = sb.requests.length;
    const err = await actionError("rawRequest", { connection, url });
    expect([err.name, err.property]).toEqual(["ArgumentError", "url"]);
    expect(sb.requests.length).toBe(before);
  });
});
