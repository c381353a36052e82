import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CERT_DIR, DEFAULT_TENANT_ID, USERS, type Sandbox } from "../../../sandbox";
import {
  actionError,
  authorizationCodeConnection,
  certificateConnection,
  folderMessages,
  harness,
  PFX_PASSWORD,
  pfxBase64,
  secretConnection,
  startSandbox,
} from "../support";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const pem = (file: string) => readFileSync(join(CERT_DIR, file), "utf8");
const MB = 1024 * 1024;

/** The copy of a message (by subject) in a mailbox's folder. */
function received(userId: string, subject: string, folder = "inbox") {
  const found = folderMessages(sb, userId, folder).filter((m) => m.subject === subject);
  expect(found).toHaveLength(1);
  return found[0];
}

describe("a message sent with each connection arrives as composed", () => {
  const cases: [string, () => Promise<unknown>][] = [
    [
      "authorization code (from the sandbox's authorize and token endpoints)",
      async () => (await authorizationCodeConnection(sb)).connection,
    ],
    ["client credentials with a secret", async () => secretConnection(sb)],
    ["certificate as PEM", async () => certificateConnection(sb)],
    [
      "certificate as PFX with password",
      async () => certificateConnection(sb, { certificate: pfxBase64(), certificatePassword: PFX_PASSWORD }),
    ],
    [
      "certificate as PEM with other certificates before its own (a chain export)",
      async () =>
        certificateConnection(sb, {
          certificate: [pem("unregistered-cert.pem"), pem("ca.pem"), pem("app-key.pem"), pem("app-cert.pem")].join(""),
        }),
    ],
  ];
  it.each(cases)("%s", async (name, connection) => {
    const subject = `Hello via ${name}`;
    const result = await harness.action("sendMessage", {
      connection: await connection(),
      to: `Alex Wilber <${USERS.alex.upn}>`,
      cc: USERS.megan.upn,
      bcc: "auditor@fabrikam.example",
      replyTo: `"Sales, Contoso" <${USERS.sales.upn}>`,
      subject,
      body: "<p>Numbers attached</p>",
      bodyContentType: "html",
      importance: "high",
    });
    expect(result).toMatchObject({
      data: {
        sent: true,
        via: "sendMail",
        to: [USERS.alex.upn],
        cc: [USERS.megan.upn],
        bcc: ["auditor@fabrikam.example"],
      },
    });
    const m = received(USERS.alex.id, subject);
    expect(m.body).toEqual({ contentType: "html", content: "<p>Numbers attached</p>" });
    expect(m.importance).toBe("high");
    expect(m.ccRecipients.map((r) => r.emailAddress.address)).toEqual([USERS.megan.upn]);
    expect(m.bccRecipients).toEqual([]);
    expect(m.replyTo).toEqual([{ emailAddress: { name: "Sales, Contoso", address: USERS.sales.upn } }]);
    expect(m.from?.emailAddress.address).toBe(USERS.adele.upn);
    expect(m.sender?.emailAddress.address).toBe(USERS.adele.upn);
    expect(received(USERS.megan.id, subject).toRecipients[0]).toEqual({
      emailAddress: { name: "Alex Wilber", address: USERS.alex.upn },
    });
    expect(received(USERS.adele.id, subject, "sentitems").bccRecipients.map((r) => r.emailAddress.address)).toEqual([
      "auditor@fabrikam.example",
    ]);
    expect(sb.store.outbound.filter((o) => o.subject === subject).map((o) => o.to)).toEqual([
      "auditor@fabrikam.example",
    ]);
  });

  it("sends plain text with normal importance by default, and skips Sent Items when asked", async () => {
    await harness.action("sendMessage", {
      connection: secretConnection(sb),
      to: USERS.alex.upn,
      subject: "Plain",
      body: "line 1\nline 2",
      bodyContentType: "text",
      saveToSentItems: false,
    });
    expect(received(USERS.alex.id, "Plain")).toMatchObject({
      body: { contentType: "text", content: "line 1\nline 2" },
      importance: "normal",
    });
    expect(folderMessages(sb, USERS.adele.id, "sentitems").some((m) => m.subject === "Plain")).toBe(false);
  });

  it("sends from a shared mailbox, and from a mailbox named by object id resolved to its address", async () => {
    const shared = await harness.action("sendMessage", {
      connection: secretConnection(sb),
      mailbox: USERS.sales.upn,
      to: USERS.alex.upn,
      subject: "From sales",
    });
    expect(received(USERS.alex.id, "From sales").from?.emailAddress.address).toBe(USERS.sales.upn);
    expect(shared).toMatchObject({ data: { mailbox: USERS.sales.upn } });
    const byId = await harness.action("sendMessage", {
      connection: secretConnection(sb, { userId: "" }),
      mailbox: USERS.megan.id,
      to: USERS.alex.upn,
      subject: "From megan by id",
    });
    expect(byId).toMatchObject({ data: { mailbox: USERS.megan.upn } });
    expect(received(USERS.alex.id, "From megan by id").from?.emailAddress).toEqual({
      name: "Megan Bowen",
      address: USERS.megan.upn,
    });
  });

  it("sends as a shared mailbox from a delegated connection", async () => {
    const { connection } = await authorizationCodeConnection(sb);
    await harness.action("sendMessage", {
      connection,
      mailbox: USERS.sales.upn,
      to: USERS.alex.upn,
      subject: "Delegated from sales",
    });
    expect(received(USERS.alex.id, "Delegated from sales").from?.emailAddress.address).toBe(USERS.sales.upn);
  });
});

describe("attachments of any size up to 150 MB", () => {
  it(
    "sends 0 bytes and just under 3 MB inline, just over 3 MB and 40 MB through upload sessions in " +
      "chunks of at most 4 MB",
    async () => {
      const files = {
        "empty.txt": Buffer.alloc(0),
        "under.pdf": randomBytes(3 * MB - 1),
        "over.bin": randomBytes(3 * MB + 1),
        "large.zip": randomBytes(40 * MB),
      };
      const before = sb.requests.length;
      const result = await harness.action("sendMessage", {
        connection: secretConnection(sb),
        to: USERS.alex.upn,
        subject: "Four sizes",
        attachments: Object.entries(files).map(([key, value]) => ({ key, value })),
      });
      expect(result).toMatchObject({
        data: {
          via: "draft",
          attachments: [
            { name: "empty.txt", method: "inline" },
            { name: "under.pdf", method: "inline" },
            { name: "over.bin", method: "uploadSession" },
            { name: "large.zip", method: "uploadSession" },
          ],
        },
      });

      const m = received(USERS.alex.id, "Four sizes");
      expect(m.attachments.map((a) => [a.name, a.contentType, a.size, sha256(a.content)])).toEqual(
        Object.entries(files).map(([name, content]) => [
          name,
          {
            "empty.txt": "text/plain",
            "under.pdf": "application/pdf",
            "over.bin": "application/octet-stream",
            "large.zip": "application/zip",
          }[name],
          content.length,
          sha256(content),
        ]),
      );
      const log = sb.requests.slice(before);
      const inlinePosts = log.filter((r) => r.method === "POST" && /\/attachments$/.test(r.path));
      expect(inlinePosts).toHaveLength(2);
      expect(log.filter((r) => r.path.endsWith("/createUploadSession")).map((r) => r.uploadSize)).toEqual([
        3 * MB + 1,
        40 * MB,
      ]);
      const puts = log.filter((r) => r.kind === "upload");
      expect(puts).toHaveLength(1 + 10);
      expect(
        puts.every((r) => r.requestBytes <= 4 * MB && !r.authorization && (r.status === 200 || r.status === 201)),
      ).toBe(true);
      expect(folderMessages(sb, USERS.adele.id, "drafts")).toHaveLength(0);
    },
  );

  it("sends small attachments in the sendMail request itself, with the keyed and dynamic inputs together", async () => {
    const before = sb.requests.length;
    await harness.action("sendMessage", {
      connection: secretConnection(sb),
      to: USERS.alex.upn,
      subject: "Small files",
      attachments: [{ key: "notes.txt", value: { data: Buffer.from("hello"), contentType: "text/plain" } }],
      dynamicAttachments: JSON.stringify([{ key: "data.csv", value: "a,b\n1,2" }]),
    });
    const log = sb.requests.slice(before).filter((r) => r.kind === "graph");
    // One send; then one look for its stamped Sent Items copy, whose ids the action returns.
    expect(log.map((r) => `${r.method} ${r.path.split("/").pop()}`)).toEqual(["POST sendMail", "GET messages"]);
    expect(
      received(USERS.alex.id, "Small files").attachments.map((a) => [a.name, a.contentType, a.content.toString()]),
    ).toEqual([
      ["notes.txt", "text/plain", "hello"],
      ["data.csv", "text/csv", "a,b\n1,2"],
    ]);
  });

  it(
    "counts the body toward Graph's request limit: a 2 MB HTML body with a 2.4 MB attachment goes " +
      "through a draft, not a 413",
    async () => {
      const body = `<p>${"Quarterly figures. ".repeat(110_000)}</p>`;
      const file = randomBytes(2_400_000);
      const before = sb.requests.length;
      const result = await harness.action("sendMessage", {
        connection: secretConnection(sb),
        to: USERS.alex.upn,
        subject: "Big body",
        body,
        attachments: [{ key: "figures.xlsx", value: file }],
      });
      expect(result).toMatchObject({
        data: { via: "draft", attachments: [{ name: "figures.xlsx", method: "inline" }] },
      });
      const log = sb.requests.slice(before).filter((r) => r.kind === "graph");
      expect(log.map((r) => `${r.method} ${r.path.split("/").pop()} ${r.status}`)).toEqual([
        "POST messages 201",
        "POST attachments 201",
        "POST send 202",
      ]);
      expect(log.every((r) => r.requestBytes < 4 * MB)).toBe(true);
      const m = received(USERS.alex.id, "Big body");
      expect(m.body.content).toBe(body);
      expect(m.attachments.map((a) => [a.name, sha256(a.content)])).toEqual([["figures.xlsx", sha256(file)]]);
      expect(folderMessages(sb, USERS.adele.id, "drafts")).toHaveLength(0);
    },
  );

  it("deletes the draft and names the failed step when a chunk upload fails", async () => {
    sb.faults.failNext(1, 400, null, { kind: "upload", method: "PUT", path: /attachmentSessions/ });
    const err = await actionError("sendMessage", {
      connection: secretConnection(sb),
      to: USERS.alex.upn,
      subject: "Doomed upload",
      attachments: [{ key: "big.bin", value: randomBytes(5 * MB) }],
    });
    expect(err.name).toBe("GraphServiceError");
    expect(err.message).toMatch(
      /^Send Message failed while uploading attachment 'big\.bin' \(the draft was deleted\): chunk 1 of 2: /,
    );
    expect(folderMessages(sb, USERS.adele.id, "drafts")).toHaveLength(0);
    expect(folderMessages(sb, USERS.alex.id, "inbox").some((m) => m.subject === "Doomed upload")).toBe(false);
  });

  it("deletes the draft when Exchange refuses to send it (message over the tenant's size limit)", async () => {
    const small = await startSandbox({
      seed: {
        ...(await import("../../../sandbox")).defaultSeed(),
        tenants: [{ id: DEFAULT_TENANT_ID, domain: "contoso.onmicrosoft.com", maxMessageSizeBytes: 4 * MB }],
      },
    });
    try {
      const err = await actionError("sendMessage", {
        connection: secretConnection(small),
        to: USERS.alex.upn,
        subject: "Too big",
        attachments: [{ key: "big.bin", value: randomBytes(5 * MB) }],
      });
      expect(err).toMatchObject({
        name: "GraphServiceError",
        graphCode: "ErrorMessageSizeExceeded",
        property: "attachments",
        step: "Send Message failed while sending the draft (the draft was deleted)",
      });
      const mb = small.store.mailbox(USERS.adele.id);
      expect([...mb.messages.values()]).toHaveLength(0);
    } finally {
      await small.stop();
    }
  });
});

describe("bad input is refused with a typed error naming the property, before any request", () => {
  const base = () => ({ connection: secretConnection(sb), to: USERS.alex.upn, subject: "x" });
  const cases: [string, () => Record<string, unknown>, string, string][] = [
    ["To is null", () => ({ to: null }), "PropertyNullError", "to"],
    ["To is empty", () => ({ to: "  " }), "PropertyEmptyError", "to"],
    ["To is not an address", () => ({ to: "Alex Wilber" }), "ArgumentError", "to"],
    ["CC holds a bad address among good ones", () => ({ cc: `${USERS.megan.upn}, bob@` }), "ArgumentError", "cc"],
    ["Importance is unknown", () => ({ importance: "urgent" }), "ArgumentError", "importance"],
    ["Body Content Type is unknown", () => ({ bodyContentType: "markdown" }), "ArgumentError", "bodyContentType"],
    ["Save to Sent Items is not a boolean", () => ({ saveToSentItems: "maybe" }), "ArgumentError", "saveToSentItems"],
    [
      "an attachment has no data",
      () => ({ attachments: [{ key: "a.txt", value: null }] }),
      "AttachmentError",
      "attachments[0].value",
    ],
    [
      "an attachment has no name",
      () => ({ attachments: [{ key: "", value: "x" }] }),
      "AttachmentError",
      "attachments[0].key",
    ],
    [
      "an attachment is over 150 MB",
      () => ({ attachments: [{ key: "huge.bin", value: Buffer.alloc(150 * MB + 1) }] }),
      "AttachmentError",
      "attachments[0].value",
    ],
    [
      "Dynamic Attachments is not a list",
      () => ({ dynamicAttachments: "{not json" }),
      "ArgumentError",
      "dynamicAttachments",
    ],
    ["the mailbox is not a mailbox", () => ({ mailbox: "../../admin" }), "ArgumentError", "mailbox"],
    [
      "an app-only connection has no mailbox",
      () => ({ connection: secretConnection(sb, { userId: "" }) }),
      "PropertyNullError",
      "mailbox",
    ],
    [
      "the certificate password is wrong",
      () => ({ connection: certificateConnection(sb, { certificate: pfxBase64(), certificatePassword: "wrong" }) }),
      "CertificateError",
      "connection.certificatePassword",
    ],
    [
      "the PFX needs a password",
      () => ({ connection: certificateConnection(sb, { certificate: pfxBase64() }) }),
      "CertificateError",
      "connection.certificatePassword",
    ],
    [
      "the certificate is not a certificate",
      () => ({ connection: certificateConnection(sb, { certificate: "hello, I am not a certificate" }) }),
      "CertificateError",
      "connection.certificate",
    ],
    [
      "the PEM has no private key",
      () => ({
        connection: certificateConnection(sb, {
          certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        }),
      }),
      "CertificateError",
      "connection.certificate",
    ],
    [
      "the thumbprint is not the certificate's",
      () => ({ connection: certificateConnection(sb, { thumbprint: "00".repeat(20) }) }),
      "CertificateError",
      "connection.thumbprint",
    ],
    [
      "the tenant is missing",
      () => ({ connection: secretConnection(sb, { tenant: null }) }),
      "PropertyNullError",
      "connection.tenant",
    ],
    [
      "the client id is empty",
      () => ({ connection: secretConnection(sb, { clientId: "" }) }),
      "PropertyEmptyError",
      "connection.clientId",
    ],
    [
      "the base URL is not a URL",
      () => ({ connection: secretConnection(sb, { baseUrl: "graph" }) }),
      "ArgumentError",
      "connection.baseUrl",
    ],
  ];
  it.each(cases)("%s", async (_name, override, type, property) => {
    const before = sb.requests.length;
    const err = await actionError("sendMessage", { ...base(), ...override() });
    expect([err.name, err.property]).toEqual([type, property]);
    expect(err.message).toContain(property);
    expect(sb.requests.length).toBe(before);
  });
});

describe("the identity platform's refusals are AuthenticationError with the AADSTS code", () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ["unknown tenant", { tenant: "nosuchtenant.onmicrosoft.com" }, 90002, "connection.tenant"],
    ["wrong secret", { clientSecret: "not-the-secret" }, 7000215, "connection.clientSecret"],
    ["unknown client id", { clientId: "00000000-1111-2222-3333-444444444444" }, 700016, "connection.clientId"],
  ];
  it.each(cases)("%s", async (_name, fields, code, property) => {
    const err = await actionError("sendMessage", {
      connection: secretConnection(sb, fields),
      to: USERS.alex.upn,
      subject: "x",
    });
    expect(err).toMatchObject({ name: "AuthenticationError", aadstsCode: code, property });
    expect(err.message).toContain(`AADSTS${code}`);
  });
});

describe("Graph's refusals are GraphServiceError with Graph's code, status and request-id", () => {
  it.each([
    ["an unknown mailbox", "ghost@contoso.onmicrosoft.com", 404, "ErrorInvalidUser"],
    ["a user without a mailbox", USERS.isaiah.upn, 404, "MailboxNotEnabledForRESTAPI"],
  ])("%s", async (_name, mailbox, status, graphCode) => {
    const before = sb.requests.length;
    const err = await actionError("sendMessage", {
      connection: secretConnection(sb),
      mailbox,
      to: USERS.alex.upn,
      subject: "x",
    });
    const sent = sb.requests.slice(before).filter((r) => r.kind === "graph");
    expect(sent).toHaveLength(1);
    expect(err).toMatchObject({
      name: "GraphServiceError",
      code: "GraphServiceError",
      graphCode,
      status,
      property: "mailbox",
      requestId: sent[0].requestId,
    });
    // The request-id is in the message too: the platform's logs show only the message, and support asks for it.
    expect(err.message).toContain(`(request-id ${String(sent[0].requestId)})`);
  });
});
