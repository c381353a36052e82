import { randomBytes } from "node:crypto";
import { USERS, type Sandbox } from "../../../sandbox";
import { actionRunner, folderMessages, secretConnection, shortenWaits, startSandbox, storedMessage } from "../support";

/**
 * Send Message and Send Draft hand back the sent message's immutable id (its copy in Sent Items) and its
 * internetMessageId, found by the stamp each send carries (never by subject), on every road a send takes: one
 * sendMail request, a draft (large attachments, no Sent Items copy), and after an answer lost on the way back.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
shortenWaits("confirm");
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterEach(() => sb.faults.clear());
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const sentCopies = (subject: string, userId = USERS.adele.id) =>
  folderMessages(sb, userId, "sentitems").filter((m) => m.subject === subject);
const inboxCopy = (userId: string, subject: string) =>
  folderMessages(sb, userId, "inbox").find((m) => m.subject === subject)!;

it("returns the Sent Items copy's immutable id and the Message-ID, which still read it after it moves", async () => {
  const sent = await run("sendMessage", { to: USERS.alex.upn, subject: "Ids back", body: "hello" });
  expect(sent).toMatchObject({ sent: true, via: "sendMail", outcome: "answered" });
  const [copy] = sentCopies("Ids back");
  expect(sent.messageId).toBe(copy.immutableId);
  expect(sent.internetMessageId).toBe(inboxCopy(USERS.alex.id, "Ids back").internetMessageId);
  await run("moveMessage", { messageId: sent.messageId, destinationFolderId: "archive" });
  const read = await run("getMailMessage", { messageId: sent.messageId });
  expect(read.message).toMatchObject({ id: sent.messageId, subject: "Ids back", isDraft: false });
  expect(storedMessage(sb, USERS.adele.id, sent.messageId)!.folderId).toBe(
    sb.store.folderByWellKnown(sb.store.mailbox(USERS.adele.id), "archive").id,
  );
});

it("tells two sends of the same subject apart: each gets its own copy's ids", async () => {
  const first = await run("sendMessage", { to: USERS.megan.upn, subject: "Same subject twice" });
  const second = await run("sendMessage", { to: USERS.megan.upn, subject: "Same subject twice" });
  const copies = sentCopies("Same subject twice");
  expect(copies).toHaveLength(2);
  expect([first.messageId, second.messageId].sort()).toEqual(copies.map((c) => c.immutableId).sort());
  expect(first.messageId).not.toBe(second.messageId);
  expect(first.internetMessageId).not.toBe(second.internetMessageId);
});

it("returns the ids of a message sent through a draft (an attachment of 3 MB or more)", async () => {
  const file = { data: randomBytes(3 * 1024 * 1024 + 10), contentType: "application/octet-stream" };
  const sent = await run("sendMessage", {
    to: USERS.alex.upn,
    subject: "Large and identified",
    attachments: [{ key: "big.bin", value: file }],
  });
  expect(sent.via).toBe("draft");
  const [copy] = sentCopies("Large and identified");
  expect(sent.messageId).toBe(copy.immutableId);
  expect(sent.internetMessageId).toBe(inboxCopy(USERS.alex.id, "Large and identified").internetMessageId);
});

it("returns no id, but the Message-ID, when no copy is kept in Sent Items", async () => {
  const sent = await run("sendMessage", { to: USERS.alex.upn, subject: "No copy kept", saveToSentItems: false });
  expect(sentCopies("No copy kept")).toHaveLength(0);
  expect(sent.messageId).toBeNull();
  expect(sent.internetMessageId).toBe(inboxCopy(USERS.alex.id, "No copy kept").internetMessageId);
});

it("returns the ids found by the stamp when sendMail's answer was lost, and sends once", async () => {
  sb.faults.afterNext(1, "reset", { method: "POST", path: /\/sendMail$/ });
  const sent = await run("sendMessage", { to: USERS.megan.upn, subject: "Lost then found" });
  expect(sent.outcome).toBe("confirmedAfterLostAnswer");
  const copies = sentCopies("Lost then found");
  expect(copies).toHaveLength(1);
  expect(sent.messageId).toBe(copies[0].immutableId);
  expect(folderMessages(sb, USERS.megan.id, "inbox").filter((m) => m.subject === "Lost then found")).toHaveLength(1);
});

it("Send Draft returns the immutable id and Message-ID, even for a draft given by its REST id", async () => {
  const draft = await run("createDraft", { subject: "Draft with ids", to: USERS.alex.upn, body: "b" });
  const restId = storedMessage(sb, USERS.adele.id, draft.id)!.id;
  expect(restId).not.toBe(draft.id);
  const sent = await run("sendDraft", { messageId: restId });
  expect(sent).toMatchObject({ sent: true, messageId: draft.id, internetMessageId: draft.internetMessageId });
  expect(inboxCopy(USERS.alex.id, "Draft with ids").internetMessageId).toBe(draft.internetMessageId);
  const read = await run("getMailMessage", { messageId: sent.messageId });
  expect(read.message).toMatchObject({ subject: "Draft with ids", isDraft: false });
});

it("sends in one request and looks nothing up when the ids are not wanted", async () => {
  const mark = sb.requests.length;
  const sent = await run("sendMessage", { to: USERS.alex.upn, subject: "No ids wanted", returnMessageId: false });
  const graphCalls = sb.requests.slice(mark).filter((r) => r.path.includes("/users/"));
  expect(graphCalls.map((r) => `${r.method} ${r.path.split("/").pop()}`)).toEqual(["POST sendMail"]);
  expect(sent).toMatchObject({ sent: true, messageId: null, internetMessageId: null });
  expect(sentCopies("No ids wanted")).toHaveLength(1);
});
