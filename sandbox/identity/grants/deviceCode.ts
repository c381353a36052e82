import { IdentityError, sendJson } from "../../http";
import { opaqueToken } from "../../ids";
import type { RouteContext } from "../../router";
import type { SeedTenant } from "../../store";
import { authenticateClient } from "../clientAuth";
import { audienceOf, consumerSecretMissing } from "../consumers";
import { credentialMissing, grantInvalid, missingParameter } from "../errors";
import { splitScopes, userTokens } from "../issue";
import { findApp, form, issuerFor, resolveTenant } from "../request";
import { grantDelegated, parseScopes } from "../scopes";
import { DEVICE_CODE_LIFETIME_S, identityState, type DeviceGrant } from "../state";

/**
 * The device code grant: `POST /{tenant}/oauth2/v2.0/devicecode` hands out a device code and a
 * user code; the app polls the token endpoint (authorization_pending until someone approves the
 * user code at /devicelogin, expired_token after 15 minutes) and gets the user's tokens once.
 */

/** The device code grant's URN, or the short name MSAL sends (Entra accepts both). */
export const DEVICE_CODE_GRANTS = ["urn:ietf:params:oauth:grant-type:device_code", "device_code"];

/** The pending grant a poll names, or why it cannot be redeemed yet (or ever). */
function approvedGrant(ctx: RouteContext, code: string, clientId: string): DeviceGrant & { userId: string } {
  const devices = identityState(ctx.store).devices;
  const grant = devices.get(code);
  if (!grant || grant.clientId !== clientId) throw grantInvalid();
  if (grant.expiresAt <= ctx.clock.now()) {
    devices.delete(code);
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
  devices.delete(code);
  return grant as DeviceGrant & { userId: string };
}

/** The token endpoint's side: a poll with the device code. */
export function deviceCodeGrant(
  ctx: RouteContext,
  params: URLSearchParams,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): void {
  const { app, appidacr } = authenticateClient(ctx, params, tenant, tenantSegment);
  const code = params.get("device_code");
  if (!code) throw missingParameter("device_code");
  const grant = approvedGrant(ctx, code, app.clientId);
  ctx.log.clientId = app.clientId;
  sendJson(
    ctx.res,
    200,
    userTokens(ctx, {
      app,
      appidacr,
      user: ctx.store.users.get(grant.userId)!,
      ...splitScopes(grant.scopes),
      issuer: issuerFor(ctx, tenant, tenantSegment),
      clientInfo: params.get("client_info") === "1",
    }),
  );
}

/** Eight letters for a person to type. */
function newUserCode(): string {
  return opaqueToken(6)
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase()
    .padEnd(8, "X")
    .slice(0, 8);
}

/** `POST /{tenant}/oauth2/v2.0/devicecode`: starts the flow. */
export function handleDeviceCode(ctx: RouteContext): void {
  const tenantSegment = ctx.params.tenant;
  const tenant = resolveTenant(ctx.store, tenantSegment);
  const params = form(ctx);
  const clientId = params.get("client_id");
  if (!clientId) throw missingParameter("client_id");
  const app = findApp(ctx.store, clientId, tenant, tenantSegment);
  const audience = audienceOf(ctx.store, tenantSegment);
  if (!app.publicClient && !params.get("client_secret") && !params.get("client_assertion"))
    throw audience === "consumers" ? consumerSecretMissing() : credentialMissing();
  const scopes = parseScopes(params.get("scope"), ctx, tenant?.domain ?? tenantSegment);
  const granted = grantDelegated(app, scopes);
  const deviceCode = "DAQABAAEAAA" + opaqueToken(64);
  const userCode = newUserCode();
  identityState(ctx.store).devices.set(deviceCode, {
    clientId,
    tenantId: tenant?.id,
    scopes: [...granted, ...scopes.oidc],
    userCode,
    expiresAt: ctx.clock.now() + DEVICE_CODE_LIFETIME_S * 1000,
    audience,
  });
  const verificationUri = `${ctx.origin}/devicelogin`;
  sendJson(ctx.res, 200, {
    user_code: userCode,
    device_code: deviceCode,
    verification_uri: verificationUri,
    expires_in: DEVICE_CODE_LIFETIME_S,
    interval: 1,
    message:
      `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} ` +
      "to authenticate.",
  });
}
