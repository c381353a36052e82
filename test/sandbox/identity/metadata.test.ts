import { DEFAULT_TENANT_ID, type Sandbox } from "../../../sandbox";
import { raw, startSandbox } from "../support";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

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
