import { sendJson } from "../http";
import type { RouteContext } from "../router";
import { issuerFor, resolveTenant } from "./request";

/**
 * What MSAL reads before it asks for a token: the tenant's OpenID configuration (every endpoint on
 * the origin the caller used, or MSAL refuses it), instance discovery and the signing keys.
 */

const CLAIMS_SUPPORTED = [
  "sub",
  "iss",
  "cloud_instance_name",
  "cloud_instance_host_name",
  "cloud_graph_host_name",
  "msgraph_host",
  "aud",
  "exp",
  "iat",
  "auth_time",
  "acr",
  "nonce",
  "preferred_username",
  "name",
  "tid",
  "ver",
  "at_hash",
  "c_hash",
  "email",
];

export function handleOpenIdConfiguration(ctx: RouteContext): void {
  const segment = ctx.params.tenant;
  const tenant = resolveTenant(ctx.store, segment);
  const base = `${ctx.origin}/${segment}`;
  sendJson(ctx.res, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: issuerFor(ctx, tenant, segment),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: CLAIMS_SUPPORTED,
    tenant_region_scope: "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  });
}

export function handleInstanceDiscovery(ctx: RouteContext): void {
  const host = new URL(ctx.origin).host;
  sendJson(ctx.res, 200, {
    tenant_discovery_endpoint: `${ctx.origin}/${ctx.params.tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

export function handleKeys(ctx: RouteContext): void {
  sendJson(ctx.res, 200, ctx.tokens.jwks());
}
