import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, harness, secretConnection, startSandbox } from "../support";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

const raw = async (params: Record<string, unknown>) =>
  (
    (await harness.action("rawRequest", { connection: secretConnection(sb), ...params })) as {
      data: Record<string, unknown>;
    }
  ).data;

describe("Raw Request", () => {
  it("sends any Graph request on the connection's road: body, query, headers, text and binary answers", async () => {
    await raw({
      url: `/users/${USERS.adele.upn}/sendMail`,
      method: "POST",
      data: JSON.stringify({
        message: { subject: "raw", toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] },
      }),
    });
    const page = await raw({
      url: `/users/${USERS.alex.upn}/messages`,
      queryParams: [
        { key: "$filter", value: "subject eq 'raw'" },
        { key: "$select", value: "subject" },
      ],
      headers: [{ key: "Prefer", value: 'outlook.body-content-type="text"' }],
    });
    const [m] = page.value as { id: string; subject: string }[];
    expect(m.subject).toBe("raw");
    const mime = await raw({ url: `/users/${USERS.alex.upn}/messages/${m.id}/$value`, responseType: "text" });
    expect(String(mime)).toMatch(/^Subject: raw$/m);
    const bytes = await raw({ url: `/users/${USERS.alex.upn}/messages/${m.id}/$value`, responseType: "binary" });
    expect(Buffer.isBuffer(bytes.data)).toBe(true);
    expect(sb.requests.filter((r) => r.kind === "graph").every((r) => r.authorization)).toBe(true);
  });

  it("retries on every error when asked, and not otherwise", async () => {
    sb.faults.failNext(2, 400, null, { path: /\/me$|users\/[^/]+$/ });
    const err = await actionError("rawRequest", { connection: secretConnection(sb), url: `/users/${USERS.alex.upn}` });
    expect(err).toMatchObject({ name: "GraphServiceError", status: 400 });
    const user = await raw({
      url: `/users/${USERS.alex.upn}`,
      retryAllErrors: true,
      maxRetries: "2",
      retryDelayMS: "10",
    });
    expect(user.userPrincipalName).toBe(USERS.alex.upn);
  });

  it("blames its Timeout when Graph does not answer in time", async () => {
    sb.faults.afterNext(1, "slow", { path: /\/users\/[^/]+$/ }, { slowMs: 2000 });
    const err = await actionError("rawRequest", {
      connection: secretConnection(sb),
      url: `/users/${USERS.alex.upn}`,
      timeout: "200",
    });
    expect(err).toMatchObject({ name: "GraphServiceError", graphCode: "Timeout", property: "timeout" });
    expect(err.message).toMatch(/within the 200 ms asked for/);
  });

  it.each([
    ["an absolute URL elsewhere", { url: "https://evil.example/steal" }, "url"],
    ["a protocol-relative URL", { url: "//evil.example/steal" }, "url"],
    ["a path climbing out", { url: "/users/../../x" }, "url"],
    ["an Authorization header", { url: "/me", headers: [{ key: "authorization", value: "Bearer x" }] }, "headers"],
    ["a method Graph has not", { url: "/me", method: "TRACE" }, "method"],
    ["data that is not JSON", { url: "/me", method: "POST", data: "{nope" }, "data"],
  ])("refuses %s before any request", async (_name, params, property) => {
    const before = sb.requests.length;
    const err = await actionError("rawRequest", { connection: secretConnection(sb), ...params });
    expect([err.name, err.property]).toEqual(["ArgumentError", property]);
    expect(sb.requests.length).toBe(before);
  });
});
