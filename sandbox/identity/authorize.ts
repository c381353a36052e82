import { guid, opaqueToken } from "../ids";
import { IdentityError } from "../http";
import type { RouteContext } from "../router";
import type { SeedApp, SeedTenant, SeedUser } from "../store";
import { audienceOf, userInAudience } from "./consumers";
import { missingParameter } from "./errors";
import { esc, html } from "./pages";
import { findApp, resolveTenant } from "./request";
import { grantDelegated, parseScopes } from "./scopes";
import { AUTH_CODE_LIFETIME_MS, identityState } from "./state";

/**
 * `GET|POST /{tenant}/oauth2/v2.0/authorize`: signs a seeded user in without a person when given
 * `login_hint`, or shows a form to pick one; then redirects to the app's registered redirect URI
 * with `code` and `state` (or posts them, with `response_mode=form_post`). Errors in the request's
 * own scope or response type go back to the app on the redirect, as Entra sends them.
 */

interface AuthorizeRequest {
  ctx: RouteContext;
  params: URLSearchParams;
  tenant: SeedTenant | undefined;
  tenantSegment: string;
  app: SeedApp;
  redirectUri: string;
}

/** Query and form fields together (the sign-in form posts back what the query carried). */
function requestParams(ctx: RouteContext): URLSearchParams {
  const params = new URLSearchParams(ctx.query);
  if (ctx.method === "POST") for (const [k, v] of new URLSearchParams(ctx.body.toString("utf8"))) params.set(k, v);
  return params;
}

function registeredRedirect(app: SeedApp, params: URLSearchParams): string {
  const redirectUri = params.get("redirect_uri") ?? app.redirectUris?.[0] ?? "";
  if (!(app.redirectUris ?? []).includes(redirectUri)) {
    throw new IdentityError(
      400,
      "invalid_request",
      [50011],
      `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for ` +
        `the application '${app.clientId}'. Make sure the redirect URI sent in the request matches one added to ` +
        "your application in the Azure portal.",
    );
  }
  return redirectUri;
}

/** A 302 to the redirect URI with these fields and the request's state. */
function redirectWith(r: AuthorizeRequest, fields: Record<string, string>): void {
  const target = new URL(r.redirectUri);
  for (const [k, v] of Object.entries(fields)) target.searchParams.set(k, v);
  const state = r.params.get("state");
  if (state) target.searchParams.set("state", state);
  r.ctx.res.writeHead(302, { Location: target.toString(), "Content-Length": "0" });
  r.ctx.res.end();
}

/** The form that lets a person pick a seeded user (shared mailboxes cannot sign in). */
function signInForm(r: AuthorizeRequest): void {
  const users = [...r.ctx.store.users.values()].filter(
    (u) =>
      userInAudience(u, audienceOf(r.ctx.store, r.tenantSegment), r.tenant) && (u.mailboxType ?? "user") !== "shared",
  );
  const hidden = [...r.params]
    .filter(([k]) => k !== "login_hint")
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  const options = users
    .map(
      (u) => `<option value="${esc(u.userPrincipalName)}">${esc(u.displayName)} (${esc(u.userPrincipalName)})</option>`,
    )
    .join("");
  html(
    r.ctx,
    200,
    "Sign in to the Graph sandbox",
    `<p>${esc(r.app.displayName)} wants to sign you in.</p><form method="post">${hidden}` +
      `<select name="login_hint">${options}</select> <button type="submit">Sign in</button></form>`,
  );
}

/** The user `login_hint` names (AADSTS50034 unknown, AADSTS50057 a shared mailbox, which cannot sign in). */
function hintedUser(r: AuthorizeRequest, hint: string): SeedUser {
  const user = r.tenant
    ? r.ctx.store.findUser(r.tenant.id, hint)
    : [...r.ctx.store.users.values()].find(
        (u) =>
          u.userPrincipalName.toLowerCase() === hint.toLowerCase() &&
          userInAudience(u, audienceOf(r.ctx.store, r.tenantSegment), undefined),
      );
  if (!user) {
    throw new IdentityError(
      400,
      "invalid_request",
      [50034],
      `The user account ${hint} does not exist in the ${r.tenant?.domain ?? r.tenantSegment} directory. To sign ` +
        "into this application, the account must be added to the directory.",
    );
  }
  if (user.mailboxType === "shared")
    throw new IdentityError(400, "invalid_request", [50057], "The user account is disabled.");
  return user;
}

function issueCode(r: AuthorizeRequest, user: SeedUser, scopes: string[]): string {
  const code = "1.AQ" + opaqueToken(96);
  const challenge = r.params.get("code_challenge") ?? undefined;
  identityState(r.ctx.store).codes.set(code, {
    clientId: r.app.clientId,
    tenantId: user.tenantId,
    userId: user.id,
    redirectUri: r.redirectUri,
    scopes,
    codeChallenge: challenge,
    codeChallengeMethod: r.params.get("code_challenge_method") ?? (challenge ? "plain" : undefined),
    nonce: r.params.get("nonce") ?? undefined,
    expiresAt: r.ctx.clock.now() + AUTH_CODE_LIFETIME_MS,
    redeemed: false,
  });
  return code;
}

/** `response_mode=form_post`: a page that posts the code to the redirect URI. */
function formPost(r: AuthorizeRequest, code: string): void {
  const state = r.params.get("state");
  const fields = { code, ...(state ? { state } : {}), session_state: guid() };
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
    .join("");
  html(
    r.ctx,
    200,
    "Working...",
    `<form method="POST" name="hiddenform" action="${esc(r.redirectUri)}">${inputs}` +
      '<noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script>',
  );
}

/** The delegated permissions to grant, or undefined once the error went back on the redirect. */
function grantedScopes(r: AuthorizeRequest): string[] | undefined {
  try {
    const scopes = parseScopes(r.params.get("scope"), r.ctx, r.tenant?.domain ?? r.tenantSegment);
    return [...grantDelegated(r.app, scopes), ...scopes.oidc];
  } catch (e) {
    if (!(e instanceof IdentityError)) throw e;
    redirectWith(r, { error: e.error, error_description: `AADSTS${e.codes[0]}: ${e.description}` });
    return undefined;
  }
}

export function handleAuthorize(ctx: RouteContext): void {
  const tenantSegment = ctx.params.tenant;
  const params = requestParams(ctx);
  const tenant = resolveTenant(ctx.store, tenantSegment);
  const clientId = params.get("client_id");
  if (!clientId) throw missingParameter("client_id");
  const app = findApp(ctx.store, clientId, tenant, tenantSegment);
  const r: AuthorizeRequest = { ctx, params, tenant, tenantSegment, app, redirectUri: registeredRedirect(app, params) };
  if (params.get("response_type") !== "code") {
    redirectWith(r, {
      error: "unsupported_response_type",
      error_description: "AADSTS700054: response_type 'code' is the only one this sandbox issues.",
    });
    return;
  }
  const scopes = grantedScopes(r);
  if (!scopes) return;
  const hint = params.get("login_hint");
  if (!hint) return signInForm(r);
  const code = issueCode(r, hintedUser(r, hint), scopes);
  if (params.get("response_mode") === "form_post") return formPost(r, code);
  redirectWith(r, { code, session_state: guid() });
}
