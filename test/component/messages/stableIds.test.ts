import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { USERS, type Sandbox } from "../../../sandbox";
import { actionRunner, folderMessages, harness, secretConnection, startSandbox, storedMessage } from "../support";
import { deliver } from "../triggers/mail";

/**
 * Stable ids: every request asks Graph for immutable ids, so an id the component hands out (an action's or a
 * trigger's) still names the same message after it moves to another folder and, for a draft, after it is sent.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const read = (mailbox: string, messageId: unknown) =>
  run("getMailMessage", { mailbox, messageId }) as Promise<{ message: Record<string, unknown> }>;
const folderId = (userId: string, name: string) => sb.store.folderByWellKnown(sb.store.mailbox(userId), name).id;

it("reads a message by an id stored before it was moved twice", async () => {
  await run("sendMessage", { to: USERS.alex.upn, subject: "Keep my id" });
  const listed = await run("listMailMessages", {
    mailbox: USERS.alex.upn,
    folderId: "inbox",
    filter: "subject eq 'Keep my id'",
  });
  const stored = String(listed.value![0].id);
  expect(stored).toBe(folderMessages(sb, USERS.alex.id, "inbox").find((m) => m.subject === "Keep my id")!.immutableId);
  const folder = await run("createMailFolder", { mailbox: USERS.alex.upn, displayName: "Kept" });
  const moved = await run("moveMessage", {
    mailbox: USERS.alex.upn,
    messageId: stored,
    destinationFolderId: folder.id,
  });
  expect(moved.id).toBe(stored);
  await run("moveMessage", { mailbox: USERS.alex.upn, messageId: stored, destinationFolderId: "archive" });
  const again = await read(USERS.alex.upn, stored);
  expect(again.message).toMatchObject({
    id: stored,
    subject: "Keep my id",
    parentFolderId: folderId(USERS.alex.id, "archive"),
  });
  // Graph's REST id changed with each move: a REST id stored before would no longer work.
  expect(storedMessage(sb, USERS.alex.id, stored)!.id).not.toBe(stored);
});

it("reads a draft by its id after it was moved and then sent: the id names the copy in Sent Items", async () => {
  const draft = await run("createDraft", { subject: "Draft that travels", to: USERS.megan.upn, body: "hi" });
  const stored = String(draft.id);
  const folder = await run("createMailFolder", { displayName: "Drafts elsewhere" });
  const moved = await run("moveMessage", { messageId: stored, destinationFolderId: folder.id });
  expect(moved.id).toBe(stored);
  const sent = await run("sendDraft", { messageId: stored });
  expect(sent).toMatchObject({ sent: true, messageId: stored });
  const after = await read(USERS.adele.upn, stored);
  expect(after.message).toMatchObject({
    id: stored,
    subject: "Draft that travels",
    isDraft: false,
    parentFolderId: folderId(USERS.adele.id, "sentitems"),
  });
  expect(folderMessages(sb, USERS.megan.id, "inbox").filter((m) => m.subject === "Draft that travels")).toHaveLength(1);
});

it("hands out ids from the polling trigger that still read the message after it moved", async () => {
  const params = { connection, mailbox: USERS.megan.upn, folderId: "inbox" };
  const context = { instanceState: {}, crossFlowState: {} };
  const poll = () =>
    harness.trigger("mailPolling", defaultTriggerPayload(), params, context as never) as unknown as Promise<{
      payload: { body: { data: { id: string; subject: string }[] } };
    }>;
  await poll();
  deliver(sb, USERS.megan.id, "Polled then filed");
  const polled = (await poll()).payload.body.data.find((m) => m.subject === "Polled then filed")!;
  await run("moveMessage", { mailbox: USERS.megan.upn, messageId: polled.id, destinationFolderId: "archive" });
  const again = await read(USERS.megan.upn, polled.id);
  expect(again.message).toMatchObject({
    subject: "Polled then filed",
    parentFolderId: folderId(USERS.megan.id, "archive"),
  });
});
