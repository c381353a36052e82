import type { Client } from "@microsoft/microsoft-graph-client";
import type { Message } from "@microsoft/microsoft-graph-types";
import { USERS, type Sandbox } from "../../sandbox";
import { appToken, graphClient, startSandbox, graphError } from "./support";

/** Replies, forwards, updates, move and copy of messages. */

let sb: Sandbox;
let client: Client;
beforeAll(async () => {
  sb = await startSandbox();
  client = graphClient(sb, await appToken(sb));
});
afterAll(() => sb.stop());

const adele = `/users/${USERS.adele.upn}`;
const alex = `/users/${USERS.alex.upn}`;
const megan = `/users/${USERS.megan.upn}`;

async function send(from: string, subject: string, to: string[], extra: Record<string, unknown> = {}): Promise<void> {
  await client.api(`${from}/sendMail`).post({
    message: {
      subject,
      body: { contentType: "text", content: subject },
      toRecipients: to.map((address) => ({ emailAddress: { address } })),
      ...extra,
    },
  });
}

async function inboxMessage(user: string, subject: string): Promise<Message> {
  const list = (
    await client
      .api(`${user}/mailFolders/inbox/messages`)
      .filter(`subject eq '${subject.replace(/'/g, "''")}'`)
      .get()
  ).value as Message[];
  expect(list).toHaveLength(1);
  return list[0];
}

describe("reply, reply all and forward", () => {
  it("lands a reply in the original sender's Inbox, in the same conversation", async () => {
    await send(adele, "Lunch?", [USERS.alex.upn], { ccRecipients: [{ emailAddress: { address: USERS.megan.upn } }] });
    const received = await inboxMessage(alex, "Lunch?");
    await client.api(`${alex}/messages/${received.id}/reply`).post({ comment: "Sure, 12:30." });
    const reply = await inboxMessage(adele, "RE: Lunch?");
    const [sent] = (await client.api(`${adele}/mailFolders/sentitems/messages`).filter("subject eq 'Lunch?'").get())
      .value as Message[];
    expect(reply.conversationId).toBe(received.conversationId);
    expect(reply.conversationId).toBe(sent.conversationId);
    expect(reply.from?.emailAddress?.address).toBe(USERS.alex.upn);
    expect(reply.toRecipients?.map((r) => r.emailAddress?.address)).toEqual([USERS.adele.upn]);
    const full = (await client.api(`${adele}/messages/${reply.id}`).get()) as Message;
    expect(full.body?.content).toContain("Sure, 12:30.");
    expect(full.body?.content).toContain("Lunch?");
  });

  it("replies to everyone but oneself with replyAll", async () => {
    const received = await inboxMessage(megan, "Lunch?");
    await client.api(`${megan}/messages/${received.id}/replyAll`).post({ comment: "Count me in" });
    const atAlex = await inboxMessage(alex, "RE: Lunch?");
    expect(atAlex.toRecipients?.map((r) => r.emailAddress?.address).sort()).toEqual(
      [USERS.adele.upn, USERS.alex.upn].sort(),
    );
    expect(atAlex.ccRecipients).toEqual([]);
  });

  it("refuses a comment and a message body together, and a forward without recipients", async () => {
    const received = await inboxMessage(alex, "Lunch?");
    expect(
      await graphError(
        client
          .api(`${alex}/messages/${received.id}/reply`)
          .post({ comment: "a", message: { body: { contentType: "text", content: "b" } } }),
      ),
    ).toMatchObject({ statusCode: 400 });
    expect(
      await graphError(client.api(`${alex}/messages/${received.id}/forward`).post({ comment: "fyi" })),
    ).toMatchObject({ statusCode: 400, code: "ErrorInvalidRecipients" });
  });

  it("forwards with the attachments, and creates reply and forward drafts", async () => {
    await send(adele, "Report", [USERS.alex.upn], {
      attachments: [
        {
          "@odata.type": "#microsoft.graph.fileAttachment",
          name: "r.txt",
          contentBytes: Buffer.from("numbers").toString("base64"),
        },
      ],
    });
    const received = await inboxMessage(alex, "Report");
    await client
      .api(`${alex}/messages/${received.id}/forward`)
      .post({ comment: "FYI", toRecipients: [{ emailAddress: { address: USERS.megan.upn } }] });
    const forwarded = await inboxMessage(megan, "FW: Report");
    const attachments = (await client.api(`${megan}/messages/${forwarded.id}/attachments`).get()).value;
    expect(attachments.map((a: { name: string }) => a.name)).toEqual(["r.txt"]);

    const draft = (await client.api(`${alex}/messages/${received.id}/createReply`).post({})) as Message;
    expect(draft).toMatchObject({ isDraft: true, subject: "RE: Report", conversationId: received.conversationId });
    const fwd = (await client
      .api(`${alex}/messages/${received.id}/createForward`)
      .post({ toRecipients: [{ emailAddress: { address: "x@fabrikam.example" } }] })) as Message;
    expect(fwd.toRecipients?.[0].emailAddress?.address).toBe("x@fabrikam.example");
  });
});

describe("updating messages", () => {
  it("changes anything on a draft, only state (read, flag, categories, importance, Focused) on others", async () => {
    const draft = (await client
      .api(`${adele}/messages`)
      .post({ subject: "v1", toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] })) as Message;
    const updated = (await client
      .api(`${adele}/messages/${draft.id}`)
      .patch({ subject: "v2", body: { contentType: "html", content: "<b>v2</b>" } })) as Message;
    expect(updated).toMatchObject({ subject: "v2", body: { contentType: "html", content: "<b>v2</b>" } });
    expect(updated.changeKey).not.toBe(draft.changeKey);
    await client.api(`${adele}/messages/${draft.id}/send`).post({});
    const received = await inboxMessage(alex, "v2");
    const marked = (await client.api(`${alex}/messages/${received.id}`).patch({
      isRead: true,
      categories: ["Red category"],
      flag: { flagStatus: "flagged" },
      importance: "high",
      inferenceClassification: "other",
    })) as Message;
    expect(marked).toMatchObject({
      isRead: true,
      categories: ["Red category"],
      flag: { flagStatus: "flagged" },
      importance: "high",
      inferenceClassification: "other",
    });
    expect(
      await graphError(client.api(`${alex}/messages/${received.id}`).patch({ subject: "rewritten" })),
    ).toMatchObject({ statusCode: 400 });
    expect(await graphError(client.api(`${alex}/messages/${received.id}/send`).post({}))).toMatchObject({
      statusCode: 400,
    });
  });
});

describe("move and copy", () => {
  it("gives a moved message a new id in the target folder, and a copy its own", async () => {
    await send(adele, "To file", [USERS.alex.upn]);
    const m = await inboxMessage(alex, "To file");
    const folder = await client.api(`${alex}/mailFolders`).post({ displayName: "Filed" });
    const moved = (await client.api(`${alex}/messages/${m.id}/move`).post({ destinationId: folder.id })) as Message;
    expect(moved.id).not.toBe(m.id);
    expect(moved.parentFolderId).toBe(folder.id);
    expect(await graphError(client.api(`${alex}/messages/${m.id}`).get())).toMatchObject({ statusCode: 404 });
    const copy = (await client.api(`${alex}/messages/${moved.id}/copy`).post({ destinationId: "archive" })) as Message;
    expect(copy.parentFolderId).toBe(sb.store.mailbox(USERS.alex.id).wellKnown.get("archive"));
    expect((await client.api(`${alex}/mailFolders/${folder.id}/messages`).get()).value).toHaveLength(1);
  });
});
