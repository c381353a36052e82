import { opaqueToken } from "../ids";
import type { RouteContext } from "../router";
import type { SeedApp, SeedUser } from "../store";
import { OIDC_SCOPES } from "./scopes";
import { identityState } from "./state";

/** The token endpoint's success answer for a signed-in user: access token, and refresh and id tokens when asked. */

export interface UserTokenRequest {
  app: SeedApp;
  appidacr: "0" | "1" | "2";
  user: SeedUser;
  /** Graph permissions granted. */
  scopes: string[];
  /** OpenID scopes granted ("offline_access" brings a refresh token, "openid" an id token). */
  oidc: string[];
  issuer: string;
  nonce?: string;
  /** MSAL's client_info=1: the answer carries the user's uid and utid. */
  clientInfo: boolean;
}

/** Splits a grant's stored scopes into Graph permissions and OpenID scopes. */
export function splitScopes(scopes: string[]): { scopes: string[]; oidc: string[] } {
  return { scopes: scopes.filter((s) => !OIDC_SCOPES.has(s)), oidc: scopes.filter((s) => OIDC_SCOPES.has(s)) };
}

/** A refresh token remembered for its user, app and scopes; it lives while used within 90 days. */
function newRefreshToken(ctx: RouteContext, o: UserTokenRequest): string {
  const refresh = "1.AAAA" + opaqueToken(96);
  const now = ctx.clock.now();
  identityState(ctx.store).refreshTokens.set(refresh, {
    clientId: o.app.clientId,
    tenantId: o.user.tenantId,
    userId: o.user.id,
    scopes: [...o.scopes, ...o.oidc],
    issuedAt: now,
    lastUsed: now,
  });
  return refresh;
}

function idToken(ctx: RouteContext, o: UserTokenRequest): string {
  return ctx.tokens.idToken({
    issuer: o.issuer.replace("{tenantid}", o.user.tenantId),
    clientId: o.app.clientId,
    tenantId: o.user.tenantId,
    userId: o.user.id,
    upn: o.user.userPrincipalName,
    name: o.user.displayName,
    nonce: o.nonce,
  });
}

export function userTokens(ctx: RouteContext, o: UserTokenRequest): Record<string, unknown> {
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
  if (o.oidc.includes("offline_access")) body.refresh_token = newRefreshToken(ctx, o);
  if (o.oidc.includes("openid")) body.id_token = idToken(ctx, o);
  if (o.clientInfo)
    body.client_info = Buffer.from(JSON.stringify({ uid: o.user.id, utid: o.user.tenantId })).toString("base64url");
  return body;
}
