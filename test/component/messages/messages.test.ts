import { USERS, addBulkMessages, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, folderMessages, secretConnection, startSandbox } from "../support";

/** Message actions against the sandbox, as Graph would answer them: read, reply, move, change, sync. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const send = (subject: string, extra: Record<string, unknown> = {}) =>
  run("sendMessage", { to: USERS.alex.upn, subject, body: `<p>${subject}</p>`, ...extra });
const inbox = (userId: string, subject: string) =>
  folderMessages(sb, userId, "inbox").filter((m) => m.subject === subject);
const graphLog = (from: number) => sb.requests.slice(from).filter((r) => r.kind === "graph");

describe("reading messages", () => {
  it("lists with Page Limit and Page Skip, and Fetch All takes 2,500 messages in 3 requests", async () => {
    // "bulk 1" (the newest) to "bulk 2500", a second apart, in a new folder "Bulk" under the root.
    const folder = addBulkMessages(sb.store, {
      mailbox: USERS.megan.id,
      folder: "Bulk",
      count: 2500,
      subjectPrefix: "bulk",
    });
    const before = sb.requests.length;
    const all = await run("listMailMessages", {
      mailbox: USERS.megan.upn,
      folderId: folder.id,
      fetchAll: true,
      select: "subject",
    });
    expect(new Set(all.value!.map((m) => m.id)).size).toBe(2500);
    expect(graphLog(before).map((r) => [r.status, r.query])).toEqual([
      [200, expect.stringContaining("$top=1000")],
      [200, expect.stringContaining("$skip=1000")],
      [200, expect.stringContaining("$skip=2000")],
    ]);

    const page = await run("listMailMessages", {
      mailbox: USERS.megan.upn,
      folderId: folder.id,
      pageLimit: "25",
      pageSkip: "50",
      select: "subject",
    });
    expect(page.value!.map((m) => m.subject)).toEqual(Array.from({ length: 25 }, (_, i) => `bulk ${51 + i}`));
    expect(page.nextLink).toContain("$skip=75");
    const first = await run("listMailMessages", { mailbox: USERS.megan.upn, folderId: folder.id });
    expect(first.value).toHaveLength(10);
  });

  it("filters or searches, refuses both together, and parses a message's MIME", async () => {
    await send("Invoice 42", {
      cc: USERS.megan.upn,
      attachments: [{ key: "invoice.pdf", value: Buffer.from("%PDF-1.4 fake") }],
    });
    const filtered = await run("listMailMessages", { mailbox: USERS.alex.upn, filter: "subject eq 'Invoice 42'" });
    expect(filtered.value!.map((m) => m.subject)).toEqual(["Invoice 42"]);
    const searched = await run("listMailMessages", { mailbox: USERS.alex.upn, search: "invoice" });
    expect(searched.value!.map((m) => m.subject)).toContain("Invoice 42");
    const err = await actionError("listMailMessages", {
      connection,
      mailbox: USERS.alex.upn,
      search: "x",
      filter: "isRead eq true",
    });
    expect(err).toMatchObject({ name: "ArgumentError", property: "search" });

    const id = filtered.value![0].id;
    const got = await run("getMailMessage", { mailbox: USERS.alex.upn, messageId: id });
    const parsed = got.parsed as Record<string, unknown>;
    expect((got.message as { subject: string }).subject).toBe("Invoice 42");
    expect(parsed).toMatchObject({
      subject: "Invoice 42",
      from: expect.stringContaining(USERS.adele.upn),
      cc: expect.stringContaining(USERS.megan.upn),
      html: "<p>Invoice 42</p>",
    });
    expect((parsed.headers as Record<string, string>)["message-id"]).toMatch(/^<.+>$/);
    expect(parsed.attachments).toEqual([
      expect.objectContaining({ filename: "invoice.pdf", contentType: "application/pdf", size: 13 }),
    ]);
  });
});

describe("replying, moving and changing messages", () => {
  it("lands a reply in the original sender's Inbox in the same conversation", async () => {
    await send("Lunch on Friday?");
    const [original] = inbox(USERS.alex.id, "Lunch on Friday?");
    await run("replyToMessage", { mailbox: USERS.alex.upn, messageId: original.id, comment: "Yes!" });
    const [reply] = inbox(USERS.adele.id, "RE: Lunch on Friday?");
    expect(reply.conversationId).toBe(original.conversationId);
    expect(reply.body.content).toContain("Yes!");
    await run("replyAllToMessage", {
      mailbox: USERS.alex.upn,
      messageId: original.id,
      body: "<b>All</b>",
      cc: USERS.megan.upn,
    });
    expect(inbox(USERS.megan.id, "RE: Lunch on Friday?")).toHaveLength(1);
    await run("forwardMessage", {
      mailbox: USERS.alex.upn,
      messageId: original.id,
      to: USERS.sales.upn,
      comment: "FYI",
    });
    expect(inbox(USERS.sales.id, "FW: Lunch on Friday?")).toHaveLength(1);
    const err = await actionError("replyToMessage", {
      connection,
      mailbox: USERS.alex.upn,
      messageId: original.id,
      comment: "a",
      body: "b",
    });
    expect(err).toMatchObject({ name: "ArgumentError", property: "body" });
  });

  it("creates reply, reply-all and forward drafts, then edits and sends one", async () => {
    const [original] = inbox(USERS.alex.id, "Lunch on Friday?");
    const replyDraft = await run("createReplyDraft", {
      mailbox: USERS.alex.upn,
      messageId: original.id,
      comment: "draft",
    });
    expect(replyDraft).toMatchObject({
      isDraft: true,
      subject: "RE: Lunch on Friday?",
      conversationId: original.conversationId,
    });
    expect(await run("createReplyAllDraft", { mailbox: USERS.alex.upn, messageId: original.id })).toMatchObject({
      isDraft: true,
    });
    const fwd = await run("createForwardDraft", {
      mailbox: USERS.alex.upn,
      messageId: original.id,
      to: USERS.megan.upn,
    });
    await run("updateDraft", { mailbox: USERS.alex.upn, messageId: fwd.id, subject: "FW: edited", importance: "high" });
    await run("sendDraft", { mailbox: USERS.alex.upn, messageId: fwd.id });
    expect(inbox(USERS.megan.id, "FW: edited")[0]).toMatchObject({ importance: "high" });
  });

  it("moves a message (its immutable id kept) to the target folder, copies, updates and deletes", async () => {
    await send("File me");
    const [m] = inbox(USERS.alex.id, "File me");
    const folder = await run("createMailFolder", { mailbox: USERS.alex.upn, displayName: "Filed" });
    const moved = await run("moveMessage", {
      mailbox: USERS.alex.upn,
      messageId: m.id,
      destinationFolderId: folder.id,
    });
    expect(moved.id).toBe(m.immutableId);
    expect(moved.parentFolderId).toBe(folder.id);
    const copy = await run("copyMessage", {
      mailbox: USERS.alex.upn,
      messageId: moved.id,
      destinationFolderId: "archive",
    });
    expect(copy.parentFolderId).toBe(sb.store.mailbox(USERS.alex.id).wellKnown.get("archive"));
    const updated = await run("updateMessage", {
      mailbox: USERS.alex.upn,
      messageId: moved.id,
      isRead: "true",
      categories: ["Red category"],
      importance: "low",
      flagStatus: "flagged",
      inferenceClassification: "other",
    });
    expect(updated).toMatchObject({
      isRead: true,
      categories: ["Red category"],
      importance: "low",
      flag: { flagStatus: "flagged" },
      inferenceClassification: "other",
    });
    await run("deleteMessage", { mailbox: USERS.alex.upn, messageId: moved.id });
    expect(folderMessages(sb, USERS.alex.id, "deleteditems").some((x) => x.subject === "File me")).toBe(true);
    await run("deleteMessage", { mailbox: USERS.alex.upn, messageId: copy.id, permanent: true });
    expect([...sb.store.mailbox(USERS.alex.id).messages.values()].filter((x) => x.subject === "File me")).toHaveLength(
      1,
    );
  });
});

describe("incremental sync", () => {
  it("returns created, updated and removed items, nothing twice, and resumes from the delta link", async () => {
    const folder = await run("createMailFolder", { mailbox: USERS.megan.upn, displayName: "Sync me" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        String((await run("createDraft", { mailbox: USERS.megan.upn, subject: `s${i}`, folderId: folder.id })).id),
      );
    const first = await run("syncMessages", {
      mailbox: USERS.megan.upn,
      folderId: folder.id,
      select: "subject,isRead",
    });
    expect((first.changes as { id: string }[]).map((c) => c.id).sort()).toEqual([...ids].sort());
    expect(first.removed).toEqual([]);

    await run("updateMessage", { mailbox: USERS.megan.upn, messageId: ids[0], flagStatus: "flagged" });
    await run("deleteMessage", { mailbox: USERS.megan.upn, messageId: ids[1] });
    const added = String(
      (await run("createDraft", { mailbox: USERS.megan.upn, subject: "s5", folderId: folder.id })).id,
    );
    const second = await run("syncMessages", {
      mailbox: USERS.megan.upn,
      folderId: folder.id,
      deltaLink: first.deltaLink,
    });
    const changed = (second.changes as { id: string }[]).map((c) => c.id);
    expect(changed.sort()).toEqual([ids[0], added].sort());
    expect(second.removed).toEqual([ids[1]]);
    const third = await run("syncMessages", {
      mailbox: USERS.megan.upn,
      folderId: folder.id,
      deltaLink: second.deltaLink,
    });
    expect([third.changes, third.removed]).toEqual([[], []]);
    const err = await actionError("syncMessages", {
      connection,
      mailbox: USERS.megan.upn,
      folderId: folder.id,
      deltaLink: "https://evil.example/v1.0/x?$deltatoken=abc",
    });
    expect(err).toMatchObject({ name: "ArgumentError", property: "deltaLink" });
  });
});

describe("bad ids, enums and dates", () => {
  const idCases: [string, string, string | undefined][] = [
    ["", "PropertyEmptyError", "messageId"],
    ["abc/../../users/megan", "ArgumentError", "messageId"],
    ["..", "ArgumentError", "messageId"],
    ["abc?$select=id", "ArgumentError", "messageId"],
    ["abc#frag", "ArgumentError", "messageId"],
    ["a b", "ArgumentError", "messageId"],
  ];
  it.each(idCases)("message id %j is refused before any request", async (id, type, property) => {
    const before = sb.requests.length;
    for (const key of ["getMailMessage", "deleteMessage", "replyToMessage", "moveMessage"]) {
      const err = await actionError(key, {
        connection,
        mailbox: USERS.alex.upn,
        messageId: id,
        destinationFolderId: "inbox",
        comment: "c",
      });
      expect([err.name, err.property]).toEqual([type, property]);
    }
    expect(sb.requests.length).toBe(before);
  });

  it(
    "an unknown id reaches Graph once, on the right path, and comes back as ErrorItemNotFound naming " + "the input",
    async () => {
      const before = sb.requests.length;
      const err = await actionError("getMailMessage", {
        connection,
        mailbox: USERS.alex.upn,
        messageId: "AAMkAunknown=",
      });
      expect(err).toMatchObject({
        name: "GraphServiceError",
        graphCode: "ErrorItemNotFound",
        status: 404,
        property: "messageId",
      });
      expect(graphLog(before).map((r) => decodeURIComponent(r.path))).toEqual([
        `/v1.0/users/${USERS.alex.upn}/messages/AAMkAunknown=`,
      ]);
      const folderErr = await actionError("deleteMailFolder", {
        connection,
        mailbox: USERS.alex.upn,
        folderId: "AAMkAnofolder=",
      });
      expect(folderErr).toMatchObject({ graphCode: "ErrorItemNotFound", property: "folderId" });
      for (const [key, params, property] of [
        ["getAttachment", { messageId: "AAMkAx", attachmentId: "a/b" }, "attachmentId"],
        ["moveMessage", { messageId: "AAMkAx", destinationFolderId: "../inbox" }, "destinationFolderId"],
        ["deleteFocusedInboxOverride", { overrideId: "x?y" }, "overrideId"],
      ] as const) {
        expect(await actionError(key, { connection, mailbox: USERS.alex.upn, ...params })).toMatchObject({
          name: "ArgumentError",
          property,
        });
      }
    },
  );

  const enumCases: [string, Record<string, unknown>, string][] = [
    ["updateMessage", { messageId: "AAMkAx", importance: "urgent" }, "importance"],
    ["updateMessage", { messageId: "AAMkAx", flagStatus: "red" }, "flagStatus"],
    ["updateMessage", { messageId: "AAMkAx", inferenceClassification: "spam" }, "inferenceClassification"],
    ["updateMessage", { messageId: "AAMkAx", isRead: "sometimes" }, "isRead"],
    ["syncMessages", { folderId: "inbox", receivedSince: "yesterday" }, "receivedSince"],
    ["syncMessages", { folderId: "inbox", changeType: "moved" }, "changeType"],
    ["listMailMessages", { pageLimit: "5000" }, "pageLimit"],
    ["listMailMessages", { pageSkip: "-1" }, "pageSkip"],
    ["createDraft", { importance: "urgent" }, "importance"],
  ];
  it.each(enumCases)("%s with %j is refused before any request", async (key, params, property) => {
    const before = sb.requests.length;
    const err = await actionError(key, { connection, mailbox: USERS.alex.upn, ...params });
    expect([err.name, err.property]).toEqual([expect.stringMatching(/ArgumentError|PropertyNullError/), property]);
    expect(sb.requests.length).toBe(before);
  });
});
