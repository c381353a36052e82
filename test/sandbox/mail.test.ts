import { createHash, randomBytes } from "node:crypto";
import {
  FileUpload,
  LargeFileUploadTask,
  PageIterator,
  type Client,
  type PageCollection,
} from "@microsoft/microsoft-graph-client";
import type { Message } from "@microsoft/microsoft-graph-types";
import { USERS, type Sandbox } from "../../sandbox";
import { appToken, graphClient, raw, startSandbox, graphError } from "./support";

let sb: Sandbox;
let client: Client;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
  client = graphClient(sb, token);
});
afterAll(() => sb.stop());

const adele = `/users/${USERS.adele.upn}`;
const alex = `/users/${USERS.alex.id}`;

function mail(subject: string, extra: Partial<Message> = {}): { message: Message; saveToSentItems?: boolean } {
  return {
    message: {
      subject,
      body: { contentType: "html", content: `<p>${subject}</p>` },
      toRecipients: [{ emailAddress: { address: USERS.alex.upn, name: "Alex Wilber" } }],
      ...extra,
    },
  };
}

describe("sending and reading mail with msal-node and the Graph JS client, unmodified", () => {
  it("delivers sendMail into the recipient's Inbox and the sender's Sent Items, Bcc hidden from them", async () => {
    await client.api(`${adele}/sendMail`).post(
      mail("Quarterly numbers", {
        ccRecipients: [{ emailAddress: { address: USERS.megan.upn } }],
        bccRecipients: [{ emailAddress: { address: "auditor@fabrikam.example" } }],
        importance: "high",
      }),
    );
    const inbox = await client.api(`${alex}/mailFolders/inbox/messages`).filter("subject eq 'Quarterly numbers'").get();
    expect(inbox.value).toHaveLength(1);
    const received = inbox.value[0] as Message;
    expect(received).toMatchObject({
      isRead: false,
      isDraft: false,
      importance: "high",
      bccRecipients: [],
      from: { emailAddress: { address: USERS.adele.upn, name: "Adele Vance" } },
    });
    expect(received.ccRecipients?.[0].emailAddress?.address).toBe(USERS.megan.upn);
    const megan = await client.api(`/users/${USERS.megan.upn}/mailFolders('inbox')/messages`).get();
    expect(megan.value.map((m: Message) => m.subject)).toContain("Quarterly numbers");
    const sent = await client.api(`${adele}/mailFolders/sentitems/messages`).get();
    expect(sent.value[0]).toMatchObject({
      subject: "Quarterly numbers",
      isRead: true,
      bccRecipients: [{ emailAddress: { address: "auditor@fabrikam.example" } }],
    });
    expect(sb.store.outbound.map((o) => o.to)).toContain("auditor@fabrikam.example");
  });

  it("leaves Sent Items alone when saveToSentItems is false", async () => {
    const before = (await client.api(`${adele}/mailFolders/sentitems/messages`).count(true).get())["@odata.count"];
    await client.api(`${adele}/sendMail`).post({ ...mail("Not kept"), saveToSentItems: false });
    const after = (await client.api(`${adele}/mailFolders/sentitems/messages`).count(true).get())["@odata.count"];
    expect(after).toBe(before);
  });

  it("pages through 25 messages by @odata.nextLink with PageIterator", async () => {
    for (let i = 0; i < 25; i++)
      await client.api(`${adele}/sendMail`).post(mail(`Batch ${String(i).padStart(2, "0")}`));
    const firstPage: PageCollection = await client
      .api(`${alex}/messages`)
      .filter("startswith(subject,'Batch')")
      .top(10)
      .get();
    const seen: string[] = [];
    const logBefore = sb.requests.length;
    await new PageIterator(client, firstPage, (m: Message) => {
      seen.push(m.id!);
      return true;
    }).iterate();
    expect(new Set(seen).size).toBe(25);
    expect(
      sb.requests
        .slice(logBefore)
        .filter((r) => r.path.endsWith("/messages"))
        .map((r) => r.query),
    ).toEqual([expect.stringContaining("$skip=10"), expect.stringContaining("$skip=20")]);
  });

  it("answers $select, $orderby, $count and $top as Graph does", async () => {
    const page = await client
      .api(`${alex}/messages`)
      .select("subject,from")
      .orderby("subject desc")
      .filter("startswith(subject,'Batch')")
      .top(3)
      .count(true)
      .get();
    expect(page["@odata.count"]).toBe(25);
    expect(page.value.map((m: Message) => m.subject)).toEqual(["Batch 24", "Batch 23", "Batch 22"]);
    expect(Object.keys(page.value[0]).sort()).toEqual(["@odata.etag", "from", "id", "subject"]);
    expect(page["@odata.context"]).toContain("$metadata#users(");
  });

  it("reads one message, its raw MIME at /$value, and deletes it into Deleted Items with a new id", async () => {
    const [first] = (await client.api(`${alex}/messages`).filter("subject eq 'Batch 00'").get()).value as Message[];
    const got = (await client.api(`${alex}/messages/${first.id}`).get()) as Message;
    expect(got.body).toEqual({ contentType: "html", content: "<p>Batch 00</p>" });
    const text = (await client
      .api(`${alex}/messages/${first.id}`)
      .header("Prefer", 'outlook.body-content-type="text"')
      .get()) as Message;
    expect(text.body).toEqual({ contentType: "text", content: "Batch 00" });
    const mime = (await raw(sb, "GET", `/v1.0${alex}/messages/${first.id}/$value`, { token })).text;
    expect(mime).toMatch(/^Subject: Batch 00$/m);
    expect(mime).toMatch(/^From: Adele Vance <adelev@contoso.onmicrosoft.com>$/m);

    await client.api(`${alex}/messages/${first.id}`).delete();
    expect(await graphError(client.api(`${alex}/messages/${first.id}`).get())).toMatchObject({
      statusCode: 404,
      code: "ErrorItemNotFound",
    });
    const deleted = await client.api(`${alex}/mailFolders/deleteditems/messages`).filter("subject eq 'Batch 00'").get();
    expect(deleted.value).toHaveLength(1);
    expect(deleted.value[0].id).not.toBe(first.id);
  });

  it("takes a 20 MB attachment through an upload session with LargeFileUploadTask, and returns it intact", async () => {
    const content = randomBytes(20 * 1024 * 1024);
    const draft = (await client.api(`${adele}/messages`).post(mail("Big file").message)) as Message;
    expect(draft.isDraft).toBe(true);
    const session = await client.api(`${adele}/messages/${draft.id}/attachments/createUploadSession`).post({
      AttachmentItem: {
        attachmentType: "file",
        name: "big.bin",
        size: content.length,
        contentType: "application/octet-stream",
      },
    });
    expect(session.nextExpectedRanges).toEqual(["0-"]);
    const logBefore = sb.requests.length;
    const task = new LargeFileUploadTask(
      client,
      new FileUpload(content, "big.bin", content.length),
      { url: session.uploadUrl, expiry: new Date(session.expirationDateTime) },
      { rangeSize: 4 * 1024 * 1024 },
    );
    const result = await task.upload();
    expect(result.location).toContain("/attachments(");
    const puts = sb.requests.slice(logBefore).filter((r) => r.kind === "upload");
    expect(puts).toHaveLength(5);
    expect(puts.map((r) => r.status)).toEqual([200, 200, 200, 200, 201]);
    expect(puts.every((r) => !r.authorization && r.requestBytes <= 4 * 1024 * 1024)).toBe(true);

    await client.api(`${adele}/messages/${draft.id}/send`).post({});
    const [arrived] = (await client.api(`${alex}/messages`).filter("subject eq 'Big file'").get()).value as Message[];
    expect(arrived.hasAttachments).toBe(true);
    const attachments = (await client.api(`${alex}/messages/${arrived.id}/attachments`).select("id,name,size").get())
      .value;
    expect(attachments).toEqual([expect.objectContaining({ name: "big.bin", size: content.length })]);
    const download = await fetch(
      `${sb.url}/v1.0${alex}/messages/${arrived.id}/attachments/${attachments[0].id}/$value`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const downloaded = Buffer.from(await download.arrayBuffer());
    expect(createHash("sha256").update(downloaded).digest("hex")).toBe(
      createHash("sha256").update(content).digest("hex"),
    );
  });
});
