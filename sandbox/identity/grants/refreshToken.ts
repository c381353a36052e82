import { IdentityError, sendJson } from "../../http";
import type { RouteContext } from "../../router";
import type { SeedApp, SeedTenant } from "../../store";
import { authenticateClient } from "../clientAuth";
import { audienceOf, isConsumerUser, userInAudience } from "../consumers";
import { missingParameter } from "../errors";
import { splitScopes, userTokens } from "../issue";
import { issuerFor } from "../request";
import { userConsents } from "../consent";
import { grantDelegated, parseScopes } from "../scopes";
import { identityState, REFRESH_TOKEN_INACTIVITY_MS, type RefreshGrant } from "../state";

/**
 * The refresh token grant: a refresh token of this app (and tenant, or of a personal account at
 * `consumers`) that was used within the last 90 days buys new tokens and a new refresh token; the
 * old one stays valid, as Entra's do, unless the sandbox runs with single-use refresh tokens.
 */

const malformed = () =>
  new IdentityError(400, "invalid_grant", [9002313], "Invalid request. Request is malformed or invalid.");

/** With single-use refresh tokens: one that already bought tokens. */
const alreadyRedeemed = () =>
  new IdentityError(
    400,
    "invalid_grant",
    [70000],
    "The provided value for the 'refresh_token' is not valid: it was already redeemed, and this sandbox's refresh " +
      "tokens are single-use. Use the refresh token the last redemption returned.",
  );

function usableGrant(
  ctx: RouteContext,
  token: string,
  clientId: string,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): RefreshGrant {
  const state = identityState(ctx.store);
  const grant = state.refreshTokens.get(token);
  if (!grant || grant.clientId !== clientId) throw malformed();
  if (state.singleUseRefreshTokens && grant.redeemedAt !== undefined) throw alreadyRedeemed();
  if (ctx.clock.now() - grant.lastUsed > REFRESH_TOKEN_INACTIVITY_MS) {
    throw new IdentityError(
      400,
      "invalid_grant",
      [700082],
      `The refresh token has expired due to inactivity. The token was issued on ` +
        `${new Date(grant.issuedAt).toISOString()} and was inactive for 90.00:00:00.`,
    );
  }
  if (tenant && tenant.id !== grant.tenantId) throw malformed();
  const user = ctx.store.users.get(grant.userId);
  if (!user || !userInAudience(user, audienceOf(ctx.store, tenantSegment), tenant)) throw malformed();
  return grant;
}

/**
 * A personal account consents for itself, at sign-in: a refresh asks for at most what the account consented to
 * (AADSTS65001 beyond it), ".default" meaning exactly that. Work accounts follow the app's (admin) consent.
 */
function consentedByPerson(app: SeedApp, grant: RefreshGrant, asked: string[], granted: string[]): string[] {
  const consented = splitScopes(grant.scopes).scopes;
  if (asked.includes(".default")) return consented;
  if (granted.some((s) => !consented.includes(s))) {
    throw new IdentityError(
      400,
      "invalid_grant",
      [65001],
      `The user or administrator has not consented to use the application with ID '${app.clientId}' named ` +
        `'${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      { suberror: "consent_required" },
    );
  }
  return granted;
}

export function refreshTokenGrant(
  ctx: RouteContext,
  params: URLSearchParams,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): void {
  const { app, appidacr } = authenticateClient(ctx, params, tenant, tenantSegment);
  const token = params.get("refresh_token");
  if (!token) throw missingParameter("refresh_token");
  const grant = usableGrant(ctx, token, app.clientId, tenant, tenantSegment);
  grant.lastUsed = ctx.clock.now();
  const requested = params.get("scope");
  let granted = splitScopes(grant.scopes);
  if (requested) {
    const parsed = parseScopes(requested, ctx, tenant?.domain ?? tenantSegment);
    const scopes = grantDelegated(app, parsed, userConsents(ctx.store, app.clientId, grant.userId));
    granted = { scopes, oidc: [...new Set([...parsed.oidc, "offline_access"])] };
    const user = ctx.store.users.get(grant.userId)!;
    if (isConsumerUser(user)) granted.scopes = consentedByPerson(app, grant, parsed.permissions, granted.scopes);
  }
  grant.redeemedAt = grant.lastUsed;
  ctx.log.clientId = app.clientId;
  sendJson(
    ctx.res,
    200,
    userTokens(ctx, {
      app,
      appidacr,
      user: ctx.store.users.get(grant.userId)!,
      ...granted,
      issuer: issuerFor(ctx, tenant, tenantSegment),
      clientInfo: params.get("client_info") === "1",
    }),
  );
}
