import { guid, opaqueToken } from "../ids";
import { IdentityError } from "../http";
import type { RouteContext } from "../router";
import type { SeedApp, SeedTenant, SeedUser } from "../store";
import { audienceOf, userInAudience } from "./consumers";
import { missingParameter } from "./errors";
import { esc, html } from "./pages";
import { findApp, resolveTenant } from "./request";
import { recordConsent, userConsents } from "./consent";
import { grantDelegated, parseScopes, type ParsedScopes } from "./scopes";
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

/** The scopes asked for, or undefined once the error went back on the redirect. */
function requestedScopes(r: AuthorizeRequest): ParsedScopes | undefined {
  try {
    return parseScopes(r.params.get("scope"), r.ctx, r.tenant?.domain ?? r.tenantSegment);
  } catch (e) {
    if (!(e instanceof IdentityError)) throw e;
    redirectWith(r, { error: e.error, error_description: `AADSTS${e.codes[0]}: ${e.description}` });
    return undefined;
  }
}

/** Permissions asked for that neither the app's grant nor this user's earlier consent covers. */
function unconsented(r: AuthorizeRequest, scopes: ParsedScopes, user: SeedUser): string[] {
  const given = [...(r.app.delegatedPermissions ?? []), ...userConsents(r.ctx.store, r.app.clientId, user.id)];
  return scopes.permissions.filter((p) => p !== ".default" && !given.includes(p));
}

/** Entra's consent page: the permissions the app asks for, Accept or Cancel (posted back with the request). */
function consentPage(r: AuthorizeRequest, user: SeedUser, missing: string[]): void {
  const hidden = [...r.params]
    .filter(([k]) => k !== "consent")
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join("");
  const list = missing.map((p) => `<li>${esc(p)}</li>`).join("");
  html(
    r.ctx,
    200,
    "Permissions requested",
    `<p>${esc(r.app.displayName)} wants ${esc(user.userPrincipalName)} to allow:</p><ul>${list}</ul>` +
      `<form method="post">${hidden}<button type="submit" name="consent" value="accept">Accept</button> ` +
      `<button type="submit" name="consent" value="cancel">Cancel</button></form>`,
  );
}

/**
 * Consent as Entra asks for it: permissions the app was not granted are shown to the person to
 * accept (interactive), refused with `consent_required` when the request allows no prompt
 * (`prompt=none`), and `access_denied` when the person cancels. Returns whether to go on.
 */
function consented(r: AuthorizeRequest, scopes: ParsedScopes, user: SeedUser): boolean {
  const missing = unconsented(r, scopes, user);
  if (!missing.length) return true;
  const description = (code: number, text: string) => `AADSTS${code}: ${text} Trace ID: ${guid()}`;
  if (r.params.get("prompt") === "none") {
    redirectWith(r, {
      error: "consent_required",
      error_description: description(
        65001,
        `The user or administrator has not consented to use the application with ID '${r.app.clientId}' named ` +
          `'${r.app.displayName}'. Send an interactive authorization request for this user and resource.`,
      ),
      suberror: "consent_required",
    });
    return false;
  }
  const answer = r.params.get("consent");
  if (answer === "cancel") {
    redirectWith(r, {
      error: "access_denied",
      error_subcode: "cancel",
      error_description: description(65004, "User declined to consent to access the app."),
    });
    return false;
  }
  if (answer !== "accept" || r.ctx.method !== "POST") {
    consentPage(r, user, missing);
    return false;
  }
  recordConsent(r.ctx.store, r.app.clientId, user.id, missing);
  return true;
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
  const scopes = requestedScopes(r);
  if (!scopes) return;
  const hint = params.get("login_hint");
  if (!hint) return signInForm(r);
  const user = hintedUser(r, hint);
  if (!consented(r, scopes, user)) return;
  const granted = [...grantDelegated(app, scopes, userConsents(ctx.store, app.clientId, user.id)), ...scopes.oidc];
  const code = issueCode(r, user, granted);
  if (params.get("response_mode") === "form_post") return formPost(r, code);
  redirectWith(r, { code, session_state: guid() });
}
