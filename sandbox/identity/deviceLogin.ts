import type { RouteContext } from "../router";
import type { SeedUser, Store } from "../store";
import { userInAudience } from "./consumers";
import { esc, html } from "./pages";
import { identityState } from "./state";

/** The /devicelogin page where a person approves a device code, and its in-process equivalent. */

const named = (u: SeedUser, key: string) =>
  [u.id, u.userPrincipalName, u.mail].some((k) => k.toLowerCase() === key.toLowerCase());

/**
 * Approves a pending device code for a user (object id, UPN or address), as the person at the verification page
 * would: a user of the code's tenant, or one its authority lets sign in (personal accounts at `consumers`).
 */
export function approveDeviceCode(store: Store, userCode: string, user: string): void {
  const grant = [...identityState(store).devices.values()].find((d) => d.userCode === userCode.toUpperCase());
  if (!grant) throw new Error(`no pending device code ${userCode}`);
  const u = [...store.users.values()].find(
    (x) =>
      named(x, user) &&
      x.mailboxType !== "shared" &&
      (grant.tenantId ? x.tenantId === grant.tenantId : userInAudience(x, grant.audience, undefined)),
  );
  if (!u) throw new Error(`no user ${user} may sign in here`);
  grant.userId = u.id;
}

const CODE_FORM =
  '<form method="post"><label>Code <input name="user_code"></label> ' +
  '<label>Account <input name="login_hint" placeholder="user@contoso.onmicrosoft.com"></label> ' +
  '<button type="submit">Next</button></form>';

export function handleDeviceLogin(ctx: RouteContext): void {
  if (ctx.method === "GET") {
    html(ctx, 200, "Enter code", CODE_FORM);
    return;
  }
  const params = new URLSearchParams(ctx.body.toString("utf8"));
  try {
    approveDeviceCode(ctx.store, params.get("user_code") ?? "", params.get("login_hint") ?? "");
  } catch (e) {
    html(ctx, 400, "That code didn't work", `<p>${esc((e as Error).message)}</p>`);
    return;
  }
  html(ctx, 200, "You're signed in", "<p>You may now close this window and return to the application.</p>");
}
