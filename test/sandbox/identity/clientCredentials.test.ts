import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, EXPIRED_SECRET, type Sandbox } from "../../../sandbox";
import { assertion, certificateClient, claimsOf, raw, secretClient, startSandbox, tokenRequest } from "../support";
import { GRAPH_DEFAULT, msalCodes, tokenUrl } from "./support";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

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
        client_assertion: assertion({ aud: tokenUrl(sb), alg, base64Thumbprint: true }),
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

describe("client credential failures answer with their documented AADSTS codes", () => {
  it("unknown tenant: AADSTS90002 from metadata and token endpoints; msal-node cannot resolve it", async () => {
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
          aud: tokenUrl(sb),
          claims: { nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 },
        }),
      "700024",
    ],
    [
      "not yet valid",
      () =>
        assertion({
          aud: tokenUrl(sb),
          claims: { nbf: Math.floor(Date.now() / 1000) + 3600, exp: Math.floor(Date.now() / 1000) + 7200 },
        }),
      "700024",
    ],
    [
      "signed by another key under the app's thumbprint",
      () => assertion({ aud: tokenUrl(sb), key: "unregistered-key.pem" }),
      "700027",
    ],
    [
      "for another audience",
      () => assertion({ aud: "https://login.microsoftonline.com/another-tenant/oauth2/v2.0/token" }),
      "70002",
    ],
    [
      "issued for another client id",
      () => assertion({ aud: tokenUrl(sb), claims: { iss: "someone-else", sub: "someone-else" } }),
      "700021",
    ],
    ["without a thumbprint header", () => assertion({ aud: tokenUrl(sb), header: { x5t: undefined } }), "50027"],
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
});
