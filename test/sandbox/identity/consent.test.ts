import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, USERS, type Sandbox } from "../../../sandbox";
import { claimsOf, form, raw, startSandbox, tokenRequest } from "../support";
import { authorize, authorizePath } from "./support";

/**
 * Consent as Entra asks for it at the authorize endpoint: a permission the app was not granted is
 * shown to the person to accept (interactive), answered `consent_required` without a prompt
 * (`prompt=none`), and `access_denied` when cancelled; once accepted, tokens carry it.
 */

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

const CALLBACK = "http://localhost/callback";
/** Not among the seeded app's delegated permissions. */
const NEW_SCOPE = "https://graph.microsoft.com/Calendars.Read.Shared";
const base = {
  client_id: DEFAULT_APP_ID,
  response_type: "code",
  redirect_uri: CALLBACK,
  scope: `openid ${NEW_SCOPE}`,
  state: "st",
};

it("answers consent_required (AADSTS65001) without a prompt, not invalid_grant", async () => {
  const location = await authorize(sb, { scope: base.scope, login_hint: USERS.adele.upn, prompt: "none", state: "st" });
  expect(location.searchParams.get("error")).toBe("consent_required");
  expect(location.searchParams.get("error_description")).toMatch(/^AADSTS65001:/);
  expect(location.searchParams.get("state")).toBe("st");
  expect(location.searchParams.get("code")).toBeNull();
});

it("shows the permissions to accept; Cancel answers access_denied (AADSTS65004)", async () => {
  const page = await raw(sb, "GET", authorizePath({ ...base, login_hint: USERS.megan.upn }));
  expect(page.status).toBe(200);
  expect(page.text).toContain("Calendars.Read.Shared");
  expect(page.text).toContain('name="consent" value="accept"');
  const cancel = await raw(
    sb,
    "POST",
    authorizePath({}),
    form({ ...base, login_hint: USERS.megan.upn, consent: "cancel" }),
  );
  const location = new URL(cancel.headers.get("location")!);
  expect(location.searchParams.get("error")).toBe("access_denied");
  expect(location.searchParams.get("error_description")).toMatch(/^AADSTS65004:/);
});

it("issues a code once the person accepts; tokens and refreshes carry the consented permission", async () => {
  const fields = { ...base, scope: `${base.scope} offline_access`, login_hint: USERS.alex.upn, consent: "accept" };
  const accepted = await raw(sb, "POST", authorizePath({}), form(fields));
  expect(accepted.status).toBe(302);
  const code = new URL(accepted.headers.get("location")!).searchParams.get("code")!;
  const tokens = await tokenRequest(sb, {
    grant_type: "authorization_code",
    client_id: DEFAULT_APP_ID,
    client_secret: DEFAULT_APP_SECRET,
    code,
    redirect_uri: CALLBACK,
  });
  expect(claimsOf(String(tokens.json.access_token)).scp).toBe("Calendars.Read.Shared");
  const refreshed = await tokenRequest(sb, {
    grant_type: "refresh_token",
    client_id: DEFAULT_APP_ID,
    client_secret: DEFAULT_APP_SECRET,
    refresh_token: String(tokens.json.refresh_token),
    scope: NEW_SCOPE,
  });
  expect(refreshed.status).toBe(200);
  // The same request without a prompt now goes through for Alex, and still not for Adele.
  const again = await authorize(sb, { scope: base.scope, login_hint: USERS.alex.upn, prompt: "none" });
  expect(again.searchParams.get("code")).toEqual(expect.any(String));
  const other = await authorize(sb, { scope: base.scope, login_hint: USERS.adele.upn, prompt: "none" });
  expect(other.searchParams.get("error")).toBe("consent_required");
});
