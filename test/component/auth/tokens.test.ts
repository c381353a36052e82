import { USERS, type Sandbox } from "../../../sandbox";
import { confirmPolicy } from "../../../src/graph/lostAnswers";
import { retryPolicy } from "../../../src/graph/retry";
import {
  actionError,
  authorizationCodeConnection,
  harness,
  secretConnection,
  setClock,
  startSandbox,
} from "../support";

let sb: Sandbox;
beforeEach(async () => {
  // A sandbox per test: a new port is a new authority, so the in-process token cache starts empty.
  sb = await startSandbox();
});
afterEach(async () => {
  jest.useRealTimers();
  sb.faults.clear();
  await sb.stop();
});

const tokenRequests = (grantType?: string) =>
  sb.requests.filter(
    (r) => r.kind === "identity" && r.path.endsWith("/token") && (!grantType || r.grantType === grantType),
  );
const graphRequests = () => sb.requests.filter((r) => r.kind === "graph");

describe("token reuse", () => {
  it("serves 100 consecutive actions on one connection with one token request", async () => {
    const connection = secretConnection(sb);
    for (let i = 0; i < 100; i++) {
      const { data } = (await harness.action("getCurrentUser", { connection })) as {
        data: { userPrincipalName: string };
      };
      expect(data.userPrincipalName).toBe(USERS.adele.upn);
    }
    expect(tokenRequests("client_credentials")).toHaveLength(1);
    expect(graphRequests()).toHaveLength(100);
  });

  it("replaces an expired token with a new one", async () => {
    const connection = secretConnection(sb);
    await harness.action("getCurrentUser", { connection });
    setClock(Date.now() + 2 * 3600 * 1000); // msal reads this Date too
    await harness.action("getCurrentUser", { connection });
    await harness.action("getCurrentUser", { connection });
    expect(tokenRequests("client_credentials")).toHaveLength(2);
    expect(graphRequests().map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("uses the platform's token while it is valid, and refreshes it with the refresh token once expired", async () => {
    const { connection, token } = await authorizationCodeConnection(sb);
    const before = tokenRequests().length;
    await harness.action("getCurrentUser", { connection });
    expect(tokenRequests().length).toBe(before);
    expect(graphRequests().at(-1)).toMatchObject({ status: 200, path: "/v1.0/me" });

    const stale = { ...connection, token: { ...token, expires_at: new Date(Date.now() - 60_000).toISOString() } };
    const { data } = (await harness.action("getCurrentUser", { connection: stale })) as { data: { id: string } };
    expect(data.id).toBe(USERS.adele.id);
    expect(tokenRequests("refresh_token")).toHaveLength(1);
  });

  it("shares one token request among concurrent actions on one connection", async () => {
    const connection = secretConnection(sb);
    const results = (await Promise.all(
      Array.from({ length: 10 }, () => harness.action("getCurrentUser", { connection })),
    )) as { data: { userPrincipalName: string } }[];
    expect(results.map((r) => r.data.userPrincipalName)).toEqual(Array(10).fill(USERS.adele.upn));
    expect(tokenRequests("client_credentials")).toHaveLength(1);
    expect(graphRequests()).toHaveLength(10);
  });

  it("gives each concurrent action its own AuthenticationError when the shared token request fails", async () => {
    const connection = secretConnection(sb, { clientSecret: "not-the-secret-value" });
    const big = [{ key: "big.bin", value: Buffer.alloc(4 * 1024 * 1024) }];
    const errors = await Promise.all(
      Array.from({ length: 3 }, () =>
        actionError("sendMessage", { connection, to: USERS.alex.upn, subject: "x", attachments: big }),
      ),
    );
    expect(tokenRequests("client_credentials")).toHaveLength(1);
    expect(graphRequests()).toHaveLength(0);
    for (const err of errors) {
      expect(err).toMatchObject({
        name: "AuthenticationError",
        aadstsCode: 7000215,
        property: "connection.clientSecret",
      });
      // One step prefix each (not one per sharer), and msal's envelope (Error(s), Timestamp) stripped.
      expect(err.message.match(/Send Message failed while creating the draft/g)).toHaveLength(1);
      expect(err.message).toMatch(/Authentication failed \(AADSTS7000215\): AADSTS7000215: Invalid client secret/);
      expect(err.message).not.toMatch(/Error\(s\)|Timestamp/);
    }
    expect(new Set(errors).size).toBe(3);
  });

  it("reuses a token only for the same scopes", async () => {
    await harness.action("getCurrentUser", { connection: secretConnection(sb) });
    // Same app, tenant and secret, but scopes that client credentials cannot have: the identity platform must be asked,
    // and refuse.
    const err = await actionError("getCurrentUser", {
      connection: secretConnection(sb, { scopes: "https://graph.microsoft.com/Mail.Read" }),
    });
    expect(err).toMatchObject({ name: "AuthenticationError", aadstsCode: 1002012, property: "connection.scopes" });
    expect(tokenRequests("client_credentials")).toHaveLength(2);
    expect(graphRequests()).toHaveLength(1);
  });

  it("gets a new token once when Graph refuses one it thought valid", async () => {
    const { connection } = await authorizationCodeConnection(sb);
    sb.clock.advance(2 * 3600 * 1000); // the sandbox now sees the platform's token as expired
    await harness.action("getCurrentUser", { connection });
    expect(graphRequests().map((r) => r.status)).toEqual([401, 200]);
    expect(tokenRequests("refresh_token")).toHaveLength(1);
  });
});

describe("throttling", () => {
  const saved = { ...retryPolicy };
  afterEach(() => Object.assign(retryPolicy, saved));

  it("rides out a 429 storm when Retry-After allows", async () => {
    const connection = secretConnection(sb);
    sb.faults.throttleNext(3, 1);
    const started = Date.now();
    await harness.action("getCurrentUser", { connection });
    expect(graphRequests().map((r) => r.status)).toEqual([429, 429, 429, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  });

  it("backs off with jitter on 503 and 504 without Retry-After", async () => {
    retryPolicy.baseDelayMs = 20;
    const connection = secretConnection(sb);
    sb.faults.failNext(1, 503);
    sb.faults.failNext(1, 504);
    await harness.action("getCurrentUser", { connection });
    expect(graphRequests().map((r) => r.status)).toEqual([503, 504, 200]);
  });

  it("becomes ThrottledError at once when Retry-After exceeds the budget", async () => {
    const connection = secretConnection(sb);
    sb.faults.throttleNext(1, 3600);
    const err = await actionError("getCurrentUser", { connection });
    expect(err).toMatchObject({ name: "ThrottledError", status: 429, retryAfterSeconds: 3600, attempts: 0 });
    expect(graphRequests()).toHaveLength(1);
  });

  it("becomes ThrottledError when the storm outlasts the retries", async () => {
    const connection = secretConnection(sb);
    sb.faults.throttleNext(20, 0);
    const err = await actionError("getCurrentUser", { connection });
    expect(err).toMatchObject({ name: "ThrottledError", attempts: retryPolicy.maxRetries });
    expect(graphRequests()).toHaveLength(retryPolicy.maxRetries + 1);
  });

  it("after a 504 looks in Sent Items before sending again; 429 and 503 are simply retried", async () => {
    retryPolicy.baseDelayMs = 20;
    const connection = secretConnection(sb);
    sb.faults.failNext(1, 504, null, { path: /sendMail$/ });
    sb.faults.failNext(1, 503, null, { path: /sendMail$/ });
    sb.faults.throttleNext(1, 0, { path: /sendMail$/ });
    const settle = { ...confirmPolicy };
    Object.assign(confirmPolicy, { settleMs: 0 });
    try {
      const result = await harness.action("sendMessage", { connection, to: USERS.alex.upn, subject: "Sent once" });
      expect(result).toMatchObject({ data: { sent: true, outcome: "retriedAfterLostAnswer" } });
    } finally {
      Object.assign(confirmPolicy, settle);
    }
    // The 504 came before anything was sent: Sent Items had no copy, so the message went again, once.
    expect(graphRequests().map((r) => `${r.method} ${r.path.split("/").pop()} ${r.status}`)).toEqual([
      "POST sendMail 504",
      "GET messages 200",
      "POST sendMail 503",
      "POST sendMail 429",
      "POST sendMail 202",
      // The sent copy's ids, found by the send's stamp.
      "GET messages 200",
    ]);
    expect(sb.store.mailbox(USERS.alex.id).messages.size).toBe(1);
  });

  it("rides out throttling of upload chunks too", async () => {
    const connection = secretConnection(sb);
    sb.faults.throttleNext(2, 1, { kind: "upload" });
    await harness.action("sendMessage", {
      connection,
      to: USERS.alex.upn,
      subject: "Throttled upload",
      attachments: [{ key: "a.bin", value: Buffer.alloc(5 * 1024 * 1024, 1) }],
    });
    const puts = sb.requests.filter((r) => r.kind === "upload").map((r) => r.status);
    expect(puts).toEqual([429, 429, 200, 201]);
  });
});

describe("transport failures", () => {
  it("reports a Graph host that cannot be reached as a NetworkError, not an HTTP status", async () => {
    const dead = await startSandbox();
    const connection = secretConnection(dead);
    await harness.action("getCurrentUser", { connection });
    await dead.stop();
    const err = await actionError("getCurrentUser", { connection });
    expect(err).toMatchObject({ name: "GraphServiceError", graphCode: "NetworkError", status: 0 });
  });
});
