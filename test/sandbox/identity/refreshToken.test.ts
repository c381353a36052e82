import {
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  READ_ONLY_APP_ID,
  READ_ONLY_APP_SECRET,
  USERS,
  type Sandbox,
} from "../../../sandbox";
import { claimsOf, startSandbox, tokenRequest } from "../support";
import { authorize } from "./support";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

/** Adele signed in with offline_access: her first tokens. */
async function signIn(): Promise<Record<string, unknown>> {
  const location = await authorize(sb, {
    scope: "openid offline_access https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read",
    login_hint: USERS.adele.upn,
  });
  const tokens = await tokenRequest(sb, {
    grant_type: "authorization_code",
    client_id: DEFAULT_APP_ID,
    client_secret: DEFAULT_APP_SECRET,
    code: location.searchParams.get("code")!,
    redirect_uri: "http://localhost/callback",
  });
  expect(tokens.status).toBe(200);
  return tokens.json;
}

const refresh = (refreshToken: string, clientId = DEFAULT_APP_ID, clientSecret = DEFAULT_APP_SECRET) =>
  tokenRequest(sb, {
    grant_type: "refresh_token",
    client_id: clientId,
    client_secret: clientSecret,
    refresh_token: refreshToken,
  });

it("refreshes with a rotated refresh token, keeping the scopes granted", async () => {
  const tokens = await signIn();
  const refreshed = await refresh(String(tokens.refresh_token));
  expect(refreshed.status).toBe(200);
  expect(refreshed.json.refresh_token).toEqual(expect.any(String));
  expect(refreshed.json.refresh_token).not.toBe(tokens.refresh_token);
  expect(claimsOf(String(refreshed.json.access_token)).scp).toBe("Mail.Send User.Read");
});

it("ends a refresh token after 90 days without use (AADSTS700082), but not while it is used", async () => {
  const tokens = await signIn();
  try {
    sb.clock.advance(60 * 24 * 3600 * 1000);
    const used = await refresh(String(tokens.refresh_token));
    expect(used.status).toBe(200);
    sb.clock.advance(91 * 24 * 3600 * 1000);
    const lapsed = await refresh(String(used.json.refresh_token));
    expect(lapsed.json).toMatchObject({ error: "invalid_grant", error_codes: [700082] });
  } finally {
    sb.clock.reset();
  }
});

it("refuses a refresh token issued to another app (AADSTS9002313)", async () => {
  const tokens = await signIn();
  const other = await refresh(String(tokens.refresh_token), READ_ONLY_APP_ID, READ_ONLY_APP_SECRET);
  expect(other.json).toMatchObject({ error: "invalid_grant", error_codes: [9002313] });
});
