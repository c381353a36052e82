import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, folderMessages, secretConnection, startSandbox } from "../support";

/**
 * Issue 9, item 1: every address input sends to exactly the addresses typed, or refuses the value before any request.
 * nodemailer's parser reads "a@b.com\r\nBcc: x@y.com" and "a@b.com b@c.com" as one address each; the component must
 * not.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const ALEX = USERS.alex.upn;
const MEGAN = USERS.megan.upn;

/** The recipients (To, CC, BCC) of the one message with this subject in a mailbox's Sent Items. */
function sentTo(subject: string): string[] {
  const [m] = folderMessages(sb, USERS.adele.id, "sentitems").filter((x) => x.subject === subject);
  return [...m.toRecipients, ...m.ccRecipients, ...m.bccRecipients].map((r) => r.emailAddress.address.toLowerCase());
}

async function refusedBeforeAnyRequest(key: string, params: Record<string, unknown>, property: string) {
  const before = sb.requests.length;
  const err = await actionError(key, { connection, ...params });
  expect([err.name, err.property]).toEqual(["ArgumentError", property]);
  expect(sb.requests.length).toBe(before);
  return err;
}

describe("address lists are exactly the addresses typed", () => {
  it.each(["to", "cc", "bcc", "replyTo"])("refuses a CR LF header injection in %s before any request", async (key) => {
    const err = await refusedBeforeAnyRequest(
      "sendMessage",
      { to: ALEX, subject: "injection", [key]: "a@b.com\r\nBcc: x@y.com" },
      key,
    );
    expect(err.message).toMatch(/control character/);
    expect(sb.store.outbound.some((o) => o.to === "x@y.com")).toBe(false);
  });

  it.each([
    ["a space", `${ALEX} ${MEGAN}`],
    ["a tab", `${ALEX}\t${MEGAN}`],
    ["a newline", `${ALEX}\n${MEGAN}`],
  ])("refuses two addresses separated by %s instead of sending to the first only", async (_name, value) => {
    await refusedBeforeAnyRequest("sendMessage", { to: value, subject: "separated" }, "to");
  });

  it.each([
    ["an unquoted display name that is an address", `x@evil.example <${ALEX}>`],
    ["group syntax", "undisclosed-recipients:;"],
    ["a group with members", `team: ${ALEX}, ${MEGAN};`],
    ["a comment inside the address", "alex(comment)@contoso.com"],
    ["a name outside angle brackets", `Alex ${ALEX}`],
    ["an unclosed quote", `"Alex <${ALEX}>`],
    ["text after the address", `<${ALEX}> and more`],
  ])("refuses %s", async (_name, value) => {
    await refusedBeforeAnyRequest("sendMessage", { to: value, subject: "ambiguous" }, "to");
  });

  it("sends to every address separated by ',' or ';', with quoted display names as typed", async () => {
    const data = await run("sendMessage", {
      to: `"Wilber, Alex" <${ALEX}>; ${MEGAN}`,
      cc: `"x@evil.example" <${USERS.sales.upn}>, , `,
      subject: "exactly these",
    });
    expect(data).toMatchObject({ to: [ALEX, MEGAN], cc: [USERS.sales.upn] });
    expect(sentTo("exactly these").sort()).toEqual([ALEX, MEGAN, USERS.sales.upn].sort());
    const [m] = folderMessages(sb, USERS.adele.id, "sentitems").filter((x) => x.subject === "exactly these");
    expect(m.toRecipients[0].emailAddress.name).toBe("Wilber, Alex");
    expect(m.ccRecipients[0].emailAddress.name).toBe("x@evil.example");
  });

  it("reads a list input item by item, naming the item at fault", async () => {
    await refusedBeforeAnyRequest(
      "getScheduleAvailability",
      {
        schedules: [ALEX, `${MEGAN}\r\nBcc: x@y.com`],
        startAt: "2026-11-23T09:00:00",
        endAt: "2026-11-23T10:00:00",
      },
      "schedules[1]",
    );
  });

  it.each([
    ["forwardMessage", { messageId: "AAMkAx", to: `${ALEX}\r\nBcc: x@y.com` }, "to"],
    ["replyToMessage", { messageId: "AAMkAx", cc: `${ALEX} ${MEGAN}` }, "cc"],
    ["createReplyAllDraft", { messageId: "AAMkAx", cc: "group: a@b.com;" }, "cc"],
    ["updateDraft", { messageId: "AAMkAx", bcc: `${ALEX}\t${MEGAN}` }, "bcc"],
    ["getMailTips", { recipients: `${ALEX} ${MEGAN}` }, "recipients"],
    ["createFocusedInboxOverride", { sender: `${ALEX}\r\nBcc: x@y.com`, classifyAs: "other" }, "sender"],
    [
      "createEvent",
      { subject: "e", startAt: "2026-11-23T09:00:00", endAt: "2026-11-23T10:00:00", attendees: `${ALEX} ${MEGAN}` },
      "attendees",
    ],
    [
      "createEvent",
      {
        subject: "e",
        startAt: "2026-11-23T09:00:00",
        endAt: "2026-11-23T10:00:00",
        attendeesDataCollection: JSON.stringify([{ emailAddress: { address: `${ALEX} ${MEGAN}` } }]),
      },
      "attendeesDataCollection[0].emailAddress.address",
    ],
  ])("applies the same rule to %s's address input", async (key, params, property) => {
    await refusedBeforeAnyRequest(key, { mailbox: USERS.adele.upn, ...params }, property);
  });

  it("takes one sender for a Focused Inbox override, never the first of several", async () => {
    const err = await refusedBeforeAnyRequest(
      "createFocusedInboxOverride",
      { mailbox: USERS.adele.upn, sender: `${ALEX}, ${MEGAN}`, classifyAs: "other" },
      "sender",
    );
    expect(err.message).toMatch(/one address/);
  });
});
