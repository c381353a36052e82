import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { clearTokenCaches } from "../../../src/auth/tokens";
import { CONSUMER_USERS, PERSONAL_APP_ID, issueRefreshToken, type Sandbox } from "../../../sandbox";
import { actionError, folderMessages, harness, startSandbox } from "../support";
import { personalConnection, redeemDirectly, stateToken, tokenRequests } from "./support";

/**
 * The personal connection against a sandbox whose refresh tokens work once: every run redeems the newest token,
 * keeps the one it gets in the instance state (sealed), and the next run (a new process) starts from it.
 */

let sb: Sandbox;
let issued = 0;
beforeAll(async () => {
  sb = await startSandbox({ singleUseRefreshTokens: true });
});
afterAll(() => sb.stop());
beforeEach(() => clearTokenCaches());

const MB = 1024 * 1024;

/** A fresh refresh token for Sam, as `signin --personal` would give, with the scopes the app asked for. */
function freshToken(scopes = ["Mail.Send", "Mail.ReadWrite", "User.Read", "offline_access"]): string {
  issued += 1;
  return issueRefreshToken(sb.store, {
    token: `M.C540_SBX.0.U.-personal-test-token-${issued}*!$`,
    clientId: PERSONAL_APP_ID,
    user: CONSUMER_USERS.sam.upn,
    scopes,
  });
}

type Result = { data: Record<string, unknown>; crossFlowState?: Record<string, unknown> };

async function send(connection: unknown, subject: string, state: Record<string, unknown>): Promise<Result> {
  const params = { connection, to: CONSUMER_USERS.kai.upn, subject, body: `<p>${subject}</p>` };
  return (await harness.action("sendMessage", params, { crossFlowState: state })) as Result;
}

const kaiInbox = () => folderMessages(sb, CONSUMER_USERS.kai.id, "inbox");

describe("a personal account's rotating refresh token", () => {
  it("sends on 5 consecutive runs, each with the token the previous run stored; old tokens are refused", async () => {
    const configured = freshToken();
    const connection = personalConnection(sb, configured);
    let state: Record<string, unknown> = { otherFlowData: { kept: true } };
    let previous = configured;
    for (let run = 1; run <= 5; run++) {
      clearTokenCaches(); // each run is a new process: it knows only the connection and the state
      const before = tokenRequests(sb).length;
      const result = await send(connection, `Personal run ${run}`, state);
      expect(result.data.sent).toBe(true);
      expect(tokenRequests(sb).length - before).toBe(1); // the stored token worked at once: no fallback
      state = result.crossFlowState!;
      expect(state.otherFlowData).toEqual({ kept: true });
      const stored = stateToken(connection, state)!;
      expect(stored).toEqual(expect.any(String));
      expect(stored).not.toBe(previous);
      // The token this run redeemed is spent: the sandbox refuses it from now on.
      expect(await redeemDirectly(sb, previous)).toEqual({ status: 400, codes: [70000] });
      // The state holds the token sealed: neither it nor the old one appears in it, nor in the output.
      expect(JSON.stringify(state)).not.toContain(stored);
      expect(JSON.stringify(result.data)).not.toContain(stored);
      previous = stored;
    }
    const got = kaiInbox().filter((m) => m.subject.startsWith("Personal run "));
    expect(got.map((m) => m.subject).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `Personal run ${n}`));
    expect(got.every((m) => m.from?.emailAddress.address === CONSUMER_USERS.sam.upn)).toBe(true);
  });

  it("when every token at hand is refused, says how to get a new one, without any token in the error", async () => {
    const configured = freshToken();
    const connection = personalConnection(sb, configured);
    const first = await send(connection, "Before the state went stale", {});
    const staleState = first.crossFlowState!;
    const stale = stateToken(connection, staleState)!;
    clearTokenCaches();
    await send(connection, "Spends the stale token", structuredClone(staleState));
    clearTokenCaches();
    const before = tokenRequests(sb).length;
    const params = { connection, to: CONSUMER_USERS.kai.upn, subject: "Never sent" };
    let refused: Error & Record<string, unknown>;
    try {
      await harness.action("sendMessage", params, { crossFlowState: structuredClone(staleState) });
      throw new Error("expected the run to fail");
    } catch (e) {
      refused = e as Error & Record<string, unknown>;
    }
    expect(refused.code).toBe("AuthenticationFailed");
    expect(refused.property).toBe("connection.refreshToken");
    expect(refused.aadstsCodes).toEqual([70000]);
    expect(refused.message).toContain(`npm run signin -- --personal --client-id ${PERSONAL_APP_ID}`);
    expect(refused.message).toContain("Refresh Token field");
    for (const secret of [configured, stale]) expect(`${refused.message}${refused.stack}`).not.toContain(secret);
    // The stale state's token, then the configured one: both tried, nothing else, no mail sent.
    expect(tokenRequests(sb).length - before).toBe(2);
    expect(kaiInbox().some((m) => m.subject === "Never sent")).toBe(false);
  });

  it("two flows redeeming the same token at once share one redemption, and both keep the new token", async () => {
    const connection = personalConnection(sb, freshToken());
    const before = tokenRequests(sb).length;
    const [a, b] = await Promise.all([send(connection, "Flow A", {}), send(connection, "Flow B", {})]);
    expect(tokenRequests(sb).length - before).toBe(1);
    expect(a.data.sent && b.data.sent).toBe(true);
    expect(stateToken(connection, a.crossFlowState)).toBe(stateToken(connection, b.crossFlowState));
  });

  it("a flow whose state is older than this process's newest token gets the newest in its state", async () => {
    const connection = personalConnection(sb, freshToken());
    const a = await send(connection, "Flow A rotates", {});
    const before = tokenRequests(sb).length;
    const b = await send(connection, "Flow B reuses", {});
    expect(tokenRequests(sb).length).toBe(before); // the access token is still good: no redemption
    expect(stateToken(connection, b.crossFlowState)).toBe(stateToken(connection, a.crossFlowState));
  });

  it("sends attachments over 3 MB through a draft and upload session, with Mail.ReadWrite consented", async () => {
    const connection = personalConnection(sb, freshToken(), { scopes: "Mail.Send Mail.ReadWrite offline_access" });
    const result = await harness.action(
      "sendMessage",
      {
        connection,
        to: CONSUMER_USERS.kai.upn,
        subject: "Large personal attachment",
        attachments: [{ key: "big.bin", value: Buffer.alloc(4 * MB, 7) }],
      },
      { crossFlowState: {} },
    );
    expect((result as Result).data.via).toBe("draft");
    const got = kaiInbox().find((m) => m.subject === "Large personal attachment")!;
    expect(got.attachments.map((x) => x.size)).toEqual([4 * MB]);
  });

  it("asks for scopes the account did not consent to only to be told which input to change", async () => {
    const connection = personalConnection(sb, freshToken(["Mail.Send", "offline_access"]), {
      scopes: "Mail.Send Mail.ReadWrite offline_access",
    });
    const e = await actionError("sendMessage", { connection, to: CONSUMER_USERS.kai.upn, subject: "x" });
    expect(e).toMatchObject({ code: "AuthenticationFailed", property: "connection.scopes", aadstsCodes: [65001] });
    expect(e.message).toContain("signin --scopes");
  });
});

describe("triggers and pickers on a personal account", () => {
  it("the polling trigger returns the newest token in its state; its next poll (a new process) uses it", async () => {
    const connection = personalConnection(sb, freshToken(), { scopes: "Mail.ReadWrite offline_access" });
    const params = { connection, folderId: "inbox" };
    const poll = async (state: Record<string, unknown>) =>
      (await harness.trigger("mailPolling", defaultTriggerPayload(), params, {
        instanceState: {},
        crossFlowState: state,
      } as never)) as unknown as { resultType: string; crossFlowState?: Record<string, unknown> };
    const first = await poll({});
    expect(first.resultType).toBe("polled_no_changes");
    const stored = stateToken(connection, first.crossFlowState)!;
    expect(stored).toEqual(expect.any(String));
    clearTokenCaches();
    const before = tokenRequests(sb).length;
    const second = await poll(structuredClone(first.crossFlowState!));
    expect(second.resultType).toBe("polled_no_changes");
    expect(tokenRequests(sb).length - before).toBe(1);
    expect(await redeemDirectly(sb, stored)).toEqual({ status: 400, codes: [70000] }); // the second poll spent it
  });

  it("a folder picker works (a data source has no state to return: the token rotates in-process)", async () => {
    const connection = personalConnection(sb, freshToken(), { scopes: "Mail.ReadWrite offline_access" });
    const picker = (await harness.dataSource("selectMailFolder", { connection })) as { result: { key: string }[] };
    expect(picker.result.length).toBeGreaterThan(5);
  });
});

describe("the personal connection's fields", () => {
  it.each([
    ["clientId", { clientId: "not a client id" }, "connection.clientId"],
    ["refreshToken", { refreshToken: "has a space in it" }, "connection.refreshToken"],
    ["refreshToken", { refreshToken: "" }, "connection.refreshToken"],
    ["clientId", { clientId: { toString: "not a function" } }, "connection.clientId"],
    ["scopes", { scopes: "Mail.Send <script>" }, "connection.scopes"],
    ["scopes", { scopes: "Mail.Send inbox/.." }, "connection.scopes"],
    ["entraEndpoint", { entraEndpoint: "not a url" }, "connection.entraEndpoint"],
    ["baseUrl", { baseUrl: "ftp://graph" }, "connection.baseUrl"],
  ])("checks %s before any request", async (_field, fields, property) => {
    const before = sb.requests.length;
    const connection = personalConnection(sb, "M.C540_SBX.0.U.-valid-looking", fields);
    const e = await actionError("sendMessage", { connection, to: CONSUMER_USERS.kai.upn, subject: "x" });
    expect(e.property).toBe(property);
    expect(sb.requests.length).toBe(before);
  });
});
