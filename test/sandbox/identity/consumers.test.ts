import { PublicClientApplication } from "@azure/msal-node";
import {
  CONSUMER_REFRESH_TOKEN,
  CONSUMER_TENANT_ID,
  CONSUMER_USERS,
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  PERSONAL_APP_ID,
  PUBLIC_CLIENT_APP_ID,
  USERS,
  approveDeviceCode,
  issueRefreshToken,
  setSingleUseRefreshTokens,
  type Sandbox,
} from "../../../sandbox";
import { claimsOf, form, msalConfig, raw, startSandbox, tokenRequest } from "../support";

/**
 * Personal Microsoft accounts: the consumer tenant, reached as `consumers` or by its well-known id;
 * apps that serve personal accounts and apps that do not; the device code flow approved without a
 * person; refresh tokens that rotate (and, when told, work once); no client credentials there.
 */

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());
afterEach(() => setSingleUseRefreshTokens(sb.store, false));

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

async function redeem(token: string, tenant = "consumers", clientId = PERSONAL_APP_ID) {
  return tokenRequest(sb, { grant_type: "refresh_token", client_id: clientId, refresh_token: token }, tenant);
}

/** Starts the device code flow and polls once approved by `user`; the token answer. */
async function deviceSignIn(tenant: string, user: string, clientId = PERSONAL_APP_ID) {
  const started = await raw(
    sb,
    "POST",
    `/${tenant}/oauth2/v2.0/devicecode`,
    form({ client_id: clientId, scope: "Mail.Send offline_access openid" }),
  );
  expect(started.status).toBe(200);
  approveDeviceCode(sb.store, String(started.json.user_code), user);
  return tokenRequest(
    sb,
    { grant_type: DEVICE_GRANT, client_id: clientId, device_code: String(started.json.device_code) },
    tenant,
  );
}

describe("the consumer tenant", () => {
  it.each(["consumers", CONSUMER_TENANT_ID])("signs a personal account in at /%s with the device code", async (t) => {
    const token = await deviceSignIn(t, CONSUMER_USERS.kai.upn);
    expect(token.status).toBe(200);
    const claims = claimsOf(String(token.json.access_token));
    expect(claims).toMatchObject({ tid: CONSUMER_TENANT_ID, oid: CONSUMER_USERS.kai.id, scp: "Mail.Send" });
    expect(claimsOf(String(token.json.id_token)).iss).toBe(`${sb.url}/${CONSUMER_TENANT_ID}/v2.0`);
    expect(token.json.refresh_token).toEqual(expect.any(String));
  });

  it("approves a device code through the /devicelogin page, as a person's browser posts it", async () => {
    const started = await raw(
      sb,
      "POST",
      "/consumers/oauth2/v2.0/devicecode",
      form({ client_id: PERSONAL_APP_ID, scope: "Mail.Send offline_access" }),
    );
    const page = await raw(
      sb,
      "POST",
      "/devicelogin",
      form({ user_code: String(started.json.user_code), login_hint: CONSUMER_USERS.sam.upn }),
    );
    expect(page.status).toBe(200);
    const token = await tokenRequest(
      sb,
      { grant_type: DEVICE_GRANT, client_id: PERSONAL_APP_ID, device_code: String(started.json.device_code) },
      "consumers",
    );
    expect(claimsOf(String(token.json.access_token)).oid).toBe(CONSUMER_USERS.sam.id);
  });

  it("lets only personal accounts approve at consumers, and only work accounts at organizations", async () => {
    const started = await raw(
      sb,
      "POST",
      "/consumers/oauth2/v2.0/devicecode",
      form({ client_id: PUBLIC_CLIENT_APP_ID, scope: "Mail.Send" }),
    );
    expect(() => approveDeviceCode(sb.store, String(started.json.user_code), USERS.adele.upn)).toThrow(/may sign in/);
    const work = await raw(
      sb,
      "POST",
      "/organizations/oauth2/v2.0/devicecode",
      form({ client_id: PUBLIC_CLIENT_APP_ID, scope: "Mail.Send" }),
    );
    expect(() => approveDeviceCode(sb.store, String(work.json.user_code), CONSUMER_USERS.sam.upn)).toThrow(
      /may sign in/,
    );
  });

  it("publishes the consumer tenant's issuer in its OpenID configuration", async () => {
    const config = await raw(sb, "GET", "/consumers/v2.0/.well-known/openid-configuration");
    expect(config.json.issuer).toBe(`${sb.url}/${CONSUMER_TENANT_ID}/v2.0`);
    expect(config.json.token_endpoint).toBe(`${sb.url}/consumers/oauth2/v2.0/token`);
  });

  it("refuses client credentials at consumers and at the consumer tenant's id (AADSTS9001023)", async () => {
    for (const tenant of ["consumers", CONSUMER_TENANT_ID]) {
      const res = await tokenRequest(
        sb,
        {
          grant_type: "client_credentials",
          client_id: DEFAULT_APP_ID,
          client_secret: DEFAULT_APP_SECRET,
          scope: "https://graph.microsoft.com/.default",
        },
        tenant,
      );
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: "invalid_request", error_codes: [9001023] });
    }
  });

  it("refuses an app not registered for personal accounts (unauthorized_client)", async () => {
    const res = await raw(
      sb,
      "POST",
      "/consumers/oauth2/v2.0/devicecode",
      form({ client_id: DEFAULT_APP_ID, scope: "Mail.Send", client_secret: DEFAULT_APP_SECRET }),
    );
    expect(res.json).toMatchObject({ error: "unauthorized_client", error_codes: [700016] });
    expect(String(res.json.error_description)).toContain("not enabled for consumers");
  });

  it("refuses a personal-accounts-only app at a work tenant or organizations (AADSTS9002331)", async () => {
    for (const tenant of ["organizations", "common"]) {
      const res = await raw(
        sb,
        "POST",
        `/${tenant}/oauth2/v2.0/devicecode`,
        form({ client_id: PERSONAL_APP_ID, scope: "Mail.Send" }),
      );
      expect(res.json).toMatchObject({ error: "invalid_request", error_codes: [9002331] });
    }
  });

  it("works with msal-node's public client at the consumers authority", async () => {
    const pca = new PublicClientApplication(msalConfig(sb, { clientId: PERSONAL_APP_ID }, "consumers"));
    const result = await pca.acquireTokenByRefreshToken({
      refreshToken: CONSUMER_REFRESH_TOKEN,
      scopes: ["https://graph.microsoft.com/Mail.Send"],
    });
    expect(claimsOf(result!.accessToken)).toMatchObject({ tid: CONSUMER_TENANT_ID, oid: CONSUMER_USERS.sam.id });
  });
});

describe("refresh tokens of personal accounts", () => {
  it("the seeded refresh token signs Sam in, and each redemption hands out a new one", async () => {
    const first = await redeem(CONSUMER_REFRESH_TOKEN);
    expect(first.status).toBe(200);
    const next = String(first.json.refresh_token);
    expect(next).not.toBe(CONSUMER_REFRESH_TOKEN);
    const second = await redeem(next);
    expect(String(second.json.refresh_token)).not.toBe(next);
    const me = await raw(sb, "GET", "/v1.0/me", { token: String(second.json.access_token) });
    expect(me.json.userPrincipalName).toBe(CONSUMER_USERS.sam.upn);
  });

  it("keeps the old token valid by default, as Entra does", async () => {
    const token = issueRefreshToken(sb.store, {
      token: "rt-kept-valid-0001",
      clientId: PERSONAL_APP_ID,
      user: CONSUMER_USERS.kai.upn,
    });
    expect((await redeem(token)).status).toBe(200);
    expect((await redeem(token)).status).toBe(200);
  });

  it("with single-use refresh tokens, refuses a token once redeemed and accepts the newest", async () => {
    setSingleUseRefreshTokens(sb.store, true);
    const token = issueRefreshToken(sb.store, {
      token: "rt-single-use-0001",
      clientId: PERSONAL_APP_ID,
      user: CONSUMER_USERS.kai.upn,
    });
    const first = await redeem(token);
    expect(first.status).toBe(200);
    const again = await redeem(token);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: "invalid_grant", error_codes: [70000] });
    expect((await redeem(String(first.json.refresh_token))).status).toBe(200);
  });

  it("does not take a personal account's refresh token at organizations or a work tenant", async () => {
    const token = issueRefreshToken(sb.store, {
      token: "rt-wrong-authority-01",
      clientId: PUBLIC_CLIENT_APP_ID,
      user: CONSUMER_USERS.sam.upn,
    });
    expect((await redeem(token, "organizations", PUBLIC_CLIENT_APP_ID)).json.error_codes).toEqual([9002313]);
    expect((await redeem(token, "consumers", PUBLIC_CLIENT_APP_ID)).status).toBe(200);
  });

  it("a personal account sends mail from /me with its delegated Mail.Send", async () => {
    const token = String((await redeem(CONSUMER_REFRESH_TOKEN)).json.access_token);
    const sent = await raw(sb, "POST", "/v1.0/me/sendMail", {
      token,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        message: { subject: "From Sam", toRecipients: [{ emailAddress: { address: CONSUMER_USERS.kai.upn } }] },
      }),
    });
    expect(sent.status).toBe(202);
    const inbox = sb.store.folderByWellKnown(sb.store.mailbox(CONSUMER_USERS.kai.id), "inbox");
    const got = [...sb.store.mailbox(CONSUMER_USERS.kai.id).messages.values()].filter((m) => m.folderId === inbox.id);
    expect(got.map((m) => m.subject)).toContain("From Sam");
  });
});
