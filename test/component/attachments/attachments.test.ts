import { randomBytes } from "node:crypto";
import { USERS, type Sandbox } from "../../../sandbox";
import { actionRunner, secretConnection, startSandbox, storedMessage } from "../support";

/** Attachment actions against the sandbox: any size up to 150 MB, listed, read with content, deleted. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);

describe("attachments", () => {
  it("adds attachments of any size, lists, gets with content and deletes them", async () => {
    const draft = await run("createDraft", { mailbox: USERS.adele.upn, subject: "with files", to: USERS.alex.upn });
    const big = randomBytes(5 * 1024 * 1024);
    const before = sb.requests.length;
    expect(
      await run("addAttachment", { mailbox: USERS.adele.upn, messageId: draft.id, fileName: "big.bin", file: big }),
    ).toMatchObject({ method: "uploadSession", size: big.length });
    expect(sb.requests.slice(before).filter((r) => r.kind === "upload")).toHaveLength(2);
    expect(
      await run("addAttachment", {
        mailbox: USERS.adele.upn,
        messageId: draft.id,
        fileName: "note.txt",
        file: "hello",
      }),
    ).toMatchObject({ method: "inline" });
    const listed = (await run("listAttachments", { mailbox: USERS.adele.upn, messageId: draft.id })) as unknown as {
      id: string;
      name: string;
      size: number;
    }[];
    expect(listed.map((a) => [a.name, a.size])).toEqual([
      ["big.bin", big.length],
      ["note.txt", 5],
    ]);
    const got = await run("getAttachment", {
      mailbox: USERS.adele.upn,
      messageId: draft.id,
      attachmentId: listed[0].id,
    });
    expect((got.file as { data: Buffer }).data.equals(big)).toBe(true);
    await run("deleteAttachment", { mailbox: USERS.adele.upn, messageId: draft.id, attachmentId: listed[1].id });
    expect(storedMessage(sb, USERS.adele.id, draft.id)!.attachments.map((a) => a.name)).toEqual(["big.bin"]);
  });
});
