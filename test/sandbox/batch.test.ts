import { BatchRequestContent, BatchResponseContent } from "@microsoft/microsoft-graph-client";
import { READ_ONLY_APP_ID, READ_ONLY_APP_SECRET, USERS, type Sandbox } from "../../sandbox";
import { deliver } from "../component/triggers/mail";
import { appToken, expectGraphError, graphClient, raw, secretClient, startSandbox, type RawResponse } from "./support";

/**
 * JSON batching (`POST /v1.0/$batch`): up to 20 requests in one body, each authorised, routed,
 * throttled and faulted like a top-level request, answered in one 200 with a status per request;
 * malformed batches get 400 and run nothing; failed dependencies give 424.
 */

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ throttle: "outlook" });
  token = await appToken(sb);
  for (let i = 0; i < 10; i++) deliver(sb, USERS.alex.id, `Batch fixture ${i}`);
});
afterEach(() => sb.faults.clear());
afterAll(() => sb.stop());

const alex = `/users/${USERS.alex.upn}`;
type Item = { id: string; status: number; headers: Record<string, string>; body?: unknown };

function post(body: unknown, bearer = token): Promise<RawResponse> {
  return raw(sb, "POST", "/v1.0/$batch", {
    token: bearer,
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const byId = (res: RawResponse) => new Map((res.json.responses as Item[]).map((r) => [r.id, r]));
const inner = (batchRes: RawResponse) => sb.requests.filter((r) => r.batch === batchRes.headers.get("request-id"));

function inboxIds(n: number): string[] {
  const mb = sb.store.mailbox(USERS.alex.id);
  const inbox = sb.store.folderByWellKnown(mb, "inbox").id;
  return [...mb.messages.values()]
    .filter((m) => m.folderId === inbox)
    .map((m) => m.id)
    .slice(0, n);
}

describe("a well-formed batch", () => {
  it("answers each request with its own status, headers and body; each is recorded beside the batch", async () => {
    const [first] = inboxIds(1);
    const res = await post({
      requests: [
        { id: "1", method: "GET", url: `${alex}/messages/${first}?$select=subject` },
        { id: "2", method: "GET", url: `${alex}/mailFolders/inbox` },
        { id: "3", method: "GET", url: `${alex}/messages/AAMkNotThere` },
        {
          id: "4",
          method: "POST",
          url: `${alex}/mailFolders/drafts/messages`,
          headers: { "Content-Type": "application/json" },
          body: { subject: "Drafted in a batch" },
        },
        { id: "5", method: "DELETE", url: `/users/${USERS.megan.upn}/messages/AAMkNotThere` },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const items = byId(res);
    expect(items.size).toBe(5);
    expect(items.get("1")).toMatchObject({ status: 200, body: { id: first, subject: expect.any(String) } });
    expect(items.get("1")!.headers["Content-Type"]).toMatch(/^application\/json/);
    expect(items.get("2")).toMatchObject({ status: 200, body: { displayName: "Inbox" } });
    expect(items.get("3")).toMatchObject({ status: 404, body: { error: { code: "ErrorItemNotFound" } } });
    expect(items.get("4")).toMatchObject({ status: 201, body: { subject: "Drafted in a batch", isDraft: true } });
    expect(items.get("5")).toMatchObject({ status: 404 });
    const recorded = inner(res);
    expect(recorded.map((r) => r.status).sort()).toEqual([200, 200, 201, 404, 404]);
    expect(recorded.every((r) => r.kind === "graph" && r.path.startsWith("/v1.0/users/"))).toBe(true);
  });

  it("works with the Graph JS client's own batch content, unmodified", async () => {
    const [first, second] = inboxIds(2);
    const client = graphClient(sb, token);
    const content = new BatchRequestContent(
      [first, second].map((id, i) => ({
        id: String(i + 1),
        request: new Request(`${sb.url}/v1.0${alex}/messages/${id}?$select=subject`, { method: "GET" }),
      })),
    );
    const answer = new BatchResponseContent(await client.api("/$batch").post(await content.getContent()));
    const one = answer.getResponseById("1");
    expect(one.status).toBe(200);
    expect(((await one.json()) as { id: string }).id).toBe(first);
    expect(answer.getResponseById("2").status).toBe(200);
  });

  it("carries answers and bodies that are not JSON as base64 (a MIME message read, another sent)", async () => {
    const [first] = inboxIds(1);
    const mime = ["To: alexw@contoso.onmicrosoft.com", "Subject: MIME through a batch", "", "Hello"].join("\r\n");
    const res = await post({
      requests: [
        { id: "mime", method: "GET", url: `${alex}/messages/${first}/$value` },
        {
          id: "send",
          method: "POST",
          url: `/users/${USERS.adele.upn}/sendMail`,
          headers: { "Content-Type": "text/plain" },
          // sendMail takes base64 MIME as its body; a batch carries any body that is not JSON as base64 bytes.
          body: Buffer.from(Buffer.from(mime).toString("base64")).toString("base64"),
        },
      ],
    });
    const items = byId(res);
    expect(Buffer.from(items.get("mime")!.body as string, "base64").toString()).toMatch(/^[\s\S]*Subject:/m);
    expect(items.get("send")).toMatchObject({ status: 202 });
    expect(items.get("send")!.body).toBeUndefined();
    const inbox = [...sb.store.mailbox(USERS.alex.id).messages.values()];
    expect(inbox.filter((m) => m.subject === "MIME through a batch")).toHaveLength(1);
  });

  it("authorises each request with the batch's token: a read-only app's write fails alone", async () => {
    const readOnly = await secretClient(sb, READ_ONLY_APP_ID, READ_ONLY_APP_SECRET).acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
    });
    const res = await post(
      {
        requests: [
          { id: "read", method: "GET", url: `${alex}/mailFolders/inbox` },
          {
            id: "write",
            method: "POST",
            url: `${alex}/mailFolders`,
            headers: { "Content-Type": "application/json" },
            body: { displayName: "Not allowed" },
          },
        ],
      },
      readOnly!.accessToken,
    );
    expect(byId(res).get("read")!.status).toBe(200);
    expect(byId(res).get("write")).toMatchObject({ status: 403, body: { error: { code: "ErrorAccessDenied" } } });
    expectGraphError(
      await post({ requests: [{ id: "1", method: "GET", url: "/me" }] }, ""),
      401,
      "InvalidAuthenticationToken",
    );
  });

  it("runs dependent requests in order, and answers 424 for those whose dependency failed", async () => {
    const res = await post({
      requests: [
        { id: "c", method: "GET", url: `${alex}/mailFolders/inbox`, dependsOn: ["b"] },
        { id: "a", method: "GET", url: `${alex}/messages/AAMkNotThere` },
        { id: "b", method: "GET", url: `${alex}/mailFolders/drafts`, dependsOn: ["a"] },
        { id: "d", method: "GET", url: `${alex}/mailFolders/sentitems` },
      ],
    });
    const items = byId(res);
    expect(items.get("a")!.status).toBe(404);
    expect(items.get("b")).toMatchObject({ status: 424, body: { error: { code: "FailedDependency" } } });
    expect(items.get("c")!.status).toBe(424);
    expect(items.get("d")!.status).toBe(200);
    // Only the two requests that ran reached a route.
    expect(
      inner(res)
        .map((r) => r.status)
        .sort(),
    ).toEqual([200, 404]);
  });

  it("refuses what climbs out of /v1.0 or nests a batch, as a failed request of its own", async () => {
    const res = await post({
      requests: [
        { id: "1", method: "GET", url: "/../_sandbox/health" },
        { id: "2", method: "POST", url: "/$batch", headers: { "Content-Type": "application/json" }, body: {} },
        { id: "3", method: "GET", url: "https://graph.microsoft.com/v1.0/me" },
      ],
    });
    expect(res.status).toBe(200);
    expect([...byId(res).values()].map((r) => r.status)).toEqual([400, 400, 400]);
  });
});

describe("a malformed batch runs nothing", () => {
  const get = (id: string) => ({ id, method: "GET", url: `${alex}/mailFolders/inbox` });
  it.each([
    ["not JSON", "{requests:"],
    ["no requests", { value: [] }],
    ["an empty list", { requests: [] }],
    ["21 requests", { requests: Array.from({ length: 21 }, (_, i) => get(String(i))) }],
    ["ids differing only in case", { requests: [get("a"), get("A")] }],
    ["a request without an id", { requests: [{ method: "GET", url: "/me" }] }],
    ["an unknown method", { requests: [{ ...get("1"), method: "TRACE" }] }],
    ["a body without Content-Type", { requests: [{ ...get("1"), method: "POST", body: { a: 1 } }] }],
    ["a dependency on an unknown id", { requests: [{ ...get("1"), dependsOn: ["9"] }] }],
    [
      "a cycle",
      {
        requests: [
          { ...get("1"), dependsOn: ["2"] },
          { ...get("2"), dependsOn: ["1"] },
        ],
      },
    ],
    ["headers that are not text", { requests: [{ ...get("1"), headers: { Prefer: 5 } }] }],
  ])("%s: 400", async (_name, body) => {
    const before = sb.requests.length;
    const res = await post(body);
    expectGraphError(res, 400, "BadRequest");
    expect(sb.requests.slice(before).filter((r) => r.batch)).toEqual([]);
  });
});

describe("throttling and faults per request", () => {
  it("answers 429 with Retry-After for the requests throttled, the others succeed", async () => {
    sb.faults.throttleNext(3, 7, { path: /\/messages\// });
    const res = await post({
      requests: inboxIds(6).map((id, i) => ({ id: String(i), method: "GET", url: `${alex}/messages/${id}` })),
    });
    const statuses = [...byId(res).values()];
    const throttled = statuses.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(3);
    expect(throttled.every((r) => r.headers["Retry-After"] === "7")).toBe(true);
    expect(throttled[0].body).toMatchObject({ error: { code: "TooManyRequests" } });
    expect(statuses.filter((r) => r.status === 200)).toHaveLength(3);
  });

  it("runs at most 4 requests of a batch at a time, within the mailbox's 4 slots", async () => {
    // Each request holds its slot for 150 ms: 8 of them take two rounds, and none is throttled.
    sb.faults.afterNext(8, "slow", { path: /\/messages\// }, { slowMs: 150 });
    const ids = inboxIds(8);
    const started = Date.now();
    const batch = post({
      requests: ids.map((id, i) => ({ id: String(i), method: "GET", url: `${alex}/messages/${id}` })),
    });
    // Meanwhile the mailbox's four slots are taken: a top-level request on it is throttled.
    await new Promise((resolve) => setTimeout(resolve, 60));
    const alongside = await raw(sb, "GET", `/v1.0${alex}/mailFolders/inbox`, { token });
    const res = await batch;
    expect([...byId(res).values()].map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(alongside.status).toBe(429);
  });

  it("answers 503 or a 504 after acting for a request, and loses the batch's connection on a reset", async () => {
    const [first, second] = inboxIds(2);
    sb.faults.failNext(1, 503, null, { path: new RegExp(`${first}$`) });
    sb.faults.afterNext(1, "gatewayTimeout", { path: new RegExp(`${second}$`) });
    const res = await post({
      requests: [first, second].map((id) => ({ id, method: "GET", url: `${alex}/messages/${id}` })),
    });
    expect(byId(res).get(first)).toMatchObject({ status: 503, body: { error: { code: "ServiceUnavailable" } } });
    expect(byId(res).get(second)).toMatchObject({ status: 504, body: { error: { code: "GatewayTimeout" } } });
    sb.faults.resetNext(1, { path: new RegExp(`${first}$`) });
    await expect(post({ requests: [{ id: "1", method: "GET", url: `${alex}/messages/${first}` }] })).rejects.toThrow();
    expect(sb.requests.at(-1)).toMatchObject({ path: "/v1.0/$batch", status: 0 });
  });
});
