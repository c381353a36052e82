import type { Router } from "../router";
import { handleAuthorize } from "./authorize";
import { handleDeviceLogin } from "./deviceLogin";
import { handleDeviceCode } from "./grants/deviceCode";
import { handleInstanceDiscovery, handleKeys, handleOpenIdConfiguration } from "./metadata";
import { html } from "./pages";
import { issueSeededRefreshTokens } from "./seededTokens";
import { identityState } from "./state";
import { handleToken } from "./token";
import type { Seed, Store } from "../store";

/**
 * The Microsoft identity platform (v2.0 endpoints) as MSAL and plain OAuth clients use it:
 * OpenID metadata, instance discovery, keys, authorize (signs a seeded user in by login_hint or
 * a form), token (client credentials with secret or certificate assertion, authorization code
 * with PKCE, refresh token, device code), and the device login page.
 */

export { approveDeviceCode } from "./deviceLogin";
export { identityErrorBody } from "./errors";
export { issueRefreshToken } from "./seededTokens";

/** The identity platform's start-up state: the seed's refresh tokens, and whether refresh tokens are single-use. */
export function configureIdentity(store: Store, seed: Seed, options: { singleUseRefreshTokens?: boolean }): void {
  identityState(store).singleUseRefreshTokens = options.singleUseRefreshTokens ?? false;
  issueSeededRefreshTokens(store, seed.refreshTokens);
}

/** Turns single-use refresh tokens on or off on a running sandbox (`sb.store`), e.g. between two tests. */
export function setSingleUseRefreshTokens(store: Store, on: boolean): void {
  identityState(store).singleUseRefreshTokens = on;
}

/** Every refresh token the identity platform has issued and still knows, for tests that scan outputs for secrets. */
export function issuedRefreshTokens(store: Store): string[] {
  return [...identityState(store).refreshTokens.keys()];
}

export function registerIdentityRoutes(router: Router): void {
  const opts = { inSchema: false };
  router.add("identity", "GET", "/{tenant}/v2.0/.well-known/openid-configuration", handleOpenIdConfiguration, opts);
  router.add("identity", "GET", "/{tenant}/discovery/instance", handleInstanceDiscovery, opts);
  router.add("identity", "GET", "/{tenant}/discovery/v2.0/keys", handleKeys, opts);
  router.add("identity", "GET", "/{tenant}/oauth2/v2.0/authorize", handleAuthorize, opts);
  router.add("identity", "POST", "/{tenant}/oauth2/v2.0/authorize", handleAuthorize, opts);
  router.add("identity", "POST", "/{tenant}/oauth2/v2.0/token", handleToken, opts);
  router.add("identity", "POST", "/{tenant}/oauth2/v2.0/devicecode", handleDeviceCode, opts);
  router.add("identity", "GET", "/devicelogin", handleDeviceLogin, opts);
  router.add("identity", "POST", "/devicelogin", handleDeviceLogin, opts);
  const signedOut = "<p>It's a good idea to close all browser windows.</p>";
  router.add(
    "identity",
    "GET",
    "/{tenant}/oauth2/v2.0/logout",
    (ctx) => html(ctx, 200, "You signed out of your account", signedOut),
    opts,
  );
}
