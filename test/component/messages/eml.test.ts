import { simpleParser } from "mailparser";
import { USERS, type Sandbox } from "../../../sandbox";
import { emlFileName } from "../../../src/actions/messages/getMessageAsEml";
import { actionError, actionRunner, folderMessages, secretConnection, startSandbox } from "../support";

/** Get Message as EML: the message's MIME as a file ({ data, contentType: message/rfc822 }) with a file name. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
type Eml = { file: { data: Buffer; contentType: string }; fileName: string; size: number; messageId: string };

it("gives the message's MIME as a .eml file, attachments included, named after its subject", async () => {
  const subject = 'Q3: "plan" / review?';
  const sent = await run("sendMessage", {
    to: USERS.alex.upn,
    subject,
    body: "See attached",
    attachments: [{ key: "notes.txt", value: { data: Buffer.from("line one"), contentType: "text/plain" } }],
  });
  const copy = folderMessages(sb, USERS.adele.id, "sentitems").find((m) => m.subject === subject)!;
  const eml = (await run("getMessageAsEml", { messageId: sent.messageId })) as unknown as Eml;
  expect(eml).toMatchObject({ messageId: copy.immutableId, fileName: "Q3_ _plan_ _ review_.eml" });
  expect(eml.file.contentType).toBe("message/rfc822");
  expect(Buffer.isBuffer(eml.file.data)).toBe(true);
  expect(eml.size).toBe(eml.file.data.length);
  const parsed = await simpleParser(eml.file.data);
  expect(parsed.subject).toBe(subject);
  expect(`${parsed.html || parsed.text}`).toContain("See attached");
  expect(parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([["notes.txt", "line one"]]);
});

it("takes a chosen file name, and the file attaches to a draft in a later step as message/rfc822", async () => {
  await run("sendMessage", { to: USERS.megan.upn, subject: "Forward me as a file" });
  const original = folderMessages(sb, USERS.megan.id, "inbox").find((m) => m.subject === "Forward me as a file")!;
  const eml = (await run("getMessageAsEml", {
    mailbox: USERS.megan.upn,
    messageId: original.id,
    fileName: "evidence.eml",
  })) as unknown as Eml;
  expect(eml.fileName).toBe("evidence.eml");
  const draft = await run("createDraft", { mailbox: USERS.megan.upn, subject: "Carrier", to: USERS.alex.upn });
  await run("addAttachment", {
    mailbox: USERS.megan.upn,
    messageId: draft.id,
    fileName: eml.fileName,
    file: eml.file,
  });
  const [attached] = folderMessages(sb, USERS.megan.id, "drafts").find((m) => m.subject === "Carrier")!.attachments;
  expect([attached.name, attached.contentType]).toEqual(["evidence.eml", "message/rfc822"]);
  expect(attached.content.equals(eml.file.data)).toBe(true);
});

it("blames the message ID when the message is gone", async () => {
  const err = await actionError("getMessageAsEml", { connection, messageId: "AAMkAGone=" });
  expect(err).toMatchObject({ name: "GraphServiceError", status: 404, property: "messageId" });
});

it("makes file names every system takes from any subject", () => {
  expect(emlFileName(undefined)).toBe("message.eml");
  expect(emlFileName("  ")).toBe("message.eml");
  expect(emlFileName("...")).toBe("message.eml");
  expect(emlFileName("a\u0000b\r\nc")).toBe("a_b__c.eml");
  expect(emlFileName("x".repeat(300))).toBe(`${"x".repeat(100)}.eml`);
  expect(emlFileName("Réunion 会议")).toBe("Réunion 会议.eml");
});
