import { createHash, timingSafeEqual, X509Certificate } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Clock } from "./clock";
import { IdentityError, sendBytes, sendJson } from "./http";
import { guid, opaqueToken } from "./ids";
import type { RouteContext, Router } from "./router";
import type { SeedApp, SeedTenant, SeedUser, Store } from "./store";

/**
 * The Microsoft identity platform (v2.0 endpoints) as MSAL and plain OAuth clients use it:
 * OpenID metadata, instance discovery, keys, authorize (signs a seeded user in by login_hint or
 * a form), token (client credentials with secret or certificate assertion, authorization code
 * with PKCE, refresh token, device code), and the device login page.
 */

const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** The device code grant: its URN, or the short name MSAL sends (Entra accepts both). */
const DEVICE_CODE_GRANTS = ["urn:ietf:params:oauth:grant-type:device_code", "device_code"];
const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);
/** Graph's resource identifiers in every national cloud, plus its application id. */
const GRAPH_RESOURCES = [
  "https://graph.microsoft.com",
  "https://graph.microsoft.us",
  "https://dod-graph.microsoft.us",
  "https://microsoftgraph.chinacloudapi.cn",
  "00000003-0000-0000-c000-000000000000",
];
/** Delegated and application permission names Graph defines that the sandbox knows of. */
const GRAPH_PERMISSIONS = new Set([
  "User.Read",
  "User.ReadWrite",
  "User.ReadBasic.All",
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Mail.Read",
  "Mail.ReadBasic",
  "Mail.ReadBasic.All",
  "Mail.ReadWrite",
  "Mail.Send",
  "Mail.Read.Shared",
  "Mail.ReadWrite.Shared",
  "Mail.Send.Shared",
  "Calendars.Read",
  "Calendars.ReadWrite",
  "Calendars.Read.Shared",
  "Calendars.ReadWrite.Shared",
  "MailboxSettings.Read",
  "MailboxSettings.ReadWrite",
  "Contacts.Read",
  "Contacts.ReadWrite",
]);
const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;
const REFRESH_TOKEN_INACTIVITY_MS = 90 * 24 * 3600 * 1000;
const DEVICE_CODE_LIFETIME_S = 900;

interface AuthCode {
  clientId: string;
  tenantId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  expiresAt: number;
  redeemed: boolean;
}

interface RefreshGrant {
  clientId: string;
  tenantId: string;
  userId: string;
  scopes: string[];
  issuedAt: number;
  lastUsed: number;
}

interface DeviceGrant {
  clientId: string;
  tenantId: string | undefined;
  scopes: string[];
  userCode: string;
  expiresAt: number;
  userId?: string;
  declined?: boolean;
}

/** Per-store state of the identity platform. */
interface IdentityState {
  codes: Map<string, AuthCode>;
  refreshTokens: Map<string, RefreshGrant>;
  devices: Map<string, DeviceGrant>;
}

const states = new WeakMap<Store, IdentityState>();
function state(store: Store): IdentityState {
  let s = states.get(store);
  if (!s) {
    s = { codes: new Map(), refreshTokens: new Map(), devices: new Map() };
    states.set(store, s);
  }
  return s;
}

/** Approves a pending device code for a user, as the person at the verification page would. */
export function approveDeviceCode(store: Store, userCode: string, user: string): void {
  const grant = [...state(store).devices.values()].find((d) => d.userCode === userCode.toUpperCase());
  if (!grant) throw new Error(`no pending device code ${userCode}`);
  const u = grant.tenantId
    ? store.findUser(grant.tenantId, user)
    : [...store.users.values()].find((x) => x.userPrincipalName.toLowerCase() === user.toLowerCase());
  if (!u) throw new Error(`no user ${user}`);
  grant.userId = u.id;
}

export function identityErrorBody(
  err: IdentityError,
  requestId: string,
  clock: Clock,
): { status: number; body: Record<string, unknown> } {
  const timestamp = clock.iso().replace("T", " ");
  const correlation = guid();
  const code = err.codes[0];
  return {
    status: err.status,
    body: {
      error: err.error,
      error_description: `AADSTS${code}: ${err.description}\r\nTrace ID: ${requestId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
      error_codes: err.codes,
      timestamp,
      trace_id: requestId,
      correlation_id: correlation,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      ...err.extra,
    },
  };
}

const missingParameter = (name: string) =>
  new IdentityError(
    400,
    "invalid_request",
    [900144],
    `The request body must contain the following parameter: '${name}'.`,
  );

function tenantNotFound(tenant: string): IdentityError {
  return new IdentityError(
    400,
    "invalid_tenant",
    [90002],
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}

/** Resolves the tenant segment of an identity URL; undefined for the multi-tenant aliases. */
function resolveTenant(store: Store, segment: string): SeedTenant | undefined {
  if (["common", "organizations", "consumers"].includes(segment.toLowerCase())) return undefined;
  const t = store.findTenant(segment);
  if (!t) throw tenantNotFound(segment);
  return t;
}

function findApp(store: Store, clientId: string, tenant: SeedTenant | undefined, tenantSegment: string): SeedApp {
  const app = store.apps.get(clientId);
  if (!app || (tenant && app.tenantId !== tenant.id)) {
    throw new IdentityError(
      400,
      "unauthorized_client",
      [700016],
      `Application with identifier '${clientId}' was not found in the directory '${tenant?.domain ?? tenantSegment}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  return app;
}

function form(ctx: RouteContext): URLSearchParams {
  const type = String(ctx.req.headers["content-type"] ?? "");
  if (ctx.method === "POST" && !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw missingParameter("grant_type");
  }
  return new URLSearchParams(ctx.body.toString("utf8"));
}

function base64urlNormalize(s: string): string {
  return s.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Checks the client's credential: secret (post or basic), certificate assertion, or none for public clients. */
function authenticateClient(
  ctx: RouteContext,
  params: URLSearchParams,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): { app: SeedApp; appidacr: "0" | "1" | "2" } {
  let clientId = params.get("client_id") ?? undefined;
  let secret = params.get("client_secret") ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(String(ctx.req.headers.authorization ?? ""))?.[1];
  if (basic) {
    const [id, ...rest] = Buffer.from(basic, "base64").toString("utf8").split(":");
    clientId ??= decodeURIComponent(id);
    secret ??= decodeURIComponent(rest.join(":"));
  }
  if (!clientId) throw missingParameter("client_id");
  const app = findApp(ctx.store, clientId, tenant, tenantSegment);
  const assertion = params.get("client_assertion");
  if (assertion || params.get("client_assertion_type")) {
    if (params.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE) {
      throw new IdentityError(
        400,
        "invalid_request",
        [50027],
        "JWT token is invalid or malformed: client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
      );
    }
    if (!assertion) throw missingParameter("client_assertion");
    verifyAssertion(ctx, app, assertion, tenant, tenantSegment);
    return { app, appidacr: "2" };
  }
  if (secret) {
    const now = ctx.clock.now();
    for (const s of app.secrets ?? []) {
      const value = typeof s === "string" ? s : s.value;
      if (!equalSecrets(value, secret)) continue;
      if (typeof s !== "string" && Date.parse(s.endDateTime) <= now) {
        throw new IdentityError(
          401,
          "invalid_client",
          [7000222],
          `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
        );
      }
      return { app, appidacr: "1" };
    }
    throw new IdentityError(
      401,
      "invalid_client",
      [7000215],
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  if (app.publicClient) return { app, appidacr: "0" };
  throw new IdentityError(
    401,
    "invalid_client",
    [7000218],
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}

function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies a client assertion JWT against the app's registered certificates, as Entra does. */
function verifyAssertion(
  ctx: RouteContext,
  app: SeedApp,
  assertion: string,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): void {
  const decoded = jwt.decode(assertion, { complete: true });
  if (!decoded || typeof decoded.payload === "string") {
    throw new IdentityError(401, "invalid_client", [50027], "JWT token is invalid or malformed.");
  }
  const header = decoded.header as jwt.JwtHeader & { "x5t#S256"?: string };
  const claims = decoded.payload;
  const thumb = header["x5t#S256"] ?? header.x5t;
  if (!thumb)
    throw new IdentityError(
      401,
      "invalid_client",
      [50027],
      "JWT token is invalid or malformed: the header carries neither x5t nor x5t#S256.",
    );
  const wanted = base64urlNormalize(thumb);
  const algo = header["x5t#S256"] ? "sha256" : "sha1";
  const cert = (app.certificates ?? [])
    .map((pem) => new X509Certificate(pem))
    .find((c) => createHash(algo).update(c.raw).digest("base64url") === wanted);
  if (!cert) {
    const hex = Buffer.from(wanted, "base64url").toString("hex").toUpperCase();
    throw new IdentityError(
      401,
      "invalid_client",
      [700027],
      `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${hex}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`,
    );
  }
  const nowS = Math.floor(ctx.clock.now() / 1000);
  try {
    jwt.verify(assertion, cert.publicKey, {
      algorithms: ["RS256", "PS256"],
      clockTimestamp: nowS,
      clockTolerance: 300,
    });
  } catch (e) {
    if (e instanceof jwt.TokenExpiredError || e instanceof jwt.NotBeforeError) {
      throw new IdentityError(
        401,
        "invalid_client",
        [700024],
        `Client assertion is not within its valid time range. Current time: ${ctx.clock.iso()}, assertion valid from ${claims.nbf ? new Date(claims.nbf * 1000).toISOString() : "(none)"}, expiry time of assertion ${claims.exp ? new Date(claims.exp * 1000).toISOString() : "(none)"}.`,
      );
    }
    throw new IdentityError(
      401,
      "invalid_client",
      [700027],
      `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${cert.fingerprint.replace(/:/g, "")}', Found key 'Start=${cert.validFrom}, End=${cert.validTo}']`,
    );
  }
  if (typeof claims.exp !== "number") {
    throw new IdentityError(
      401,
      "invalid_client",
      [700024],
      "Client assertion is not within its valid time range: it carries no expiry time (exp).",
    );
  }
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
    throw new IdentityError(
      401,
      "invalid_client",
      [700021],
      `Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    );
  }
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (!audienceMatches(aud, tenant, tenantSegment)) {
    throw new IdentityError(
      401,
      "invalid_client",
      [70002, 50012],
      `Error validating credentials. AADSTS50012: Client assertion audience claim does not match Realm issuer. Expected the token endpoint of tenant '${tenant?.domain ?? tenantSegment}'; the assertion's audience is '${aud ?? ""}'.`,
    );
  }
}

/** An assertion's audience is the token endpoint of the tenant, under whatever host name reached us. */
function audienceMatches(aud: string | undefined, tenant: SeedTenant | undefined, tenantSegment: string): boolean {
  if (!aud) return false;
  let path: string;
  try {
    path = new URL(aud).pathname.toLowerCase().replace(/\/$/, "");
  } catch {
    return false;
  }
  const names = [tenantSegment, tenant?.id, tenant?.domain].filter(Boolean).map((n) => n!.toLowerCase());
  return names.some(
    (n) => path === `/${n}/oauth2/v2.0/token` || path === `/${n}/oauth2/token` || path === `/${n}/v2.0`,
  );
}

interface ParsedScopes {
  resource?: string;
  /** Graph permission names requested, or [".default"]. */
  permissions: string[];
  oidc: string[];
}

function parseScopes(raw: string | null, ctx: RouteContext, tenantName: string): ParsedScopes {
  if (!raw || !raw.trim()) throw missingParameter("scope");
  const out: ParsedScopes = { permissions: [], oidc: [] };
  const ownOrigin = ctx.origin.toLowerCase();
  for (const scope of raw.split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.has(scope.toLowerCase())) {
      out.oidc.push(scope.toLowerCase());
      continue;
    }
    const slash = scope.lastIndexOf("/");
    const resource = slash > 0 ? scope.slice(0, slash).replace(/\/$/, "") : "https://graph.microsoft.com";
    const permission = slash > 0 ? scope.slice(slash + 1) : scope;
    const knownResource =
      GRAPH_RESOURCES.includes(resource.toLowerCase()) ||
      resource.toLowerCase() === ownOrigin ||
      isSandboxHost(resource, ctx);
    if (!knownResource) {
      throw new IdentityError(
        400,
        "invalid_resource",
        [500011],
        `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    if (out.resource && out.resource !== resource.toLowerCase()) {
      throw new IdentityError(
        400,
        "invalid_request",
        [28000],
        `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${raw} is not valid.`,
      );
    }
    out.resource = resource.toLowerCase();
    if (permission !== ".default" && !GRAPH_PERMISSIONS.has(permission)) {
      throw new IdentityError(
        400,
        "invalid_scope",
        [70011],
        `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      );
    }
    out.permissions.push(permission);
  }
  return out;
}

/** The sandbox's own URL (any host name mapped to it) names Graph too, so a client pointed at it can ask for "{url}/.default". */
function isSandboxHost(resource: string, ctx: RouteContext): boolean {
  try {
    return new URL(resource).host.toLowerCase() === String(ctx.req.headers.host ?? "").toLowerCase();
  } catch {
    return false;
  }
}

/** Delegated permissions granted for a request: all consented ones for ".default", else exactly those asked (each must be consented). */
function grantDelegated(app: SeedApp, scopes: ParsedScopes): string[] {
  const consented = (app.delegatedPermissions ?? []).filter((p) => !OIDC_SCOPES.has(p));
  if (scopes.permissions.includes(".default")) return consented;
  const missing = scopes.permissions.filter((p) => !consented.includes(p));
  if (missing.length) {
    throw new IdentityError(
      400,
      "invalid_grant",
      [65001],
      `The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      { suberror: "consent_required" },
    );
  }
  return scopes.permissions.length ? scopes.permissions : ["User.Read"].filter((p) => consented.includes(p));
}

function userTokens(
  ctx: RouteContext,
  o: {
    app: SeedApp;
    appidacr: "0" | "1" | "2";
    user: SeedUser;
    scopes: string[];
    oidc: string[];
    issuer: string;
    nonce?: string;
    clientInfo: boolean;
  },
): Record<string, unknown> {
  const { token, expiresIn } = ctx.tokens.accessToken({
    kind: "user",
    tenantId: o.user.tenantId,
    appId: o.app.clientId,
    userId: o.user.id,
    roles: [],
    scopes: o.scopes,
    appDisplayName: o.app.displayName,
    appidacr: o.appidacr,
    upn: o.user.userPrincipalName,
    name: o.user.displayName,
  });
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: [...o.scopes, ...o.oidc.filter((s) => s !== "offline_access")].join(" "),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: token,
  };
  if (o.oidc.includes("offline_access")) {
    const refresh = "1.AAAA" + opaqueToken(96);
    const now = ctx.clock.now();
    state(ctx.store).refreshTokens.set(refresh, {
      clientId: o.app.clientId,
      tenantId: o.user.tenantId,
      userId: o.user.id,
      scopes: [...o.scopes, ...o.oidc],
      issuedAt: now,
      lastUsed: now,
    });
    body.refresh_token = refresh;
  }
  if (o.oidc.includes("openid")) {
    body.id_token = ctx.tokens.idToken({
      issuer: o.issuer.replace("{tenantid}", o.user.tenantId),
      clientId: o.app.clientId,
      tenantId: o.user.tenantId,
      userId: o.user.id,
      upn: o.user.userPrincipalName,
      name: o.user.displayName,
      nonce: o.nonce,
    });
  }
  if (o.clientInfo)
    body.client_info = Buffer.from(JSON.stringify({ uid: o.user.id, utid: o.user.tenantId })).toString("base64url");
  return body;
}

function issuerFor(ctx: RouteContext, tenant: SeedTenant | undefined): string {
  return `${ctx.origin}/${tenant?.id ?? "{tenantid}"}/v2.0`;
}

function handleToken(ctx: RouteContext): void {
  const tenantSegment = ctx.params.tenant;
  const tenant = resolveTenant(ctx.store, tenantSegment);
  const params = form(ctx);
  const grantType = params.get("grant_type");
  ctx.log.grantType = grantType;
  if (!grantType) throw missingParameter("grant_type");
  const tenantName = tenant?.domain ?? tenantSegment;

  if (grantType === "client_credentials") {
    if (!tenant) {
      throw new IdentityError(
        400,
        "invalid_request",
        [50059],
        "No tenant-identifying information found in either the request or implied by any provided credentials.",
      );
    }
    const { app, appidacr } = authenticateClient(ctx, params, tenant, tenantSegment);
    const scopes = parseScopes(params.get("scope"), ctx, tenantName);
    if (scopes.oidc.length || scopes.permissions.length !== 1 || scopes.permissions[0] !== ".default") {
      throw new IdentityError(
        400,
        "invalid_scope",
        [1002012],
        `The provided value for scope ${params.get("scope")} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    ctx.log.clientId = app.clientId;
    const { token, expiresIn } = ctx.tokens.accessToken({
      kind: "app",
      tenantId: tenant.id,
      appId: app.clientId,
      roles: app.applicationPermissions ?? [],
      scopes: [],
      appDisplayName: app.displayName,
      appidacr,
    });
    sendJson(ctx.res, 200, {
      token_type: "Bearer",
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
    });
    return;
  }

  if (grantType === "authorization_code") {
    const { app, appidacr } = authenticateClient(ctx, params, tenant, tenantSegment);
    const code = params.get("code");
    if (!code) throw missingParameter("code");
    const grant = state(ctx.store).codes.get(code);
    if (!grant || grant.clientId !== app.clientId)
      throw new IdentityError(400, "invalid_grant", [70000], "Provided grant is invalid or malformed.");
    if (grant.redeemed)
      throw new IdentityError(
        400,
        "invalid_grant",
        [54005],
        "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
      );
    if (grant.expiresAt <= ctx.clock.now())
      throw new IdentityError(
        400,
        "invalid_grant",
        [70008],
        "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
      );
    if (params.get("redirect_uri") !== grant.redirectUri) {
      throw new IdentityError(
        400,
        "invalid_grant",
        [50011],
        `The redirect URI '${params.get("redirect_uri") ?? ""}' specified in the request does not match the redirect URI used in the authorization request.`,
      );
    }
    if (grant.codeChallenge) {
      const verifier = params.get("code_verifier") ?? "";
      const computed =
        grant.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
      if (computed !== grant.codeChallenge)
        throw new IdentityError(
          400,
          "invalid_grant",
          [501481],
          "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        );
    }
    grant.redeemed = true;
    const user = ctx.store.users.get(grant.userId)!;
    const oidc = grant.scopes.filter((s) => OIDC_SCOPES.has(s));
    const graphScopes = grant.scopes.filter((s) => !OIDC_SCOPES.has(s));
    ctx.log.clientId = app.clientId;
    sendJson(
      ctx.res,
      200,
      userTokens(ctx, {
        app,
        appidacr,
        user,
        scopes: graphScopes,
        oidc,
        issuer: issuerFor(ctx, tenant),
        nonce: grant.nonce,
        clientInfo: params.get("client_info") === "1",
      }),
    );
    return;
  }

  if (grantType === "refresh_token") {
    const { app, appidacr } = authenticateClient(ctx, params, tenant, tenantSegment);
    const token = params.get("refresh_token");
    if (!token) throw missingParameter("refresh_token");
    const grant = state(ctx.store).refreshTokens.get(token);
    if (!grant || grant.clientId !== app.clientId)
      throw new IdentityError(400, "invalid_grant", [9002313], "Invalid request. Request is malformed or invalid.");
    const now = ctx.clock.now();
    if (now - grant.lastUsed > REFRESH_TOKEN_INACTIVITY_MS) {
      throw new IdentityError(
        400,
        "invalid_grant",
        [700082],
        `The refresh token has expired due to inactivity. The token was issued on ${new Date(grant.issuedAt).toISOString()} and was inactive for 90.00:00:00.`,
      );
    }
    if (tenant && tenant.id !== grant.tenantId)
      throw new IdentityError(400, "invalid_grant", [9002313], "Invalid request. Request is malformed or invalid.");
    grant.lastUsed = now;
    const requested = params.get("scope");
    const user = ctx.store.users.get(grant.userId)!;
    let graphScopes = grant.scopes.filter((s) => !OIDC_SCOPES.has(s));
    let oidc = grant.scopes.filter((s) => OIDC_SCOPES.has(s));
    if (requested) {
      const parsed = parseScopes(requested, ctx, tenantName);
      graphScopes = grantDelegated(app, parsed);
      oidc = [...new Set([...parsed.oidc, "offline_access"])];
    }
    ctx.log.clientId = app.clientId;
    sendJson(
      ctx.res,
      200,
      userTokens(ctx, {
        app,
        appidacr,
        user,
        scopes: graphScopes,
        oidc,
        issuer: issuerFor(ctx, tenant),
        clientInfo: params.get("client_info") === "1",
      }),
    );
    return;
  }

  if (DEVICE_CODE_GRANTS.includes(grantType)) {
    const { app, appidacr } = authenticateClient(ctx, params, tenant, tenantSegment);
    const code = params.get("device_code");
    if (!code) throw missingParameter("device_code");
    const grant = state(ctx.store).devices.get(code);
    if (!grant || grant.clientId !== app.clientId)
      throw new IdentityError(400, "invalid_grant", [70000], "Provided grant is invalid or malformed.");
    if (grant.expiresAt <= ctx.clock.now()) {
      state(ctx.store).devices.delete(code);
      throw new IdentityError(400, "expired_token", [70019], "Verification code expired.");
    }
    if (grant.declined)
      throw new IdentityError(400, "authorization_declined", [65004], "User declined to consent to access the app.");
    if (!grant.userId)
      throw new IdentityError(
        400,
        "authorization_pending",
        [70016],
        "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
      );
    state(ctx.store).devices.delete(code);
    const user = ctx.store.users.get(grant.userId)!;
    ctx.log.clientId = app.clientId;
    sendJson(
      ctx.res,
      200,
      userTokens(ctx, {
        app,
        appidacr,
        user,
        scopes: grant.scopes.filter((s) => !OIDC_SCOPES.has(s)),
        oidc: grant.scopes.filter((s) => OIDC_SCOPES.has(s)),
        issuer: issuerFor(ctx, tenant),
        clientInfo: params.get("client_info") === "1",
      }),
    );
    return;
  }

  throw new IdentityError(
    400,
    "unsupported_grant_type",
    [70003],
    `The app requested an unsupported grant type '${grantType}'.`,
  );
}

function handleDeviceCode(ctx: RouteContext): void {
  const tenantSegment = ctx.params.tenant;
  const tenant = resolveTenant(ctx.store, tenantSegment);
  const params = form(ctx);
  const clientId = params.get("client_id");
  if (!clientId) throw missingParameter("client_id");
  const app = findApp(ctx.store, clientId, tenant, tenantSegment);
  if (!app.publicClient && !params.get("client_secret") && !params.get("client_assertion")) {
    throw new IdentityError(
      401,
      "invalid_client",
      [7000218],
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const scopes = parseScopes(params.get("scope"), ctx, tenant?.domain ?? tenantSegment);
  const granted = grantDelegated(app, scopes);
  const deviceCode = "DAQABAAEAAA" + opaqueToken(64);
  const userCode = opaqueToken(6)
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase()
    .padEnd(8, "X")
    .slice(0, 8);
  state(ctx.store).devices.set(deviceCode, {
    clientId,
    tenantId: tenant?.id,
    scopes: [...granted, ...scopes.oidc],
    userCode,
    expiresAt: ctx.clock.now() + DEVICE_CODE_LIFETIME_S * 1000,
  });
  const verificationUri = `${ctx.origin}/devicelogin`;
  sendJson(ctx.res, 200, {
    user_code: userCode,
    device_code: deviceCode,
    verification_uri: verificationUri,
    expires_in: DEVICE_CODE_LIFETIME_S,
    interval: 1,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  });
}

function html(ctx: RouteContext, status: number, title: string, body: string): void {
  sendBytes(
    ctx.res,
    status,
    "text/html; charset=utf-8",
    Buffer.from(
      `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`,
    ),
  );
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function handleAuthorize(ctx: RouteContext): void {
  const tenantSegment = ctx.params.tenant;
  const params = new URLSearchParams(ctx.query);
  if (ctx.method === "POST") for (const [k, v] of new URLSearchParams(ctx.body.toString("utf8"))) params.set(k, v);
  const tenant = resolveTenant(ctx.store, tenantSegment);
  const clientId = params.get("client_id");
  if (!clientId) throw missingParameter("client_id");
  const app = findApp(ctx.store, clientId, tenant, tenantSegment);
  const redirectUri = params.get("redirect_uri") ?? app.redirectUris?.[0] ?? "";
  if (!(app.redirectUris ?? []).includes(redirectUri)) {
    throw new IdentityError(
      400,
      "invalid_request",
      [50011],
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${app.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
    );
  }
  const stateParam = params.get("state");
  const redirectWith = (fields: Record<string, string>) => {
    const target = new URL(redirectUri);
    for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
    if (stateParam) target.searchParams.set("state", stateParam);
    ctx.res.writeHead(302, { Location: target.toString(), "Content-Length": "0" });
    ctx.res.end();
  };
  if (params.get("response_type") !== "code") {
    redirectWith({
      error: "unsupported_response_type",
      error_description: "AADSTS700054: response_type 'code' is the only one this sandbox issues.",
    });
    return;
  }
  let scopes: ParsedScopes;
  let granted: string[];
  try {
    scopes = parseScopes(params.get("scope"), ctx, tenant?.domain ?? tenantSegment);
    granted = grantDelegated(app, scopes);
  } catch (e) {
    if (e instanceof IdentityError) {
      redirectWith({ error: e.error, error_description: `AADSTS${e.codes[0]}: ${e.description}` });
      return;
    }
    throw e;
  }
  const hint = params.get("login_hint");
  if (!hint) {
    const users = [...ctx.store.users.values()].filter(
      (u) => (!tenant || u.tenantId === tenant.id) && (u.mailboxType ?? "user") !== "shared",
    );
    const hidden = [...params]
      .filter(([k]) => k !== "login_hint")
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join("");
    const options = users
      .map(
        (u) =>
          `<option value="${esc(u.userPrincipalName)}">${esc(u.displayName)} (${esc(u.userPrincipalName)})</option>`,
      )
      .join("");
    html(
      ctx,
      200,
      "Sign in to the Graph sandbox",
      `<p>${esc(app.displayName)} wants to sign you in.</p><form method="post">${hidden}<select name="login_hint">${options}</select> <button type="submit">Sign in</button></form>`,
    );
    return;
  }
  const user = tenant
    ? ctx.store.findUser(tenant.id, hint)
    : [...ctx.store.users.values()].find((u) => u.userPrincipalName.toLowerCase() === hint.toLowerCase());
  if (!user) {
    throw new IdentityError(
      400,
      "invalid_request",
      [50034],
      `The user account ${hint} does not exist in the ${tenant?.domain ?? tenantSegment} directory. To sign into this application, the account must be added to the directory.`,
    );
  }
  if (user.mailboxType === "shared")
    throw new IdentityError(400, "invalid_request", [50057], "The user account is disabled.");
  const code = "1.AQ" + opaqueToken(96);
  state(ctx.store).codes.set(code, {
    clientId: app.clientId,
    tenantId: user.tenantId,
    userId: user.id,
    redirectUri,
    scopes: [...granted, ...scopes.oidc],
    codeChallenge: params.get("code_challenge") ?? undefined,
    codeChallengeMethod: params.get("code_challenge_method") ?? (params.get("code_challenge") ? "plain" : undefined),
    nonce: params.get("nonce") ?? undefined,
    expiresAt: ctx.clock.now() + AUTH_CODE_LIFETIME_MS,
    redeemed: false,
  });
  if (params.get("response_mode") === "form_post") {
    const fields = { code, ...(stateParam ? { state: stateParam } : {}), session_state: guid() };
    const inputs = Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
      .join("");
    html(
      ctx,
      200,
      "Working...",
      `<form method="POST" name="hiddenform" action="${esc(redirectUri)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script>`,
    );
    return;
  }
  redirectWith({ code, session_state: guid() });
}

function handleDeviceLogin(ctx: RouteContext): void {
  if (ctx.method === "GET") {
    html(
      ctx,
      200,
      "Enter code",
      `<form method="post"><label>Code <input name="user_code"></label> <label>Account <input name="login_hint" placeholder="user@contoso.onmicrosoft.com"></label> <button type="submit">Next</button></form>`,
    );
    return;
  }
  const params = new URLSearchParams(ctx.body.toString("utf8"));
  try {
    approveDeviceCode(ctx.store, params.get("user_code") ?? "", params.get("login_hint") ?? "");
  } catch (e) {
    html(ctx, 400, "That code didn't work", `<p>${esc((e as Error).message)}</p>`);
    return;
  }
  html(ctx, 200, "You're signed in", "<p>You may now close this window and return to the application.</p>");
}

function handleOpenIdConfiguration(ctx: RouteContext): void {
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
    issuer: issuerFor(ctx, tenant),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
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
    ],
    tenant_region_scope: "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  });
}

function handleInstanceDiscovery(ctx: RouteContext): void {
  const host = String(ctx.req.headers.host ?? "localhost");
  sendJson(ctx.res, 200, {
    tenant_discovery_endpoint: `${ctx.origin}/${ctx.params.tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

export function registerIdentityRoutes(router: Router): void {
  const opts = { inSchema: false };
  router.add("identity", "GET", "/{tenant}/v2.0/.well-known/openid-configuration", handleOpenIdConfiguration, opts);
  router.add("identity", "GET", "/{tenant}/discovery/instance", handleInstanceDiscovery, opts);
  router.add(
    "identity",
    "GET",
    "/{tenant}/discovery/v2.0/keys",
    (ctx) => sendJson(ctx.res, 200, ctx.tokens.jwks()),
    opts,
  );
  router.add("identity", "GET", "/{tenant}/oauth2/v2.0/authorize", handleAuthorize, opts);
  router.add("identity", "POST", "/{tenant}/oauth2/v2.0/authorize", handleAuthorize, opts);
  router.add("identity", "POST", "/{tenant}/oauth2/v2.0/token", handleToken, opts);
  router.add("identity", "POST", "/{tenant}/oauth2/v2.0/devicecode", handleDeviceCode, opts);
  router.add("identity", "GET", "/devicelogin", handleDeviceLogin, opts);
  router.add("identity", "POST", "/devicelogin", handleDeviceLogin, opts);
  router.add(
    "identity",
    "GET",
    "/{tenant}/oauth2/v2.0/logout",
    (ctx) => html(ctx, 200, "You signed out of your account", "<p>It's a good idea to close all browser windows.</p>"),
    opts,
  );
}
