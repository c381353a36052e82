import { createConnection } from "@prismatic-io/spectral/dist/testing";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS, type Sandbox } from "../../../sandbox";
import { oauth2 } from "../../../src/connections/oauth2";
import { resolveConnection } from "../../../src/connections/resolve";
import { actionError, actionRunner, folderMessages, harness, signInWithCode, startSandbox } from "../support";

/**
 * The current OAuth 2.0 authorization code connection: a Tenant URL from which the platform makes the Authorize and
 * Token URLs (its templates, as the component defines them), signed in through the sandbox's identity endpoints, and
 * actions running on it; the older connection beside it, labelled deprecated.
 */

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

const SCOPES = ["User.Read", "Mail.ReadWrite", "Mail.Send"]
  .map((s) => `https://graph.microsoft.com/${s}`)
  .concat("offline_access")
  .join(" ");

/** The connection's own template for a field, filled as the platform fills it. */
function templated(key: "authorizeUrl" | "tokenUrl", fields: Record<string, string>): string {
  const template = String((oauth2.inputs as Record<string, { templateValue?: string }>)[key].templateValue);
  return template.replace(/\{\{#(\w+)\}\}/g, (_m, name: string) => fields[name]);
}

/** Signs Adele in as the platform would: to the templated Authorize URL, then code for tokens at the Token URL. */
async function signIn(tenantUrl: string, user: string = USERS.adele.upn) {
  const fields = {
    baseUrl: sb.url,
    tenantUrl,
    scopes: SCOPES,
    clientId: DEFAULT_APP_ID,
    clientSecret: DEFAULT_APP_SECRET,
  };
  const authorizeUrl = templated("authorizeUrl", fields);
  const tokenUrl = templated("tokenUrl", fields);
  const answer = await signInWithCode(authorizeUrl, tokenUrl, SCOPES, user);
  expect(answer.status).toBe(200);
  const token = (await answer.json()) as Record<string, unknown>;
  return { connection: createConnection(oauth2, { ...fields, authorizeUrl, tokenUrl }, token), token, tokenUrl };
}

const host = () => new URL(sb.url).host;

it("is the Tenant URL connection: Base URL, Tenant URL, Scopes, Client ID, Client Secret, URLs made from it", () => {
  const inputs = oauth2.inputs as Record<string, { type?: string; default?: string; templateValue?: string }>;
  expect(Object.keys(inputs).filter((k) => inputs[k].type !== "template")).toEqual([
    "baseUrl",
    "tenantUrl",
    "scopes",
    "clientId",
    "clientSecret",
  ]);
  expect(inputs.tenantUrl.default).toBe("login.microsoftonline.com/common");
  expect(inputs.authorizeUrl.templateValue).toBe("https://{{#tenantUrl}}/oauth2/v2.0/authorize");
  expect(inputs.tokenUrl.templateValue).toBe("https://{{#tenantUrl}}/oauth2/v2.0/token");
  const connections = harness.component.connections as unknown as { key: string; label: string }[];
  expect(connections.slice(0, 2).map((c) => [c.key, c.label])).toEqual([
    ["oauth2", "OAuth 2.0 Authorization Code"],
    ["authorizationCode", "OAuth 2.0 Authorization Code (Deprecated)"],
  ]);
});

it("signs in at the templated URLs for any organization (common) and runs actions as the signed-in user", async () => {
  const { connection, tokenUrl } = await signIn(`${host()}/common`);
  expect(tokenUrl).toBe(`${sb.url}/common/oauth2/v2.0/token`);
  const run = actionRunner(() => connection);
  expect(await run("getCurrentUser", {})).toMatchObject({ userPrincipalName: USERS.adele.upn });
  await run("sendMessage", { to: USERS.alex.upn, subject: "Signed in through the Tenant URL" });
  expect(folderMessages(sb, USERS.alex.id, "inbox").map((m) => m.subject)).toContain(
    "Signed in through the Tenant URL",
  );
  const listed = await run("listMailMessages", {
    folderId: "sentitems",
    filter: "subject eq 'Signed in through the Tenant URL'",
  });
  expect(listed.value).toHaveLength(1);
});

it.each([
  ["tenant ID", DEFAULT_TENANT_ID],
  ["verified domain", "contoso.onmicrosoft.com"],
])("works with a single tenant's Tenant URL (%s), and refreshes its token there", async (_name, tenant) => {
  const { connection, token } = await signIn(`${host()}/${tenant}`);
  const stale = { ...connection, token: { ...token, expires_at: new Date(Date.now() - 60_000).toISOString() } };
  const before = sb.requests.length;
  const { data } = (await harness.action("getCurrentUser", { connection: stale })) as { data: { id: string } };
  expect(data.id).toBe(USERS.adele.id);
  const refreshed = sb.requests.slice(before).filter((r) => r.kind === "identity" && r.grantType === "refresh_token");
  expect(refreshed.map((r) => r.path)).toEqual([`/${tenant}/oauth2/v2.0/token`]);
});

it("blames the Tenant URL when its tenant is unknown where the token is refreshed", async () => {
  const { connection, token } = await signIn(`${host()}/common`);
  const unknown = `${host()}/0b0b0b0b-1111-4222-8333-444444444444`;
  const stale = {
    ...connection,
    fields: { ...connection.fields, tenantUrl: unknown },
    token: { ...token, expires_at: new Date(Date.now() - 60_000).toISOString() },
  };
  const err = await actionError("getCurrentUser", { connection: stale });
  expect(err).toMatchObject({ name: "AuthenticationError", property: "connection.tenantUrl" });
});

it("refuses a Tenant URL with a scheme or more than a tenant after the host, before any request", async () => {
  const { connection } = await signIn(`${host()}/common`);
  const before = sb.requests.length;
  for (const tenantUrl of [
    `https://${host()}/common`,
    `${host()}/common/oauth2`,
    `${host()}`,
    `${host()}/not a tenant`,
  ]) {
    const err = await actionError("getCurrentUser", {
      connection: { ...connection, fields: { ...connection.fields, tenantUrl } },
    });
    expect([err.name, err.property]).toEqual(["ArgumentError", "connection.tenantUrl"]);
  }
  expect(sb.requests.length).toBe(before);
});

it("follows the national cloud the Tenant URL names, unless the Base URL is set", () => {
  const fields = {
    tenantUrl: "login.microsoftonline.us/contoso.onmicrosoft.us",
    scopes: SCOPES,
    clientId: "c",
    clientSecret: "s",
  };
  const gov = resolveConnection(createConnection(oauth2, { ...fields, baseUrl: "https://graph.microsoft.com" }));
  expect(gov).toMatchObject({
    key: "oauth2",
    graphBaseUrl: "https://graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
    tenant: "contoso.onmicrosoft.us",
    delegated: true,
  });
  expect(gov.scopes[0]).toBe("https://graph.microsoft.us/User.Read");
  const china = resolveConnection(createConnection(oauth2, { ...fields, tenantUrl: "login.chinacloudapi.cn/common" }));
  expect(china).toMatchObject({
    graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
  });
  const dod = resolveConnection(createConnection(oauth2, { ...fields, baseUrl: "https://dod-graph.microsoft.us" }));
  expect(dod.graphBaseUrl).toBe("https://dod-graph.microsoft.us");
});
