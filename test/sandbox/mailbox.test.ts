import type { Client } from "@microsoft/microsoft-graph-client";
import type { Message } from "@microsoft/microsoft-graph-types";
import { USERS, type Sandbox } from "../../sandbox";
import { appToken, graphClient, startSandbox, graphError } from "./support";

/** Mailbox-wide settings: Focused Inbox overrides, mailboxSettings and automatic replies, MailTips. */

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

describe("Focused Inbox, mailbox settings and MailTips", () => {
  it("reclassifies later mail from a sender with an override", async () => {
    await send(megan, "Before override", [USERS.alex.upn]);
    expect((await inboxMessage(alex, "Before override")).inferenceClassification).toBe("focused");
    const override = await client
      .api(`${alex}/inferenceClassification/overrides`)
      .post({ classifyAs: "other", senderEmailAddress: { address: USERS.megan.upn, name: "Megan" } });
    await send(megan, "After override", [USERS.alex.upn]);
    expect((await inboxMessage(alex, "After override")).inferenceClassification).toBe("other");
    await client.api(`${alex}/inferenceClassification/overrides/${override.id}`).patch({ classifyAs: "focused" });
    await send(megan, "After update", [USERS.alex.upn]);
    expect((await inboxMessage(alex, "After update")).inferenceClassification).toBe("focused");
    await client.api(`${alex}/inferenceClassification/overrides/${override.id}`).delete();
    expect((await client.api(`${alex}/inferenceClassification/overrides`).get()).value).toEqual([]);
  });

  it("turns automatic replies on, answers each sender once, and reports them in MailTips", async () => {
    const settings = await client.api(`${megan}/mailboxSettings`).get();
    expect(settings).toMatchObject({ timeZone: "UTC", automaticRepliesSetting: { status: "disabled" } });
    await client.api(`${megan}/mailboxSettings`).patch({
      automaticRepliesSetting: {
        status: "alwaysEnabled",
        internalReplyMessage: "<p>Out until Monday</p>",
        externalReplyMessage: "Away",
      },
    });
    await send(adele, "Ping 1", [USERS.megan.upn]);
    await send(adele, "Ping 2", [USERS.megan.upn]);
    const replies = (
      await client.api(`${adele}/mailFolders/inbox/messages`).filter("startswith(subject,'Automatic reply')").get()
    ).value as Message[];
    expect(replies.map((r) => r.subject)).toEqual(["Automatic reply: Ping 1"]);
    const tips = await client.api(`${adele}/getMailTips`).post({
      EmailAddresses: [USERS.megan.upn, "someone@fabrikam.example"],
      MailTipsOptions: "automaticReplies, recipientScope",
    });
    expect(tips.value[0]).toEqual({
      emailAddress: { name: "Megan Bowen", address: USERS.megan.upn },
      automaticReplies: { message: "<p>Out until Monday</p>" },
      recipientScope: "internal",
    });
    expect(tips.value[1]).toMatchObject({ recipientScope: "external" });
    expect(await graphError(client.api(`${megan}/mailboxSettings`).patch({ userPurpose: "shared" }))).toMatchObject({
      statusCode: 400,
    });
  });
});

describe("master categories", () => {
  it("lists each mailbox's own categories, Outlook's six presets to begin with", async () => {
    const list = (await client.api(`${adele}/outlook/masterCategories`).get()) as {
      "@odata.context": string;
      value: { id: string; displayName: string; color: string }[];
    };
    expect(list["@odata.context"]).toMatch(/users\('.+'\)\/outlook\/masterCategories$/);
    expect(list.value.map((c) => [c.displayName, c.color])).toEqual([
      ["Red category", "preset0"],
      ["Orange category", "preset1"],
      ["Yellow category", "preset3"],
      ["Green category", "preset4"],
      ["Blue category", "preset7"],
      ["Purple category", "preset8"],
    ]);
    const alexIds = ((await client.api(`${alex}/outlook/masterCategories`).get()).value as { id: string }[]).map(
      (c) => c.id,
    );
    expect(alexIds).not.toContain(list.value[0].id);
  });
});
