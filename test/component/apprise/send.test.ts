import { clearTokenCaches } from "../../../src/auth/tokens";
import { issueRefreshToken, type Sandbox, type StoredMessage } from "../../../sandbox";
import { actionError, folderMessages, harness, secretConnection, startSandbox } from "../support";
import { appriseConnection } from "../personal/support";
import { ORG_APP, PERSONAL_APP, TRICKY_SECRET, appriseSeed, objectIdOf } from "./seed";

/**
 * Every URL example of Apprise's Office 365 pages, delivered through the sandbox by Send Notification: the message
 * is found in each recipient's mailbox with the right from, to, cc, reply-to and body format, the BCC recipient got
 * it without appearing in anyone's copy, and the sender's Sent Items copy lists the BCC.
 */

let sb: Sandbox;
let n = 0;
beforeAll(async () => {
  sb = await startSandbox({ seed: appriseSeed() });
});
afterAll(() => sb.stop());

const MB = 1024 * 1024;
const list = (r: { emailAddress: { address: string } }[]) => r.map((x) => x.emailAddress.address);

/** Apprise's placeholder refresh token, issued to the personal account an example sends from. */
function signInAs(address: string, scopes = ["Mail.Send", "offline_access"]): void {
  clearTokenCaches();
  issueRefreshToken(sb.store, { token: "your-refresh-token-here", clientId: PERSONAL_APP, user: address, scopes });
}

type Data = Record<string, unknown>;

async function notify(url: string, params: Data = {}, fields: Data = {}): Promise<{ subject: string; data: Data }> {
  n += 1;
  const subject = `Apprise test ${n}`;
  const result = await harness.action(
    "sendNotification",
    { connection: appriseConnection(sb, url, fields), title: subject, body: "Test Body", ...params },
    { crossFlowState: {} },
  );
  return { subject, data: (result as { data: Data }).data };
}

/** The copy of the message in a mailbox's folder. */
function copyIn(address: string, folder: "inbox" | "sentitems", subject: string): StoredMessage {
  const found = folderMessages(sb, objectIdOf(address), folder).filter((m) => m.subject === subject);
  expect({ address, folder, copies: found.length }).toEqual({ address, folder, copies: 1 });
  return found[0];
}

interface Example {
  url: string;
  /** The personal account the example signs in as. */
  personal?: string;
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string[];
}

const EXAMPLES: Example[] = [
  {
    url: "o365:///chuck.norris@roundhouse.kick/ab-cd-ef-gh/zz-yy-xx-ww/rt/djd/jjd",
    from: "chuck.norris@roundhouse.kick",
    to: ["chuck.norris@roundhouse.kick"],
  },
  {
    url: "o365://you@outlook.com/aa-bb-cc-dd-ee/your-refresh-token-here/",
    personal: "you@outlook.com",
    from: "you@outlook.com",
    to: ["you@outlook.com"],
  },
  {
    url: "o365://me@hotmail.com/aa-bb-cc-dd-ee/your-refresh-token-here/friend@example.com",
    personal: "me@hotmail.com",
    from: "me@hotmail.com",
    to: ["friend@example.com"],
  },
  {
    url: "o365://me@custom.com/aa-bb-cc-dd-ee/your-refresh-token-here/?mode=personal",
    personal: "me@custom.com",
    from: "me@custom.com",
    to: ["me@custom.com"],
  },
  {
    url: "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/",
    from: "user@example.com",
    to: ["user@example.com"],
  },
  {
    url:
      "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/recipient@example.com" +
      "?cc=manager@example.com&bcc=audit@example.com",
    from: "user@example.com",
    to: ["recipient@example.com"],
    cc: ["manager@example.com"],
    bcc: ["audit@example.com"],
  },
  {
    url:
      "o365://noreply@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/support@example.com" +
      "?reply_to=customer@external.com",
    from: "noreply@example.com",
    to: ["support@example.com"],
    replyTo: ["customer@external.com"],
  },
];

describe("Apprise's examples deliver through the sandbox", () => {
  it.each(EXAMPLES)("$url", async (ex) => {
    if (ex.personal) signInAs(ex.personal);
    const { subject, data } = await notify(ex.url);
    expect(data).toMatchObject({ sent: true, via: "sendMail", format: "text", to: ex.to });
    for (const address of [...ex.to, ...(ex.cc ?? []), ...(ex.bcc ?? [])]) {
      const got = copyIn(address, "inbox", subject);
      expect(got.from?.emailAddress.address).toBe(ex.from);
      expect(list(got.toRecipients)).toEqual(ex.to);
      expect(list(got.ccRecipients)).toEqual(ex.cc ?? []);
      expect(list(got.bccRecipients)).toEqual([]);
      expect(list(got.replyTo)).toEqual(ex.replyTo ?? []);
      expect(got.body).toEqual({ contentType: "text", content: "Test Body" });
    }
    expect(list(copyIn(ex.from, "sentitems", subject).bccRecipients)).toEqual(ex.bcc ?? []);
  });
});

describe("sending as Apprise does, and better", () => {
  it("sends one message to all recipients, not one per recipient", async () => {
    const before = sb.requests.filter((r) => r.path.endsWith("/sendMail")).length;
    const { subject } = await notify(
      "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/recipient@example.com/manager@example.com" +
        "?to=support@example.com&cc=friend@example.com",
    );
    expect(sb.requests.filter((r) => r.path.endsWith("/sendMail")).length - before).toBe(1);
    const ids = ["recipient@example.com", "manager@example.com", "support@example.com", "friend@example.com"].map(
      (a) => copyIn(a, "inbox", subject).internetMessageId,
    );
    expect(new Set(ids).size).toBe(1);
  });

  it("resolves a source given as an object ID to its address, for From and for To", async () => {
    const id = objectIdOf("user@example.com");
    const before = sb.requests.length;
    const { subject, data } = await notify(`o365://${id}/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/`);
    expect(data.to).toEqual(["user@example.com"]);
    const got = copyIn("user@example.com", "inbox", subject);
    expect(got.from?.emailAddress.address).toBe("user@example.com");
    const graph = sb.requests.slice(before).filter((r) => r.path.startsWith("/v1.0/"));
    expect(graph.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1.0/users/${id}`,
      "POST /v1.0/users/user%40example.com/sendMail",
    ]);
  });

  it("renders format=markdown to HTML, with raw HTML and javascript: links left as text", async () => {
    const body =
      "# Alert\n\n**Disk** is full <script>alert(1)</script> [site](javascript:alert(1)) https://example.com";
    const { subject } = await notify(
      "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/recipient@example.com?format=markdown",
      { body },
    );
    const got = copyIn("recipient@example.com", "inbox", subject);
    expect(got.body.contentType).toBe("html");
    expect(got.body.content).toContain("<h1>Alert</h1>");
    expect(got.body.content).toContain("<strong>Disk</strong>");
    expect(got.body.content).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(got.body.content).toContain('<a href="https://example.com">https://example.com</a>');
    expect(got.body.content).not.toMatch(/<script|href="javascript/i);
  });

  it("takes the action's inputs over the URL's defaults", async () => {
    const { subject } = await notify(
      "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/recipient@example.com?cc=manager@example.com",
      { to: "support@example.com", cc: "friend@example.com", format: "html", body: "<p>Hi</p>" },
    );
    const got = copyIn("support@example.com", "inbox", subject);
    expect(list(got.ccRecipients)).toEqual(["friend@example.com"]);
    expect(got.body).toEqual({ contentType: "html", content: "<p>Hi</p>" });
    expect(folderMessages(sb, objectIdOf("recipient@example.com"), "inbox").some((m) => m.subject === subject)).toBe(
      false,
    );
  });

  it.each([
    ["as it is", "Qx8Q~a/b?c@d.e_f"],
    ["encoded", "Qx8Q~a%2Fb%3Fc%40d.e_f"],
  ])("authenticates with a secret holding '/', '?' and '@' written %s", async (_how, written) => {
    const { subject } = await notify(`o365://user@example.com/ab-cd-ef-gh/${ORG_APP}/${written}/friend@example.com`);
    expect(copyIn("friend@example.com", "inbox", subject).from?.emailAddress.address).toBe("user@example.com");
    expect(written.replace(/%2F/g, "/").replace(/%3F/g, "?").replace(/%40/g, "@")).toBe(TRICKY_SECRET);
  });

  it.each([
    ["organizational", "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/friend@example.com", undefined],
    ["personal", "o365://you@outlook.com/aa-bb-cc-dd-ee/your-refresh-token-here/friend@example.com", "you@outlook.com"],
  ])("sends attachments over 3 MB through a draft and upload session (%s)", async (_mode, url, personal) => {
    if (personal) signInAs(personal, ["Mail.Send", "Mail.ReadWrite", "offline_access"]);
    const fields = personal ? { scopes: "Mail.Send Mail.ReadWrite offline_access" } : {};
    const attachments = [
      { key: "big.bin", value: Buffer.alloc(5 * MB, 1) },
      { key: "small.txt", value: "small" },
    ];
    const { subject, data } = await notify(url, { attachments }, fields);
    expect(data.via).toBe("draft");
    const got = copyIn("friend@example.com", "inbox", subject);
    expect(got.attachments.map((a) => [a.name, a.size])).toEqual([
      ["big.bin", 5 * MB],
      ["small.txt", 5],
    ]);
  });
});

describe("refusals", () => {
  it("a wrong client secret blames the URL, and quotes neither it nor the secret", async () => {
    const url = "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/wrong%2Fsecret-value/";
    const e = await actionError("sendNotification", { connection: appriseConnection(sb, url), body: "x" });
    expect(e).toMatchObject({ code: "AuthenticationFailed", property: "connection.url", aadstsCodes: [7000215] });
    expect(e.message).not.toMatch(/wrong.secret-value|o365:/);
  });

  it("refuses client credentials for personal accounts (the consumers authority) before any request", async () => {
    const before = sb.requests.length;
    for (const tenant of ["consumers", "9188040d-6c67-4c5b-b112-36a304b66dad"]) {
      const url = `o365://me@hotmail.com/${tenant}/zz-yy-xx-ww/rt%2Fdjdwjjd/?mode=org`;
      const e = await actionError("sendNotification", { connection: appriseConnection(sb, url), body: "x" });
      expect(e).toMatchObject({ code: "ArgumentInvalid", property: "connection.url", part: "tenant_id" });
      expect(e.message).not.toContain("rt/djdwjjd");
      const direct = secretConnection(sb, { tenant, clientId: ORG_APP, clientSecret: "rt/djdwjjd" });
      const e2 = await actionError("listMailMessages", { connection: direct, mailbox: "user@example.com" });
      expect(e2).toMatchObject({ code: "ArgumentInvalid", property: "connection.tenant" });
    }
    expect(sb.requests.length).toBe(before);
  });

  it("a malformed URL fails before any request", async () => {
    const before = sb.requests.length;
    const url = "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/?mode=nope";
    const e = await actionError("sendNotification", { connection: appriseConnection(sb, url), body: "x" });
    expect(e).toMatchObject({ code: "ArgumentInvalid", property: "connection.url", part: "mode" });
    expect(sb.requests.length).toBe(before);
  });
});
