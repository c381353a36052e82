import { createConnection } from "@prismatic-io/spectral/dist/testing";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS, type Sandbox } from "../sandbox";
import { clientCredentials } from "../src/connections/clientCredentials";

/** The sandbox's seeded app, as `npm run reliability`, `npm run bench` and the fuzzer use it. */

/** The seeded app's client credentials connection (with its secret) against a sandbox, on this user's mailbox. */
export function connectionFor(sb: Sandbox, user: { upn: string } = USERS.adele) {
  return createConnection(clientCredentials, {
    cloud: "global",
    baseUrl: sb.url,
    entraEndpoint: sb.url,
    tenant: DEFAULT_TENANT_ID,
    clientId: DEFAULT_APP_ID,
    clientSecret: DEFAULT_APP_SECRET,
    scopes: "https://graph.microsoft.com/.default",
    userId: user.upn,
  });
}

/** The seeded app's own (app-only) token from the sandbox at `url`. */
export async function appToken(url: string): Promise<string> {
  const res = await fetch(`${url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: DEFAULT_APP_ID,
      client_secret: DEFAULT_APP_SECRET,
      scope: "https://graph.microsoft.com/.default",
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}
