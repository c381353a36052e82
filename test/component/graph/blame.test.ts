import { READ_ONLY_APP_ID, READ_ONLY_APP_SECRET, USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, authorizationCodeConnection, secretConnection, startSandbox } from "../support";

/**
 * Issue 9, items 3 and 4: every refusal from Graph names the input at fault. A 404 blames the input that named the
 * missing item (one cheap probe of the parent, on the error path only, when a path names two); an access denied on
 * another mailbox names that mailbox and the grant it lacks; a refused filter, search or select blames that input;
 * and errors of text and byte answers carry Graph's code, message and request-id as JSON calls do.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
let draftId: string;
let attachmentId: string;
let folderId: string;
const MISSING = "AAMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgBGAAADnonexistent";

beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
  const file = { key: "notes.txt", value: Buffer.from("notes") };
  draftId = String((await run("createDraft", { subject: "with a file", attachments: [file] })).id);
  attachmentId = String(((await run("listAttachments", { messageId: draftId })) as unknown as { id: string }[])[0].id);
  folderId = String((await run("createMailFolder", { displayName: "Blame" })).id);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const graphRequests = (from: number) => sb.requests.slice(from).filter((r) => r.kind === "graph");

async function graphError(key: string, params: Record<string, unknown>, conn: unknown = connection) {
  const err = await actionError(key, { connection: conn, ...params });
  expect(err.name).toBe("GraphServiceError");
  return err;
}

describe("a 404 blames the input that named the missing item", () => {
  const cases: [string, string, string, () => Record<string, unknown>][] = [
    [
      "moveMessage",
      "an unknown destination",
      "destinationFolderId",
      () => ({ messageId: draftId, destinationFolderId: MISSING }),
    ],
    ["moveMessage", "an unknown message", "messageId", () => ({ messageId: MISSING, destinationFolderId: folderId })],
    [
      "copyMessage",
      "an unknown destination",
      "destinationFolderId",
      () => ({ messageId: draftId, destinationFolderId: MISSING }),
    ],
    [
      "moveMailFolder",
      "an unknown destination",
      "destinationFolderId",
      () => ({ folderId, destinationFolderId: MISSING }),
    ],
    ["copyMailFolder", "an unknown folder", "folderId", () => ({ folderId: MISSING, destinationFolderId: "inbox" })],
    ["getAttachment", "an unknown message", "messageId", () => ({ messageId: MISSING, attachmentId })],
    ["getAttachment", "an unknown attachment", "attachmentId", () => ({ messageId: draftId, attachmentId: MISSING })],
    ["deleteAttachment", "an unknown message", "messageId", () => ({ messageId: MISSING, attachmentId })],
    [
      "addAttachment",
      "an unknown message",
      "messageId",
      () => ({ messageId: MISSING, fileName: "a.txt", file: Buffer.from("a") }),
    ],
    ["createDraft", "an unknown folder", "folderId", () => ({ folderId: MISSING, subject: "x" })],
    ["listMailMessages", "an unknown folder", "folderId", () => ({ folderId: MISSING })],
    [
      "createMailFolderSubscription",
      "an unknown folder",
      "folderId",
      () => ({ folderId: MISSING, notificationUrl: "https://127.0.0.1:9/hook" }),
    ],
    [
      "createEventSubscription",
      "an unknown calendar",
      "calendarId",
      () => ({ calendarId: MISSING, notificationUrl: "https://127.0.0.1:9/hook" }),
    ],
    ["getCurrentUser", "an unknown user", "mailbox", () => ({ mailbox: "nobody@contoso.onmicrosoft.com" })],
    ["listMailMessages", "an unknown user", "mailbox", () => ({ mailbox: "nobody@contoso.onmicrosoft.com" })],
  ];
  it.each(cases)("%s with %s blames %s", async (key, _what, property, params) => {
    const err = await graphError(key, params());
    expect(err.property).toBe(property);
  });

  it("probes the parent only on the error path: one request on success, two on a missing attachment", async () => {
    let before = sb.requests.length;
    await run("getAttachment", { messageId: draftId, attachmentId });
    expect(graphRequests(before).map((r) => r.method)).toEqual(["GET", "GET"]);
    before = sb.requests.length;
    await graphError("getAttachment", { messageId: MISSING, attachmentId });
    const [failed, probe] = graphRequests(before);
    expect([failed.status, probe.status, probe.query]).toEqual([404, 404, "?$select=id"]);
    expect(graphRequests(before)).toHaveLength(2);
  });

  it("blames the connection's User ID when the mailbox came from there", async () => {
    const err = await graphError(
      "getCurrentUser",
      {},
      secretConnection(sb, { userId: "nobody@contoso.onmicrosoft.com" }),
    );
    expect(err.property).toBe("connection.userId");
  });
});

describe("Graph's other refusals name the input", () => {
  it.each([
    ["deleteMailFolder", { folderId: "inbox" }, "folderId", "ErrorDeleteDistinguishedFolder"],
    [
      "updateMailFolder",
      { folderId: "inbox", displayName: "Renamed" },
      "folderId",
      "ErrorCannotRenameDistinguishedFolder",
    ],
    [
      "moveMailFolder",
      { folderId: "inbox", destinationFolderId: "archive" },
      "folderId",
      "ErrorMoveDistinguishedFolder",
    ],
    ["listMailMessages", { filter: "%" }, "filter", "BadRequest"],
    ["listMailMessages", { filter: "nosuch eq 1" }, "filter", "RequestBroker--ParseUri"],
    ["listMailMessages", { select: "subject,nosuch" }, "select", "RequestBroker--ParseUri"],
    ["syncMessages", { folderId: "inbox", select: "nosuch" }, "select", "RequestBroker--ParseUri"],
  ])("%s with %j blames %s (%s)", async (key, params, property, code) => {
    const err = await graphError(key, params);
    expect([err.property, err.graphCode]).toEqual([property, code]);
  });

  it("blames the destination when a folder would move into itself", async () => {
    const parent = String((await run("createMailFolder", { displayName: "Parent" })).id);
    const child = String((await run("createMailFolder", { displayName: "Child", parentFolderId: parent })).id);
    const err = await graphError("moveMailFolder", { folderId: parent, destinationFolderId: child });
    expect([err.property, err.graphCode]).toEqual(["destinationFolderId", "ErrorMoveCopyFailed"]);
  });
});

describe("an access denied on another mailbox names it and the grant it lacks", () => {
  it("sending as a shared mailbox without Send As", async () => {
    const sales = sb.store.users.get(USERS.sales.id)!;
    const granted = sales.sendAs;
    sales.sendAs = [];
    try {
      const { connection: delegated } = await authorizationCodeConnection(sb);
      const err = await graphError(
        "sendMessage",
        { mailbox: USERS.sales.upn, to: USERS.alex.upn, subject: "as sales" },
        delegated,
      );
      expect(err).toMatchObject({ property: "mailbox", status: 403 });
      expect(err.message).toContain(`'${USERS.sales.upn}'`);
      expect(err.message).toMatch(/must grant the signed-in user Send As/);
    } finally {
      sales.sendAs = granted;
    }
  });

  it("reading another user's mail without the .Shared scope or Full Access", async () => {
    const { connection: delegated } = await authorizationCodeConnection(sb);
    const err = await graphError("listMailMessages", { mailbox: USERS.megan.upn }, delegated);
    expect(err).toMatchObject({ property: "mailbox", status: 403 });
    expect(err.message).toMatch(
      /needs the Mail\.ReadWrite\.Shared scope, and 'meganb@[^']+' must grant .* Full Access/,
    );
  });
});

describe("an access denied on an app-only connection names the mailbox and the application permission", () => {
  it("sending with an app that may only read mail", async () => {
    const readOnly = secretConnection(sb, { clientId: READ_ONLY_APP_ID, clientSecret: READ_ONLY_APP_SECRET });
    const err = await graphError(
      "sendMessage",
      { mailbox: USERS.megan.upn, to: USERS.alex.upn, subject: "x" },
      readOnly,
    );
    expect(err).toMatchObject({ property: "connection.scopes", status: 403 });
    expect(err.message).toContain(`'${USERS.megan.upn}'`);
    expect(err.message).toMatch(/needs the Mail\.Send application permission/);
  });
});

describe("text and byte answers keep Graph's error", () => {
  it.each([
    ["getMailMessage", () => ({ messageId: draftId })],
    ["getAttachment", () => ({ messageId: draftId, attachmentId })],
  ])("%s, when $value fails, has Graph's code, message and request-id", async (key, params) => {
    sb.faults.failNext(1, 500, null, { path: /\/\$value$/ });
    const err = await graphError(key, params());
    expect(err).toMatchObject({ status: 500, graphCode: "InternalServerError" });
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.message).toContain(String(err.requestId));
    expect(err.message).not.toMatch(/HTTP500/);
  });

  it.each(["text", "binary"])("Raw Request read as %s carries Graph's 404", async (responseType) => {
    const url = `/users/${USERS.adele.upn}/messages/AAMk-nonexistent/$value`;
    const err = await graphError("rawRequest", { url, responseType });
    expect(err).toMatchObject({ status: 404, graphCode: "ErrorItemNotFound" });
    expect(err.message).toMatch(/The specified object was not found in the store/);
    expect(err.requestId).toBeTruthy();
  });
});
