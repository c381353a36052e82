import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { USERS, type Sandbox } from "../../sandbox";
import { appToken, raw, startSandbox, type RawResponse } from "./support";

let sb: Sandbox;
let token: string;
const logDir = mkdtempSync(join(tmpdir(), "sandbox-log-"));
const logFile = join(logDir, "requests.jsonl");
beforeAll(async () => {
  sb = await startSandbox({ requestLog: logFile });
  token = await appToken(sb);
});
afterAll(async () => {
  await sb.stop();
  rmSync(logDir, { recursive: true, force: true });
});

const alex = `/v1.0/users/${USERS.alex.upn}`;
const json = (body: string) => ({ headers: { "Content-Type": "application/json" }, body });

/** Graph's error shape and headers, on every failure. */
function expectGraphError(res: RawResponse, status: number, code: string): void {
  expect(res.status).toBe(status);
  const error = res.json.error as { code: string; message: string; innerError: Record<string, string> };
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.innerError["request-id"]).toBe(res.headers.get("request-id"));
  expect(error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(res.headers.get("client-request-id")).toBeTruthy();
  expect(res.headers.get("date")).toBeTruthy();
  expect(res.text).not.toMatch(/\bat \w+ \(|node_modules|\.ts:\d+/);
}

describe("malformed requests get Graph's answers, never a crash or a stack trace", () => {
  const cases: [string, string, string, { headers?: Record<string, string>; body?: string }, number, string][] = [
    ["malformed JSON", "POST", `${alex}/messages`, json("{ not json"), 400, "BadRequest"],
    ["a JSON array instead of an object", "POST", `${alex}/messages`, json("[1,2]"), 400, "BadRequest"],
    ["an empty body where one is required", "POST", `${alex}/mailFolders`, json(""), 400, "BadRequest"],
    [
      "the wrong content type",
      "POST",
      `${alex}/mailFolders`,
      { headers: { "Content-Type": "application/xml" }, body: "<x/>" },
      415,
      "UnsupportedMediaType",
    ],
    [
      "an unknown property",
      "POST",
      `${alex}/messages`,
      json(JSON.stringify({ subject: "x", sujbect: "typo" })),
      400,
      "BadRequest",
    ],
    [
      "an unknown nested property",
      "POST",
      `${alex}/messages`,
      json(JSON.stringify({ body: { contentType: "text", text: "x" } })),
      400,
      "BadRequest",
    ],
    [
      "an unknown enum member",
      "POST",
      `${alex}/messages`,
      json(JSON.stringify({ importance: "urgent" })),
      400,
      "RequestBodyRead",
    ],
    [
      "a value of the wrong type",
      "POST",
      `${alex}/messages`,
      json(JSON.stringify({ isRead: "yes" })),
      400,
      "RequestBodyRead",
    ],
    [
      "a string where a collection belongs",
      "POST",
      `${alex}/messages`,
      json(JSON.stringify({ toRecipients: "a@b.com" })),
      400,
      "RequestBodyRead",
    ],
    [
      "an attachment that is not base64",
      "POST",
      `${alex}/messages`,
      json(
        JSON.stringify({
          attachments: [{ "@odata.type": "#microsoft.graph.fileAttachment", name: "a", contentBytes: "***" }],
        }),
      ),
      400,
      "ErrorMimeContentInvalidBase64String",
    ],
    [
      "an unknown message id",
      "GET",
      `${alex}/messages/AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsqMbYjsT5e-T7KzowPTAAAAAAEMAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZDAAA=`,
      {},
      404,
      "ErrorItemNotFound",
    ],
    ["an id with an encoded slash", "GET", `${alex}/messages/abc%2F..%2Fxyz`, {}, 404, "ErrorItemNotFound"],
    ["an unknown folder name", "GET", `${alex}/mailFolders/nosuchfolder/messages`, {}, 404, "ErrorItemNotFound"],
    ["a segment Graph does not have", "GET", `${alex}/mailboxes`, {}, 400, "BadRequest"],
    ["a method the resource does not take", "PUT", `${alex}/messages`, json("{}"), 405, "Request_BadRequest"],
    ["an API version that is not v1.0", "GET", `/beta/users/${USERS.alex.upn}`, {}, 400, "BadRequest"],
    ["$top out of range", "GET", `${alex}/messages?$top=5000`, {}, 400, "BadRequest"],
    [
      "$select of an unknown property",
      "GET",
      `${alex}/messages?$select=subject,nope`,
      {},
      400,
      "RequestBroker--ParseUri",
    ],
    [
      "a $filter that does not parse",
      "GET",
      `${alex}/messages?$filter=${encodeURIComponent("subject eq")}`,
      {},
      400,
      "BadRequest",
    ],
    [
      "$search with $orderby",
      "GET",
      `${alex}/messages?$search=${encodeURIComponent('"x"')}&$orderby=subject`,
      {},
      400,
      "SearchWithOrderBy",
    ],
    [
      "$filter and $orderby Exchange cannot serve",
      "GET",
      `${alex}/messages?$filter=${encodeURIComponent("isRead eq false")}&$orderby=receivedDateTime desc`,
      {},
      400,
      "InefficientFilter",
    ],
    [
      "sendMail with no recipients",
      "POST",
      `${alex}/sendMail`,
      json(JSON.stringify({ message: { subject: "x" } })),
      400,
      "ErrorInvalidRecipients",
    ],
    [
      "sendMail to something that is not an address",
      "POST",
      `${alex}/sendMail`,
      json(JSON.stringify({ message: { toRecipients: [{ emailAddress: { address: "not an address" } }] } })),
      400,
      "ErrorInvalidRecipients",
    ],
    [
      "sendMail with an unknown parameter",
      "POST",
      `${alex}/sendMail`,
      json(JSON.stringify({ message: {}, sendNow: true })),
      400,
      "BadRequest",
    ],
    [
      "sendMail MIME that is not base64",
      "POST",
      `${alex}/sendMail`,
      { headers: { "Content-Type": "text/plain" }, body: "%%%not-base64%%%" },
      400,
      "ErrorMimeContentInvalidBase64String",
    ],
    [
      "a body over Graph's 4 MB limit",
      "POST",
      `${alex}/messages`,
      json(JSON.stringify({ subject: "x".repeat(5 * 1024 * 1024) })),
      413,
      "RequestEntityTooLarge",
    ],
  ];
  it.each(cases)("%s", async (_name, method, path, init, status, code) => {
    const before = sb.store.mailbox(USERS.alex.id).messages.size;
    expectGraphError(await raw(sb, method, path, { ...init, token }), status, code);
    expect(sb.store.mailbox(USERS.alex.id).messages.size).toBe(before);
  });

  it("echoes the caller's client-request-id", async () => {
    const res = await raw(sb, "GET", `${alex}/messages/nope`, {
      token,
      headers: { "client-request-id": "my-correlation-1" },
    });
    expect(res.headers.get("client-request-id")).toBe("my-correlation-1");
    expect((res.json.error as { innerError: Record<string, string> }).innerError["client-request-id"]).toBe(
      "my-correlation-1",
    );
  });
});

describe("upload sessions follow Outlook's rules", () => {
  let draftId: string;
  beforeAll(async () => {
    draftId = String(
      (await raw(sb, "POST", `${alex}/messages`, { ...json(JSON.stringify({ subject: "uploads" })), token })).json.id,
    );
  });
  const session = async (size: number) =>
    raw(sb, "POST", `${alex}/messages/${draftId}/attachments/createUploadSession`, {
      ...json(JSON.stringify({ AttachmentItem: { attachmentType: "file", name: "f.bin", size } })),
      token,
    });
  const put = (url: string, body: Buffer, range: string, headers: Record<string, string> = {}) =>
    raw(sb, "PUT", url, {
      headers: { "Content-Type": "application/octet-stream", "Content-Range": range, ...headers },
      body,
    });

  it("refuses a session for a file under 3 MB", async () => {
    expectGraphError(await session(3 * 1024 * 1024 - 1), 400, "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize");
  });

  it("refuses an Authorization header, chunks out of order and chunks over 4 MB; DELETE cancels", async () => {
    const size = 5 * 1024 * 1024;
    const url = String((await session(size)).json.uploadUrl);
    expect(new URL(url).hostname).toBe("localhost");
    const first = Buffer.alloc(1024 * 1024, 1);
    expectGraphError(
      await put(url, first, `bytes 0-${first.length - 1}/${size}`, { Authorization: `Bearer ${token}` }),
      401,
      "InvalidAuthenticationToken",
    );
    expectGraphError(
      await put(url, first, `bytes 1024-${1024 + first.length - 1}/${size}`),
      416,
      "ErrorInvalidRequest",
    );
    expectGraphError(
      await put(url, Buffer.alloc(4 * 1024 * 1024 + 1), `bytes 0-${4 * 1024 * 1024}/${size}`),
      413,
      "RequestEntityTooLarge",
    );
    const ok = await put(url, first, `bytes 0-${first.length - 1}/${size}`);
    expect(ok.status).toBe(200);
    expect(ok.json.NextExpectedRanges).toEqual([String(first.length)]);
    expect((await raw(sb, "DELETE", url)).status).toBe(204);
    expectGraphError(
      await put(url, first, `bytes ${first.length}-${2 * first.length - 1}/${size}`),
      404,
      "ErrorItemNotFound",
    );
    expect(sb.store.mailbox(USERS.alex.id).messages.get(draftId)!.attachments).toHaveLength(0);
  });

  it("answers the last chunk 201 with a Location naming the new attachment", async () => {
    const size = 3 * 1024 * 1024 + 5;
    const url = String((await session(size)).json.uploadUrl);
    const data = Buffer.alloc(size, 9);
    expect((await put(url, data.subarray(0, 2 * 1024 * 1024), `bytes 0-${2 * 1024 * 1024 - 1}/${size}`)).status).toBe(
      200,
    );
    const last = await put(url, data.subarray(2 * 1024 * 1024), `bytes ${2 * 1024 * 1024}-${size - 1}/${size}`);
    expect(last.status).toBe(201);
    const [attachment] = sb.store.mailbox(USERS.alex.id).messages.get(draftId)!.attachments;
    expect(last.headers.get("location")).toContain(encodeURIComponent(attachment.id));
    expect(attachment.content.equals(data)).toBe(true);
  });
});

describe("the request log", () => {
  it("writes one JSON line per request with method, path, status and duration", async () => {
    await raw(sb, "GET", `${alex}/mailFolders`, { token });
    const lines = readFileSync(logFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(sb.requests.length);
    expect(lines[lines.length - 1]).toMatchObject({
      method: "GET",
      path: `${alex}/mailFolders`,
      status: 200,
      kind: "graph",
      durationMs: expect.any(Number),
    });
  });
});
