import { IdentityError, sendJson } from "../../http";
import type { RouteContext } from "../../router";
import type { SeedTenant } from "../../store";
import { authenticateClient } from "../clientAuth";
import { audienceOf, grantNotForConsumers } from "../consumers";
import { parseScopes } from "../scopes";

/**
 * The client credentials grant: an app signs in as itself with a secret or a certificate assertion,
 * for "{resource}/.default" only, and gets an app-only token carrying its application permissions.
 */
export function clientCredentialsGrant(
  ctx: RouteContext,
  params: URLSearchParams,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): void {
  // Personal accounts have no app-only access: Entra refuses the grant at `consumers` before reading the client.
  if (audienceOf(ctx.store, tenantSegment) === "consumers") throw grantNotForConsumers();
  if (!tenant) {
    throw new IdentityError(
      400,
      "invalid_request",
      [50059],
      "No tenant-identifying information found in either the request or implied by any provided credentials.",
    );
  }
  const { app, appidacr } = authenticateClient(ctx, params, tenant, tenantSegment);
  const scopes = parseScopes(params.get("scope"), ctx, tenant.domain);
  if (scopes.oidc.length || scopes.permissions.length !== 1 || scopes.permissions[0] !== ".default") {
    throw new IdentityError(
      400,
      "invalid_scope",
      [1002012],
      `The provided value for scope ${params.get("scope")} is not valid. Client credential flows must have a scope ` +
        "value with /.default suffixed to the resource identifier (application ID URI).",
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
}
