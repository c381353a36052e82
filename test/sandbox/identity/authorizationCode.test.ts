import { ConfidentialClientApplication } from "@azure/msal-node";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS, type Sandbox } from "../../../sandbox";
import { claimsOf, form, msalConfig, pkce, raw, startSandbox, tokenRequest } from "../support";
import { authorize, authorizePath } from "./support";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

const CALLBACK = "http://localhost/callback";

describe("authorization code with PKCE", () => {
  it("signs a seeded user in by login_hint, redeems the code with PKCE once, with an id token", async () => {
    const { verifier, challenge } = pkce();
    const location = await authorize(sb, {
      scope: "openid offline_access https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read",
      state: "s-123",
      login_hint: USERS.adele.upn,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    expect(location.searchParams.get("state")).toBe("s-123");
    const code = location.searchParams.get("code")!;
    const redeem = {
      grant_type: "authorization_code",
      client_id: DEFAULT_APP_ID,
      client_secret: DEFAULT_APP_SECRET,
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    };
    const tokens = await tokenRequest(sb, redeem);
    expect(tokens.status).toBe(200);
    expect(claimsOf(String(tokens.json.access_token))).toMatchObject({
      idtyp: "user",
      oid: USERS.adele.id,
      scp: "Mail.Send User.Read",
      upn: USERS.adele.upn,
    });
    expect(claimsOf(String(tokens.json.id_token))).toMatchObject({
      aud: DEFAULT_APP_ID,
      preferred_username: USERS.adele.upn,
      tid: DEFAULT_TENANT_ID,
    });
    expect(tokens.json.refresh_token).toEqual(expect.any(String));

    const again = await tokenRequest(sb, redeem);
    expect(again.json.error_codes).toEqual([54005]);
  });

  it("refuses a code whose PKCE verifier does not match (AADSTS501481) and an expired code (AADSTS70008)", async () => {
    const { challenge } = pkce();
    const code1 = (
      await authorize(sb, {
        scope: "User.Read",
        login_hint: USERS.alex.upn,
        code_challenge: challenge,
        code_challenge_method: "S256",
      })
    ).searchParams.get("code")!;
    const bad = await tokenRequest(sb, {
      grant_type: "authorization_code",
      client_id: DEFAULT_APP_ID,
      client_secret: DEFAULT_APP_SECRET,
      code: code1,
      redirect_uri: CALLBACK,
      code_verifier: "wrong",
    });
    expect(bad.json.error_codes).toEqual([501481]);

    const code2 = (await authorize(sb, { scope: "User.Read", login_hint: USERS.alex.upn })).searchParams.get("code")!;
    sb.clock.advance(11 * 60 * 1000);
    try {
      const expired = await tokenRequest(sb, {
        grant_type: "authorization_code",
        client_id: DEFAULT_APP_ID,
        client_secret: DEFAULT_APP_SECRET,
        code: code2,
        redirect_uri: CALLBACK,
      });
      expect(expired.json.error_codes).toEqual([70008]);
    } finally {
      sb.clock.reset();
    }
  });

  it("works with msal-node's own authorization code flow", async () => {
    const cca = new ConfidentialClientApplication(
      msalConfig(sb, { clientId: DEFAULT_APP_ID, clientSecret: DEFAULT_APP_SECRET }),
    );
    const scopes = ["https://graph.microsoft.com/Mail.ReadWrite", "offline_access"];
    const url = new URL(await cca.getAuthCodeUrl({ scopes, redirectUri: CALLBACK, loginHint: USERS.megan.upn }));
    const res = await raw(sb, "GET", url.pathname + url.search);
    const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
    const result = await cca.acquireTokenByCode({ code, scopes, redirectUri: CALLBACK });
    expect(result.account?.username).toBe(USERS.megan.upn);
    expect(claimsOf(result.accessToken)).toMatchObject({ oid: USERS.megan.id, scp: "Mail.ReadWrite" });
  });
});

describe("the authorize endpoint", () => {
  it("refuses an unknown redirect URI, an unknown user, a shared mailbox (AADSTS50011, 50034, 50057)", async () => {
    const base = { client_id: DEFAULT_APP_ID, response_type: "code", scope: "User.Read" };
    const redirect = await raw(
      sb,
      "GET",
      authorizePath({ ...base, redirect_uri: "https://evil.example/cb", login_hint: USERS.adele.upn }),
    );
    expect(redirect.json.error_codes).toEqual([50011]);
    const unknown = await raw(
      sb,
      "GET",
      authorizePath({ ...base, redirect_uri: CALLBACK, login_hint: "nobody@contoso.onmicrosoft.com" }),
    );
    expect(unknown.json.error_codes).toEqual([50034]);
    const shared = await raw(
      sb,
      "GET",
      authorizePath({ ...base, redirect_uri: CALLBACK, login_hint: USERS.sales.upn }),
    );
    expect(shared.json.error_codes).toEqual([50057]);
  });

  it("shows a sign-in form when no login_hint is given, which signs the chosen user in", async () => {
    const params = {
      client_id: DEFAULT_APP_ID,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "User.Read",
      state: "xyz",
    };
    const page = await raw(sb, "GET", authorizePath(params));
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.text).toContain(USERS.megan.upn);
    const posted = await raw(
      sb,
      "POST",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize`,
      form({ ...params, login_hint: USERS.megan.upn }),
    );
    expect(posted.status).toBe(302);
    expect(new URL(posted.headers.get("location")!).searchParams.get("state")).toBe("xyz");
  });

  it("sends a scope Graph does not define back to the app: AADSTS70011", async () => {
    const res = await raw(
      sb,
      "GET",
      authorizePath({
        client_id: DEFAULT_APP_ID,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "Mail.Bogus",
        login_hint: USERS.adele.upn,
      }),
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
    expect(location.searchParams.get("error_description")).toMatch(/^AADSTS70011:/);
  });
});
