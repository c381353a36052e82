import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, folderMessages, harness, secretConnection, startSandbox } from "../support";

/** Mailbox actions against the sandbox: settings, automatic replies, MailTips, Focused Inbox overrides. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const inbox = (userId: string, subject: string) =>
  folderMessages(sb, userId, "inbox").filter((m) => m.subject === subject);

describe("mailbox settings, automatic replies, MailTips and Focused Inbox", () => {
  it("changes settings and automatic replies, and MailTips report them", async () => {
    expect(
      await run("updateMailboxSettings", {
        mailbox: USERS.megan.upn,
        timeZone: "Pacific Standard Time",
        language: "fr-FR",
      }),
    ).toMatchObject({ timeZone: "Pacific Standard Time", language: { locale: "fr-FR" } });
    expect(await run("getMailboxSettings", { mailbox: USERS.megan.upn })).toMatchObject({
      timeZone: "Pacific Standard Time",
    });
    const replies = await run("updateAutomaticReplies", {
      mailbox: USERS.megan.upn,
      status: "scheduled",
      internalReplyMessage: "Away",
      scheduledStart: "2026-01-01T00:00:00",
      scheduledEnd: "2036-01-01T00:00",
      timeZone: "UTC",
    });
    expect(replies).toMatchObject({ status: "scheduled", scheduledEndDateTime: { dateTime: "2036-01-01T00:00:00" } });
    expect(await run("getAutomaticReplies", { mailbox: USERS.megan.upn })).toMatchObject({
      status: "scheduled",
      internalReplyMessage: "Away",
    });
    const tips = (await run("getMailTips", {
      mailbox: USERS.adele.upn,
      recipients: `${USERS.megan.upn}, someone@fabrikam.example`,
      tips: ["automaticReplies", "recipientScope"],
    })) as unknown as Record<string, unknown>[];
    expect(tips[0]).toMatchObject({ automaticReplies: { message: "Away" }, recipientScope: "internal" });
    expect(tips[1]).toMatchObject({ recipientScope: "external" });
    await run("updateAutomaticReplies", { mailbox: USERS.megan.upn, status: "disabled" });
  });

  it("reclassifies later mail from a sender with an override", async () => {
    const override = await run("createFocusedInboxOverride", {
      mailbox: USERS.alex.upn,
      sender: `Megan <${USERS.megan.upn}>`,
      classifyAs: "other",
    });
    await harness.action("sendMessage", {
      connection: secretConnection(sb, { userId: USERS.megan.upn }),
      to: USERS.alex.upn,
      subject: "To Other",
    });
    expect(inbox(USERS.alex.id, "To Other")[0].inferenceClassification).toBe("other");
    expect(await run("listFocusedInboxOverrides", { mailbox: USERS.alex.upn })).toEqual([
      expect.objectContaining({ id: override.id, classifyAs: "other" }),
    ]);
    await run("updateFocusedInboxOverride", {
      mailbox: USERS.alex.upn,
      overrideId: override.id,
      classifyAs: "focused",
    });
    await harness.action("sendMessage", {
      connection: secretConnection(sb, { userId: USERS.megan.upn }),
      to: USERS.alex.upn,
      subject: "Back to Focused",
    });
    expect(inbox(USERS.alex.id, "Back to Focused")[0].inferenceClassification).toBe("focused");
    await run("deleteFocusedInboxOverride", { mailbox: USERS.alex.upn, overrideId: override.id });
    expect(await run("listFocusedInboxOverrides", { mailbox: USERS.alex.upn })).toEqual([]);
  });
});

describe("bad ids, enums and dates", () => {
  const enumCases: [string, Record<string, unknown>, string][] = [
    ["updateAutomaticReplies", { status: "maybe" }, "status"],
    [
      "updateAutomaticReplies",
      { status: "scheduled", scheduledStart: "tomorrow", scheduledEnd: "2026-01-02T00:00:00" },
      "scheduledStart",
    ],
    [
      "updateAutomaticReplies",
      { status: "scheduled", scheduledStart: "2026-02-30T00:00:00", scheduledEnd: "2026-03-02T00:00:00" },
      "scheduledStart",
    ],
    [
      "updateAutomaticReplies",
      { status: "scheduled", scheduledStart: "2026-01-02T00:00:00", scheduledEnd: "2026-01-01T00:00:00" },
      "scheduledEnd",
    ],
    ["updateAutomaticReplies", { status: "scheduled", scheduledStart: "2026-01-02T00:00:00" }, "scheduledEnd"],
    ["getMailTips", { recipients: USERS.alex.upn, tips: ["weather"] }, "tips[0]"],
    ["createFocusedInboxOverride", { sender: USERS.alex.upn, classifyAs: "spam" }, "classifyAs"],
    ["updateMailboxSettings", { language: "English" }, "language"],
  ];
  it.each(enumCases)("%s with %j is refused before any request", async (key, params, property) => {
    const before = sb.requests.length;
    const err = await actionError(key, { connection, mailbox: USERS.alex.upn, ...params });
    expect([err.name, err.property]).toEqual([expect.stringMatching(/ArgumentError|PropertyNullError/), property]);
    expect(sb.requests.length).toBe(before);
  });
});
