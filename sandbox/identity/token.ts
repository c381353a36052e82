import { IdentityError } from "../http";
import type { RouteContext } from "../router";
import type { SeedTenant } from "../store";
import { missingParameter } from "./errors";
import { authorizationCodeGrant } from "./grants/authorizationCode";
import { clientCredentialsGrant } from "./grants/clientCredentials";
import { DEVICE_CODE_GRANTS, deviceCodeGrant } from "./grants/deviceCode";
import { refreshTokenGrant } from "./grants/refreshToken";
import { form, resolveTenant } from "./request";

/** `POST /{tenant}/oauth2/v2.0/token`: hands the request to its grant's module. */

type Grant = (ctx: RouteContext, params: URLSearchParams, tenant: SeedTenant | undefined, segment: string) => void;

function grantFor(grantType: string): Grant | undefined {
  if (grantType === "client_credentials") return clientCredentialsGrant;
  if (grantType === "authorization_code") return authorizationCodeGrant;
  if (grantType === "refresh_token") return refreshTokenGrant;
  if (DEVICE_CODE_GRANTS.includes(grantType)) return deviceCodeGrant;
  return undefined;
}

export function handleToken(ctx: RouteContext): void {
  const tenantSegment = ctx.params.tenant;
  const tenant = resolveTenant(ctx.store, tenantSegment);
  const params = form(ctx);
  const grantType = params.get("grant_type");
  ctx.log.grantType = grantType;
  if (!grantType) throw missingParameter("grant_type");
  const grant = grantFor(grantType);
  if (!grant) {
    throw new IdentityError(
      400,
      "unsupported_grant_type",
      [70003],
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  grant(ctx, params, tenant, tenantSegment);
}
