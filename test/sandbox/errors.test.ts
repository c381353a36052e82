import { USERS, type Sandbox } from "../../sandbox";
import { appToken, expectGraphError, jsonBody, raw, startSandbox } from "./support";

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
});
afterAll(() => sb.stop());

const alex = `/v1.0/users/${USERS.alex.upn}`;
const json = jsonBody;

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
      `${alex}/messages/AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OABGAAAAAAAiQ8W967B7TKBjgx9rVEURBwAiIsq` +
        "MbYjsT5e-T7KzowPTAAAAAAEMAAAiIsqMbYjsT5e-T7KzowPTAAAYbvZDAAA=",
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
