import { readFileSync } from "node:fs";
import { USERS, type Sandbox } from "../../sandbox";
import { sendRaw, type RawAnswer } from "../../scripts/rawHttp";
import { appToken, expectGraphError, raw, startSandbox } from "./support";

/**
 * No request can knock the sandbox over or hold it: every request target, header, body and control
 * value gets an answer in Graph's (or Entra's) shape, and the sandbox answers normally afterwards.
 */

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ requestTimeoutMs: 400 });
  token = await appToken(sb);
});
afterAll(() => sb.stop());

const alex = `/v1.0/users/${USERS.alex.upn}`;
const target = () => ({ url: sb.url, ca: readFileSync(sb.ca!, "utf8") });
const host = () => new URL(sb.url).host;

/** A request written byte for byte on a socket. */
function send(lines: string[], body = ""): Promise<RawAnswer> {
  return sendRaw(target(), Buffer.from(lines.join("\r\n") + "\r\n\r\n" + body, "latin1"), 5000);
}

const errorOf = (a: RawAnswer) => (JSON.parse(a.body.toString("utf8")) as { error: { code: string } }).error;

/** The sandbox still answers a normal Graph request, and no handler failed unexpectedly. */
async function stillServing(): Promise<void> {
  const res = await raw(sb, "GET", `${alex}/mailFolders`, { token });
  expect(res.status).toBe(200);
  expect(sb.internalErrors).toBe(0);
}

describe("request targets no URL parser takes", () => {
  it.each([["//[/"], ["http://%zz/"], ["http://a:99999/"], ["*"], ["%"], ["/%E0%A4%A"]])(
    "answers %s with Graph's 400 and keeps serving",
    async (requestTarget) => {
      const answer = await send([`GET ${requestTarget} HTTP/1.1`, `Host: ${host()}`, "Connection: close"]);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(errorOf(answer).code).toEqual(expect.any(String));
      await stillServing();
    },
  );

  it("takes an absolute-form target by its path, whatever host it names", async () => {
    const answer = await send([
      `GET https://evil.example${alex}/mailFolders HTTP/1.1`,
      `Host: ${host()}`,
      `Authorization: Bearer ${token}`,
      "Connection: close",
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.toString("utf8")).not.toContain("evil.example");
  });
});

describe("malformed HTTP", () => {
  const cases: [string, string[], string, number][] = [
    ["headers too large", [`X-Big: ${"a".repeat(100_000)}`], "", 431],
    ["an invalid Content-Length", ["Content-Length: abc"], "{}", 400],
    ["two Content-Lengths", ["Content-Length: 2", "Content-Length: 5"], "{}", 400],
    [
      "a chunk size that is not hex",
      ["Transfer-Encoding: chunked", "Content-Type: application/json"],
      "zz\r\n{}\r\n0\r\n\r\n",
      400,
    ],
    ["a CR inside a header value", ["X-A: b\rc"], "", 400],
  ];
  it.each(cases)("answers %s with Graph's error body", async (_name, headers, body, status) => {
    const answer = await send(
      [
        `POST ${alex}/messages HTTP/1.1`,
        `Host: ${host()}`,
        `Authorization: Bearer ${token}`,
        "Connection: close",
        ...headers,
      ],
      body,
    );
    expect(answer.status).toBe(status);
    expect(errorOf(answer).code).toEqual(expect.any(String));
    expect(answer.headers["request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    await stillServing();
  });

  it("times out a body that never ends (408) instead of holding the connection", async () => {
    const answer = await send(
      [
        `POST ${alex}/messages HTTP/1.1`,
        `Host: ${host()}`,
        `Authorization: Bearer ${token}`,
        "Content-Type: application/json",
        "Content-Length: 1000",
      ],
      '{"subject":',
    );
    expect(answer.status).toBe(408);
    expect(errorOf(answer).code).toBe("RequestTimeout");
    expect(answer.closed || answer.headers.connection === "close").toBe(true);
    await stillServing();
  });

  it("times out headers that never end, and answers a chunked body that never ends", async () => {
    const headers = await sendRaw(target(), Buffer.from(`GET ${alex} HTTP/1.1\r\nHost: ${host()}\r\nX-Slow: a`), 5000);
    expect(headers.status).toBe(408);
    const chunked = await send(
      [`POST ${alex}/messages HTTP/1.1`, `Host: ${host()}`, `Authorization: Bearer ${token}`],
      "",
    ).then(() =>
      sendRaw(
        target(),
        Buffer.from(
          `POST ${alex}/messages HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${token}\r\n` +
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n",
        ),
        5000,
      ),
    );
    expect(chunked.status).toBe(408);
    await stillServing();
  });

  it("echoes a well-formed client-request-id only", async () => {
    const odd = await send([
      `GET /_sandbox/health HTTP/1.1`,
      `Host: ${host()}`,
      "client-request-id: a\u00ffb",
      "Connection: close",
    ]);
    expect(odd.headers["client-request-id"]).toBe(odd.headers["request-id"]);
    const fine = await raw(sb, "GET", "/_sandbox/health", { headers: { "client-request-id": "mine-1" } });
    expect(fine.headers.get("client-request-id")).toBe("mine-1");
  });
});

describe("the Host header is never reflected", () => {
  it("writes the listening address into links when Host names anything else", async () => {
    const answer = await send([
      `GET ${alex}/messages?$top=1 HTTP/1.1`,
      "Host: evil.example",
      `Authorization: Bearer ${token}`,
      "Connection: close",
    ]);
    const body = answer.body.toString("utf8");
    expect(answer.status).toBe(200);
    expect(body).not.toContain("evil.example");
    expect(JSON.parse(body)["@odata.context"]).toMatch(new RegExp(`^${sb.url.replace(/\./g, "\\.")}/v1.0/`));
  });

  it("keeps a name the certificate covers (graph.microsoft.com on this port), but not on another port", async () => {
    const ask = (hostHeader: string) =>
      send([
        `GET ${alex}/messages?$top=1 HTTP/1.1`,
        `Host: ${hostHeader}`,
        `Authorization: Bearer ${token}`,
        "Connection: close",
      ]);
    const mapped = JSON.parse((await ask(`graph.microsoft.com:${sb.port}`)).body.toString("utf8"));
    expect(mapped["@odata.context"]).toMatch(new RegExp(`^https://graph\\.microsoft\\.com:${sb.port}/v1\\.0/`));
    const defaultPort = JSON.parse((await ask("graph.microsoft.com")).body.toString("utf8"));
    expect(defaultPort["@odata.context"]).toMatch(/^https:\/\/graph\.microsoft\.com\/v1\.0\//);
    const otherPort = JSON.parse((await ask("graph.microsoft.com:1")).body.toString("utf8"));
    expect(otherPort["@odata.context"]).toMatch(new RegExp(`^${sb.url.replace(/\./g, "\\.")}/`));
  });

  it("names the sandbox, not the Host, in OpenID metadata and instance discovery", async () => {
    for (const path of ["/common/v2.0/.well-known/openid-configuration", "/common/discovery/instance"]) {
      const answer = await send([`GET ${path} HTTP/1.1`, "Host: evil.example:443", "Connection: close"]);
      expect(answer.status).toBe(200);
      expect(answer.body.toString("utf8")).not.toContain("evil.example");
      expect(answer.body.toString("utf8")).toContain(host());
    }
  });
});

describe("values that used to break the sandbox", () => {
  it.each([['{"seconds":"x"}'], ['{"seconds":1e300}'], ['{"seconds":-5}'], ['{"seconds":null}'], ["[]"], ["{"]])(
    "refuses the clock control value %s with Graph's 400 and leaves the clock alone",
    async (body) => {
      const before = sb.clock.now();
      const res = await raw(sb, "POST", "/_sandbox/clock/advance", {
        headers: { "Content-Type": "application/json" },
        body,
      });
      expectGraphError(res, 400, "BadRequest");
      expect(Math.abs(sb.clock.now() - before)).toBeLessThan(60_000);
      await stillServing();
    },
  );

  it("refuses an in-process clock move Date cannot hold", () => {
    expect(() => sb.clock.advance(1e300)).toThrow(RangeError);
    expect(() => sb.clock.advance(Number.NaN)).toThrow(RangeError);
  });

  it("answers a $filter nested 10,000 parentheses deep with a 400, not a stack overflow", async () => {
    const filters = [
      "(".repeat(10_000) + "isRead eq true" + ")".repeat(10_000),
      "not ".repeat(5000) + "isRead",
      "contains(".repeat(3000) + "subject" + ",'a')".repeat(3000),
    ];
    for (const filter of filters) {
      const res = await raw(sb, "GET", `${alex}/messages?$filter=${filter.replace(/ /g, "%20")}`, { token });
      expectGraphError(res, 400, "BadRequest");
      expect((res.json.error as { message: string }).message).toMatch(/nests more than 100 levels/);
    }
    await stillServing();
  });

  it("answers a body nested deeper than Graph reads with a 400", async () => {
    let item = '{"subject":"deep"}';
    for (let i = 0; i < 200; i++)
      item =
        '{"@odata.type":"#microsoft.graph.message","attachments":' +
        `[{"@odata.type":"#microsoft.graph.itemAttachment","name":"a","item":${item}}]}`;
    const res = await raw(sb, "POST", `${alex}/messages`, {
      token,
      headers: { "Content-Type": "application/json" },
      body: item,
    });
    expectGraphError(res, 400, "RequestBodyRead");
    await stillServing();
  });

  it("answers HTTP Basic credentials that are not form-encoded as a wrong client, not a failure", async () => {
    const res = await raw(sb, "POST", `/${"contoso.onmicrosoft.com"}/oauth2/v2.0/token`, {
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: `Basic ${Buffer.from("%zz:%zz").toString("base64")}`,
      },
      body: "grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
    });
    expect(res.status).toBe(400);
    expect(res.json.error_codes).toEqual([700016]);
    await stillServing();
  });
});
