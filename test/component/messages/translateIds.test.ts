import { USERS, type Sandbox } from "../../../sandbox";
import {
  actionError,
  actionRunner,
  authorizationCodeConnection,
  folderMessages,
  secretConnection,
  startSandbox,
  storedMessage,
} from "../support";

/** Translate IDs: stored ids converted between Graph's formats, through a signed-in user's connection. */

let sb: Sandbox;
let delegated: unknown;
beforeAll(async () => {
  sb = await startSandbox();
  const scopes = ["User.Read", "User.ReadBasic.All", "Mail.ReadWrite", "Mail.Send", "Mail.ReadWrite.Shared"]
    .map((s) => `https://graph.microsoft.com/${s}`)
    .concat("offline_access")
    .join(" ");
  delegated = (await authorizationCodeConnection(sb, scopes)).connection;
});
afterAll(() => sb.stop());

const run = actionRunner(() => delegated);
type Translated = {
  translated: number;
  failed: number;
  value: { sourceId: string; targetId?: string; errorDetails?: { code: string } }[];
};

it("turns a REST id stored before a move into the immutable id that still reads the message", async () => {
  await run("sendMessage", { to: USERS.adele.upn, subject: "Translate me" });
  const m = folderMessages(sb, USERS.adele.id, "inbox").find((x) => x.subject === "Translate me")!;
  const restId = m.id;
  const result = (await run("translateExchangeIds", { ids: `${restId}\nAAMkAnothing=` })) as unknown as Translated;
  expect(result).toMatchObject({ translated: 1, failed: 1 });
  expect(result.value[0]).toEqual({ sourceId: restId, targetId: m.immutableId });
  expect(result.value[1].errorDetails?.code).toBe("ErrorInvalidIdMalformed");
  await run("moveMessage", { messageId: restId, destinationFolderId: "archive" });
  const read = await run("getMailMessage", { messageId: result.value[0].targetId });
  expect((read.message as { subject: string }).subject).toBe("Translate me");
  // And back to an EWS id, which holds "/" and "+", as a list input.
  const ews = (await run("translateExchangeIds", {
    ids: [m.immutableId],
    sourceIdType: "restImmutableEntryId",
    targetIdType: "ewsId",
  })) as unknown as Translated;
  const back = (await run("translateExchangeIds", {
    ids: [ews.value[0].targetId],
    sourceIdType: "ewsId",
    targetIdType: "restId",
  })) as unknown as Translated;
  expect(back.value[0].targetId).toBe(storedMessage(sb, USERS.adele.id, m.immutableId)!.id);
});

it("translates ids of a shared mailbox the signed-in user has full access to", async () => {
  await run("sendMessage", { to: USERS.sales.upn, subject: "For sales" });
  const m = folderMessages(sb, USERS.sales.id, "inbox").find((x) => x.subject === "For sales")!;
  const before = sb.requests.length;
  const result = (await run("translateExchangeIds", { mailbox: USERS.sales.upn, ids: m.id })) as unknown as Translated;
  expect(result.value[0].targetId).toBe(m.immutableId);
  const paths = sb.requests.slice(before).map((r) => decodeURIComponent(r.path));
  expect(paths).toEqual([`/v1.0/users/${USERS.sales.upn}/translateExchangeIds`]);
});

it("refuses app-only connections, over 1,000 ids, a malformed id, an unknown format, before any request", async () => {
  const before = sb.requests.length;
  const appOnly = secretConnection(sb);
  const cases: [Record<string, unknown>, string, string][] = [
    [{ connection: appOnly, ids: "AAMkA1" }, "ArgumentError", "connection"],
    [{ connection: delegated, ids: Array.from({ length: 1001 }, (_, i) => `AAMk${i}`) }, "ArgumentError", "ids"],
    [{ connection: delegated, ids: ["AAMkA1", "two words"] }, "ArgumentError", "ids[1]"],
    [{ connection: delegated, ids: "AAMkA1", targetIdType: "ewsImmutableId" }, "ArgumentError", "targetIdType"],
    [{ connection: delegated, ids: " \n " }, "PropertyEmptyError", "ids"],
  ];
  for (const [params, name, property] of cases) {
    const err = await actionError("translateExchangeIds", params);
    expect([err.name, err.property]).toEqual([name, property]);
  }
  expect(sb.requests.length).toBe(before);
});
