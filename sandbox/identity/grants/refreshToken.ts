import { IdentityError, sendJson } from "../../http";
import type { RouteContext } from "../../router";
import type { SeedTenant } from "../../store";
import { authenticateClient } from "../clientAuth";
import { missingParameter } from "../errors";
import { splitScopes, userTokens } from "../issue";
import { issuerFor } from "../request";
import { userConsents } from "../consent";
import { grantDelegated, parseScopes } from "../scopes";
import { identityState, REFRESH_TOKEN_INACTIVITY_MS, type RefreshGrant } from "../state";

/**
 * The refresh token grant: a refresh token of this app (and tenant) that was used within the last
 * 90 days buys new tokens and a new refresh token; the old one stays valid, as Entra's do.
 */

const malformed = () =>
  new IdentityError(400, "invalid_grant", [9002313], "Invalid request. Request is malformed or invalid.");

function usableGrant(ctx: RouteContext, token: string, clientId: string, tenant: SeedTenant | undefined): RefreshGrant {
  const grant = identityState(ctx.store).refreshTokens.get(token);
  if (!grant || grant.clientId !== clientId) throw malformed();
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
  return grant;
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
  const grant = usableGrant(ctx, token, app.clientId, tenant);
  grant.lastUsed = ctx.clock.now();
  const requested = params.get("scope");
  let granted = splitScopes(grant.scopes);
  if (requested) {
    const parsed = parseScopes(requested, ctx, tenant?.domain ?? tenantSegment);
    const scopes = grantDelegated(app, parsed, userConsents(ctx.store, app.clientId, grant.userId));
    granted = { scopes, oidc: [...new Set([...parsed.oidc, "offline_access"])] };
  }
  ctx.log.clientId = app.clientId;
  sendJson(
    ctx.res,
    200,
    userTokens(ctx, {
      app,
      appidacr,
      user: ctx.store.users.get(grant.userId)!,
      ...granted,
      issuer: issuerFor(ctx, tenant),
      clientInfo: params.get("client_info") === "1",
    }),
  );
}
