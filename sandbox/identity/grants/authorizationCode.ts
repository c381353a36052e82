import { createHash } from "node:crypto";
import { IdentityError, sendJson } from "../../http";
import type { RouteContext } from "../../router";
import type { SeedTenant } from "../../store";
import { authenticateClient } from "../clientAuth";
import { grantInvalid, missingParameter } from "../errors";
import { splitScopes, userTokens } from "../issue";
import { issuerFor } from "../request";
import { identityState, type AuthCode } from "../state";

/**
 * The authorization code grant: a code from the authorize endpoint, redeemed once, within ten
 * minutes, by the app it was issued to, with the same redirect URI and (with PKCE) the verifier.
 */

function invalidCode(codes: number[], description: string): IdentityError {
  return new IdentityError(400, "invalid_grant", codes, description);
}

/** Every reason Entra refuses a code: reused (54005), expired (70008), redirect URI (50011), PKCE (501481). */
function checkCode(ctx: RouteContext, params: URLSearchParams, grant: AuthCode): void {
  if (grant.redeemed)
    throw invalidCode(
      [54005],
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing " +
        "refresh token.",
    );
  if (grant.expiresAt <= ctx.clock.now())
    throw invalidCode(
      [70008],
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive " +
        "authorization request for this user and resource.",
    );
  if (params.get("redirect_uri") !== grant.redirectUri) {
    throw invalidCode(
      [50011],
      `The redirect URI '${params.get("redirect_uri") ?? ""}' specified in the request does not match the ` +
        "redirect URI used in the authorization request.",
    );
  }
  if (grant.codeChallenge) {
    const verifier = params.get("code_verifier") ?? "";
    const computed =
      grant.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier).digest("base64url") : verifier;
    if (computed !== grant.codeChallenge)
      throw invalidCode(
        [501481],
        "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
      );
  }
}

export function authorizationCodeGrant(
  ctx: RouteContext,
  params: URLSearchParams,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): void {
  const { app, appidacr } = authenticateClient(ctx, params, tenant, tenantSegment);
  const code = params.get("code");
  if (!code) throw missingParameter("code");
  const grant = identityState(ctx.store).codes.get(code);
  if (!grant || grant.clientId !== app.clientId) throw grantInvalid();
  checkCode(ctx, params, grant);
  grant.redeemed = true;
  ctx.log.clientId = app.clientId;
  sendJson(
    ctx.res,
    200,
    userTokens(ctx, {
      app,
      appidacr,
      user: ctx.store.users.get(grant.userId)!,
      ...splitScopes(grant.scopes),
      issuer: issuerFor(ctx, tenant),
      nonce: grant.nonce,
      clientInfo: params.get("client_info") === "1",
    }),
  );
}
