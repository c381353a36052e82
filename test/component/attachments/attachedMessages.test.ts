import { USERS, type Sandbox } from "../../../sandbox";
import {
  actionError,
  actionRunner,
  folderMessages,
  secretConnection,
  shortenWaits,
  startSandbox,
  storedMessage,
} from "../support";
import { deliver } from "../triggers/mail";

/**
 * Messages as attachments: Attach Message puts a copy of a mailbox's message on another message (an item
 * attachment, exactly once even when the answer is lost), and Get Attached Message reads one back (subject, sender,
 * body, its own attachments), for the attacher and for the recipient after the message is sent.
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
const megan = { mailbox: USERS.megan.upn };
const inboxCopy = (userId: string, subject: string) =>
  folderMessages(sb, userId, "inbox").find((m) => m.subject === subject)!;

it("attaches a received message to a draft; the recipient reads it back: subject, sender, body", async () => {
  await run("sendMessage", { mailbox: USERS.alex.upn, to: USERS.megan.upn, subject: "Original", body: "Body text" });
  const original = inboxCopy(USERS.megan.id, "Original");
  const draft = await run("createDraft", { ...megan, subject: "FYI", to: USERS.adele.upn });
  const attached = await run("attachMessage", { ...megan, messageId: draft.id, attachedMessageId: original.id });
  expect(attached).toMatchObject({ name: "Original", attachedMessageId: original.immutableId, outcome: "answered" });
  // The original stays where it was.
  expect(inboxCopy(USERS.megan.id, "Original")).toBeDefined();
  await run("sendDraft", { ...megan, messageId: draft.id });
  const received = inboxCopy(USERS.adele.id, "FYI");
  const [listed] = (await run("listAttachments", { messageId: received.id })) as unknown as { id: string }[];
  const read = await run("getAttachedMessage", { messageId: received.id, attachmentId: listed.id });
  expect(read).toMatchObject({
    attachment: { id: listed.id, name: "Original" },
    itemType: "message",
    item: {
      subject: "Original",
      body: { content: "Body text" },
      from: { emailAddress: { address: USERS.alex.upn } },
      toRecipients: [{ emailAddress: { address: USERS.megan.upn } }],
      attachments: [],
    },
  });
});

it("names the attachment as asked", async () => {
  const source = deliver(sb, USERS.megan.id, "Named source");
  const draft = await run("createDraft", { ...megan, subject: "Named carrier", to: USERS.adele.upn });
  await run("attachMessage", { ...megan, messageId: draft.id, attachedMessageId: source.id, name: "Evidence" });
  const stored = storedMessage(sb, USERS.megan.id, draft.id)!;
  expect(stored.attachments.map((a) => [a.kind, a.name, a.item?.subject])).toEqual([
    ["item", "Evidence", "Named source"],
  ]);
  // A copy: the original's id and version tag stay with the original.
  expect(Object.keys(stored.attachments[0].item!)).not.toEqual(expect.arrayContaining(["id"]));
  expect(stored.attachments[0].item).not.toHaveProperty(["@odata.etag"]);
});

it("lists an attached message's own attachments (name, type, size), without their content", async () => {
  const outer = deliver(sb, USERS.megan.id, "Outer with nested");
  const nested = { "@odata.type": "#microsoft.graph.fileAttachment", id: "n1", name: "inner.pdf" };
  outer.attachments.push({
    id: "AAMkItemAtt1=",
    kind: "item",
    name: "Inner message",
    contentType: "",
    size: 1234,
    isInline: false,
    lastModifiedDateTime: sb.clock.iso(),
    content: Buffer.from("{}"),
    item: {
      "@odata.type": "#microsoft.graph.message",
      subject: "Inner message",
      body: { contentType: "text", content: "inner body" },
      attachments: [{ ...nested, contentType: "application/pdf", size: 42, isInline: false, contentBytes: "AAAA" }],
    },
  });
  const read = await run("getAttachedMessage", { ...megan, messageId: outer.id, attachmentId: "AAMkItemAtt1=" });
  expect(read.item).toMatchObject({ subject: "Inner message", body: { content: "inner body" } });
  expect((read.item as { attachments: unknown[] }).attachments).toEqual([
    { id: "n1", name: "inner.pdf", contentType: "application/pdf", size: 42, isInline: false, type: "fileAttachment" },
  ]);
});

it("refuses a file attachment, naming the attachment ID", async () => {
  const draft = await run("createDraft", { ...megan, subject: "Has a file", to: USERS.adele.upn });
  await run("addAttachment", { ...megan, messageId: draft.id, fileName: "a.txt", file: "a" });
  const [file] = (await run("listAttachments", { ...megan, messageId: draft.id })) as unknown as { id: string }[];
  const err = await actionError("getAttachedMessage", {
    connection,
    ...megan,
    messageId: draft.id,
    attachmentId: file.id,
  });
  expect(err).toMatchObject({ name: "ArgumentError", property: "attachmentId" });
  expect(err.message).toContain("Get Attachment");
});

it("attaches once when the answer to the attach request is lost", async () => {
  const source = deliver(sb, USERS.megan.id, "Attached once");
  const draft = await run("createDraft", { ...megan, subject: "Lost answer carrier", to: USERS.adele.upn });
  sb.faults.afterNext(1, "reset", { method: "POST", path: /\/attachments$/ });
  const attached = await run("attachMessage", { ...megan, messageId: draft.id, attachedMessageId: source.id });
  expect(attached.outcome).toBe("confirmedAfterLostAnswer");
  expect(storedMessage(sb, USERS.megan.id, draft.id)!.attachments).toHaveLength(1);
});

it("refuses a message of 3 MB or more before any attach request, and a missing one by its input", async () => {
  const big = deliver(sb, USERS.megan.id, "Too big to attach");
  big.body = { contentType: "text", content: "x".repeat(3 * 1024 * 1024) };
  const draft = await run("createDraft", { ...megan, subject: "Big carrier", to: USERS.adele.upn });
  const before = sb.requests.length;
  const err = await actionError("attachMessage", {
    connection,
    ...megan,
    messageId: draft.id,
    attachedMessageId: big.id,
  });
  expect(err).toMatchObject({ name: "ArgumentError", property: "attachedMessageId" });
  expect(sb.requests.slice(before).filter((r) => r.method === "POST")).toHaveLength(0);
  const gone = await actionError("attachMessage", {
    connection,
    ...megan,
    messageId: draft.id,
    attachedMessageId: "AAMkAGone=",
  });
  expect(gone).toMatchObject({ status: 404, property: "attachedMessageId" });
});
