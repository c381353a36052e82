import { AuthError, ConfidentialClientApplication } from "@azure/msal-node";
import {
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_TENANT_ID,
  EXPIRED_SECRET,
  PUBLIC_CLIENT_APP_ID,
  READ_ONLY_APP_ID,
  USERS,
  approveDeviceCode,
  type Sandbox,
} from "../../sandbox";
import {
  assertion,
  certificateClient,
  claimsOf,
  form,
  msalConfig,
  pkce,
  publicClient,
  raw,
  secretClient,
  startSandbox,
  tokenRequest,
} from "./support";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

const GRAPH_DEFAULT = "https://graph.microsoft.com/.default";
const tokenUrl = () => `${sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`;

/** The AADSTS codes of an msal-node failure (it carries the service's error_codes). */
async function msalCodes(p: Promise<unknown>): Promise<{ codes: string[]; errorCode: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as AuthError & { errorNo?: string };
    return { codes: err.errorMessage.match(/AADSTS\d+/g) ?? [], errorCode: err.errorCode };
  }
  throw new Error("expected the token request to fail");
}

describe("OpenID metadata and discovery, as MSAL reads them", () => {
  it("serves the tenant's openid-configuration with every endpoint on the sandbox's own origin", async () => {
    const res = await raw(sb, "GET", `/${DEFAULT_TENANT_ID}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    for (const key of [
      "token_endpoint",
      "authorization_endpoint",
      "device_authorization_endpoint",
      "jwks_uri",
      "end_session_endpoint",
    ]) {
      expect(String(res.json[key]).startsWith(`${sb.url}/${DEFAULT_TENANT_ID}/`)).toBe(true);
    }
    expect(res.json.issuer).toBe(`${sb.url}/${DEFAULT_TENANT_ID}/v2.0`);
    expect(res.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("resolves a tenant by its domain as well as its id, and answers instance discovery", async () => {
    const byDomain = await raw(sb, "GET", "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration");
    expect(byDomain.json.issuer).toBe(`${sb.url}/${DEFAULT_TENANT_ID}/v2.0`);
    const discovery = await raw(sb, "GET", "/common/discovery/instance?api-version=1.1&authorization_endpoint=x");
    expect(discovery.json["api-version"]).toBe("1.1");
    expect((discovery.json.metadata as { aliases: string[] }[])[0].aliases).toContain(new URL(sb.url).host);
  });

  it("publishes the signing key that verifies its tokens", async () => {
    const keys = await raw(sb, "GET", `/${DEFAULT_TENANT_ID}/discovery/v2.0/keys`);
    expect((keys.json.keys as { kid: string }[])[0].kid).toBe(sb.tokens.kid);
  });
});

describe("client credentials with msal-node, unmodified", () => {
  it("issues an app-only Graph token for a client secret", async () => {
    const result = await secretClient(sb).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    const claims = claimsOf(result!.accessToken);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      tid: DEFAULT_TENANT_ID,
      appid: DEFAULT_APP_ID,
      idtyp: "app",
      appidacr: "1",
    });
    expect(claims.roles).toEqual(expect.arrayContaining(["Mail.Send", "Mail.ReadWrite"]));
    expect(claims.scp).toBeUndefined();
  });

  it.each([
    ["SHA-1 thumbprint (RS256, x5t)", false],
    ["SHA-256 thumbprint (PS256, x5t#S256)", true],
  ])("issues a token for a certificate assertion with a %s", async (_name, sha256) => {
    const result = await certificateClient(sb, { sha256 }).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    expect(claimsOf(result!.accessToken)).toMatchObject({ appid: DEFAULT_APP_ID, appidacr: "2", idtyp: "app" });
  });

  it("accepts the thumbprint header in base64 as well as base64url form", async () => {
    for (const alg of ["RS256", "PS256"] as const) {
      const res = await tokenRequest(sb, {
        grant_type: "client_credentials",
        client_id: DEFAULT_APP_ID,
        scope: GRAPH_DEFAULT,
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: assertion({ aud: tokenUrl(), alg, base64Thumbprint: true }),
      });
      expect(res.status).toBe(200);
      expect(res.json.token_type).toBe("Bearer");
    }
  });

  it("accepts client_secret_basic as well as client_secret_post", async () => {
    const basic = Buffer.from(`${DEFAULT_APP_ID}:${DEFAULT_APP_SECRET}`).toString("base64");
    const res = await raw(sb, "POST", `/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: GRAPH_DEFAULT }).toString(),
    });
    expect(res.status).toBe(200);
  });
});

describe("identity failures answer with their documented AADSTS codes", () => {
  it("unknown tenant: AADSTS90002 from the metadata and token endpoints; msal-node cannot resolve the authority", async () => {
    const metadata = await raw(sb, "GET", "/nosuchtenant.onmicrosoft.com/v2.0/.well-known/openid-configuration");
    expect(metadata.json).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
    const token = await tokenRequest(
      sb,
      {
        grant_type: "client_credentials",
        client_id: DEFAULT_APP_ID,
        client_secret: DEFAULT_APP_SECRET,
        scope: GRAPH_DEFAULT,
      },
      "nosuchtenant.onmicrosoft.com",
    );
    expect(token.json).toMatchObject({ error: "invalid_tenant", error_codes: [90002] });
    const { errorCode } = await msalCodes(
      secretClient(
        sb,
        DEFAULT_APP_ID,
        DEFAULT_APP_SECRET,
        "nosuchtenant.onmicrosoft.com",
      ).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }),
    );
    expect(errorCode).toBe("endpoints_resolution_error");
  });

  it("unknown application: AADSTS700016 (through msal-node)", async () => {
    const { codes } = await msalCodes(
      secretClient(sb, "00000000-1111-2222-3333-444444444444").acquireTokenByClientCredential({
        scopes: [GRAPH_DEFAULT],
      }),
    );
    expect(codes).toContain("AADSTS700016");
  });

  it("wrong secret: AADSTS7000215, expired secret: AADSTS7000222 (through msal-node)", async () => {
    expect(
      (
        await msalCodes(
          secretClient(sb, DEFAULT_APP_ID, "not-the-secret").acquireTokenByClientCredential({
            scopes: [GRAPH_DEFAULT],
          }),
        )
      ).codes,
    ).toContain("AADSTS7000215");
    expect(
      (
        await msalCodes(
          secretClient(sb, DEFAULT_APP_ID, EXPIRED_SECRET).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }),
        )
      ).codes,
    ).toContain("AADSTS7000222");
  });

  it("a certificate the app does not have: AADSTS700027 (through msal-node)", async () => {
    const { codes } = await msalCodes(
      certificateClient(sb, {
        cert: "unregistered-cert.pem",
        key: "unregistered-key.pem",
      }).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }),
    );
    expect(codes).toContain("AADSTS700027");
  });

  const assertionCases: [string, () => string, string][] = [
    [
      "expired",
      () =>
        assertion({
          aud: tokenUrl(),
          claims: { nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 },
        }),
      "700024",
    ],
    [
      "not yet valid",
      () =>
        assertion({
          aud: tokenUrl(),
          claims: { nbf: Math.floor(Date.now() / 1000) + 3600, exp: Math.floor(Date.now() / 1000) + 7200 },
        }),
      "700024",
    ],
    [
      "signed by another key under the app's thumbprint",
      () => assertion({ aud: tokenUrl(), key: "unregistered-key.pem" }),
      "700027",
    ],
    [
      "for another audience",
      () => assertion({ aud: "https://login.microsoftonline.com/another-tenant/oauth2/v2.0/token" }),
      "70002",
    ],
    [
      "issued for another client id",
      () => assertion({ aud: tokenUrl(), claims: { iss: "someone-else", sub: "someone-else" } }),
      "700021",
    ],
    ["without a thumbprint header", () => assertion({ aud: tokenUrl(), header: { x5t: undefined } }), "50027"],
    ["that is not a JWT", () => "not-a-jwt", "50027"],
  ];
  it.each(assertionCases)("a client assertion %s is refused with AADSTS%s", async (_name, make, code) => {
    const res = await tokenRequest(sb, {
      grant_type: "client_credentials",
      client_id: DEFAULT_APP_ID,
      scope: GRAPH_DEFAULT,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: make(),
    });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe("invalid_client");
    expect(res.json.error_codes).toContain(Number(code));
    expect(String(res.json.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
  });

  const scopeCases: [string, Record<string, string>, string, string][] = [
    [
      "a delegated scope in a client credentials request",
      {
        grant_type: "client_credentials",
        client_id: DEFAULT_APP_ID,
        client_secret: DEFAULT_APP_SECRET,
        scope: "https://graph.microsoft.com/Mail.Send",
      },
      "invalid_scope",
      "1002012",
    ],
    [
      "an unknown resource",
      {
        grant_type: "client_credentials",
        client_id: DEFAULT_APP_ID,
        client_secret: DEFAULT_APP_SECRET,
        scope: "https://example.com/.default",
      },
      "invalid_resource",
      "500011",
    ],
    [
      "no scope at all",
      { grant_type: "client_credentials", client_id: DEFAULT_APP_ID, client_secret: DEFAULT_APP_SECRET },
      "invalid_request",
      "900144",
    ],
    [
      "no credential",
      { grant_type: "client_credentials", client_id: DEFAULT_APP_ID, scope: GRAPH_DEFAULT },
      "invalid_client",
      "7000218",
    ],
    [
      "an unsupported grant type",
      { grant_type: "password", client_id: DEFAULT_APP_ID, client_secret: DEFAULT_APP_SECRET, scope: GRAPH_DEFAULT },
      "unsupported_grant_type",
      "70003",
    ],
  ];
  it.each(scopeCases)("%s is refused", async (_name, fields, error, code) => {
    const res = await tokenRequest(sb, fields);
    expect(res.json.error).toBe(error);
    expect(res.json.error_codes).toEqual([Number(code)]);
    expect(res.json).toEqual(
      expect.objectContaining({
        trace_id: expect.any(String),
        correlation_id: expect.any(String),
        timestamp: expect.any(String),
      }),
    );
  });

  it("a scope Graph does not define: AADSTS70011", async () => {
    const res = await raw(
      sb,
      "GET",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: DEFAULT_APP_ID, response_type: "code", redirect_uri: "http://localhost/callback", scope: "Mail.Bogus", login_hint: USERS.adele.upn })}`,
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
    expect(location.searchParams.get("error_description")).toMatch(/^AADSTS70011:/);
  });
});

async function authorize(params: Record<string, string>): Promise<URL> {
  const res = await raw(
    sb,
    "GET",
    `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?${new URLSearchParams({ client_id: DEFAULT_APP_ID, response_type: "code", redirect_uri: "http://localhost/callback", ...params })}`,
  );
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

describe("authorization code, refresh token and device code", () => {
  it("signs a seeded user in by login_hint, redeems the code with PKCE, and refreshes with a rotated token", async () => {
    const { verifier, challenge } = pkce();
    const location = await authorize({
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
      redirect_uri: "http://localhost/callback",
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

    const again = await tokenRequest(sb, redeem);
    expect(again.json.error_codes).toEqual([54005]);

    const refreshed = await tokenRequest(sb, {
      grant_type: "refresh_token",
      client_id: DEFAULT_APP_ID,
      client_secret: DEFAULT_APP_SECRET,
      refresh_token: String(tokens.json.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).toEqual(expect.any(String));
    expect(refreshed.json.refresh_token).not.toBe(tokens.json.refresh_token);
    expect(claimsOf(String(refreshed.json.access_token)).scp).toBe("Mail.Send User.Read");
  });

  it("refuses a code whose PKCE verifier does not match (AADSTS501481) and an expired code (AADSTS70008)", async () => {
    const { challenge } = pkce();
    const code1 = (
      await authorize({
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
      redirect_uri: "http://localhost/callback",
      code_verifier: "wrong",
    });
    expect(bad.json.error_codes).toEqual([501481]);

    const code2 = (await authorize({ scope: "User.Read", login_hint: USERS.alex.upn })).searchParams.get("code")!;
    sb.clock.advance(11 * 60 * 1000);
    try {
      const expired = await tokenRequest(sb, {
        grant_type: "authorization_code",
        client_id: DEFAULT_APP_ID,
        client_secret: DEFAULT_APP_SECRET,
        code: code2,
        redirect_uri: "http://localhost/callback",
      });
      expect(expired.json.error_codes).toEqual([70008]);
    } finally {
      sb.clock.reset();
    }
  });

  it("refuses an unregistered redirect URI (AADSTS50011), an unknown user (AADSTS50034) and signing in as a shared mailbox (AADSTS50057)", async () => {
    const base = { client_id: DEFAULT_APP_ID, response_type: "code", scope: "User.Read" };
    const redirect = await raw(
      sb,
      "GET",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?${new URLSearchParams({ ...base, redirect_uri: "https://evil.example/cb", login_hint: USERS.adele.upn })}`,
    );
    expect(redirect.json.error_codes).toEqual([50011]);
    const unknown = await raw(
      sb,
      "GET",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?${new URLSearchParams({ ...base, redirect_uri: "http://localhost/callback", login_hint: "nobody@contoso.onmicrosoft.com" })}`,
    );
    expect(unknown.json.error_codes).toEqual([50034]);
    const shared = await raw(
      sb,
      "GET",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?${new URLSearchParams({ ...base, redirect_uri: "http://localhost/callback", login_hint: USERS.sales.upn })}`,
    );
    expect(shared.json.error_codes).toEqual([50057]);
  });

  it("shows a sign-in form when no login_hint is given, which signs the chosen user in", async () => {
    const params = {
      client_id: DEFAULT_APP_ID,
      response_type: "code",
      redirect_uri: "http://localhost/callback",
      scope: "User.Read",
      state: "xyz",
    };
    const page = await raw(sb, "GET", `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?${new URLSearchParams(params)}`);
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

  it("works with msal-node's own authorization code flow", async () => {
    const cca = new ConfidentialClientApplication(
      msalConfig(sb, { clientId: DEFAULT_APP_ID, clientSecret: DEFAULT_APP_SECRET }),
    );
    const scopes = ["https://graph.microsoft.com/Mail.ReadWrite", "offline_access"];
    const url = new URL(
      await cca.getAuthCodeUrl({ scopes, redirectUri: "http://localhost/callback", loginHint: USERS.megan.upn }),
    );
    const res = await raw(sb, "GET", url.pathname + url.search);
    const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
    const result = await cca.acquireTokenByCode({ code, scopes, redirectUri: "http://localhost/callback" });
    expect(result.account?.username).toBe(USERS.megan.upn);
    expect(claimsOf(result.accessToken)).toMatchObject({ oid: USERS.megan.id, scp: "Mail.ReadWrite" });
  });

  it("completes the device code flow with msal-node once the user approves", async () => {
    const pca = publicClient(sb, PUBLIC_CLIENT_APP_ID);
    const result = await pca.acquireTokenByDeviceCode({
      scopes: ["https://graph.microsoft.com/Mail.Send"],
      deviceCodeCallback: (response) => {
        expect(response.verificationUri).toBe(`${sb.url}/devicelogin`);
        setTimeout(() => approveDeviceCode(sb.store, response.userCode, USERS.alex.upn), 200);
      },
    });
    expect(claimsOf(result!.accessToken)).toMatchObject({ oid: USERS.alex.id, scp: "Mail.Send", appidacr: "0" });
  });

  it("answers a device code poll with authorization_pending (AADSTS70016), then expired_token (AADSTS70019)", async () => {
    const started = await raw(
      sb,
      "POST",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/devicecode`,
      form({ client_id: PUBLIC_CLIENT_APP_ID, scope: "Mail.Send offline_access" }),
    );
    const poll = {
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      client_id: PUBLIC_CLIENT_APP_ID,
      device_code: String(started.json.device_code),
    };
    const pending = await tokenRequest(sb, poll);
    expect(pending.json).toMatchObject({ error: "authorization_pending", error_codes: [70016] });
    sb.clock.advance(16 * 60 * 1000);
    try {
      expect((await tokenRequest(sb, poll)).json).toMatchObject({ error: "expired_token", error_codes: [70019] });
    } finally {
      sb.clock.reset();
    }
  });

  it("refuses the device code flow for a confidential client without its credential (AADSTS7000218)", async () => {
    const res = await raw(
      sb,
      "POST",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/devicecode`,
      form({ client_id: READ_ONLY_APP_ID, scope: "Mail.Read" }),
    );
    expect(res.json.error_codes).toEqual([7000218]);
  });
});
