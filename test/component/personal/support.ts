import { createConnection } from "@prismatic-io/spectral/dist/testing";
import { appriseUrl } from "../../../src/connections/appriseUrl";
import { personal } from "../../../src/connections/personal";
import { resolveConnection } from "../../../src/connections/resolve";
import { storedRefreshToken } from "../../../src/auth/rotation";
import { PERSONAL_APP_ID, type Sandbox } from "../../../sandbox";

/** What the personal-account tests share: connections to the sandbox, token requests, the state's newest token. */

/** A personal connection to the sandbox, holding `refreshToken`. */
export function personalConnection(sb: Sandbox, refreshToken: string, fields: Record<string, unknown> = {}) {
  return createConnection(personal, {
    clientId: PERSONAL_APP_ID,
    refreshToken,
    scopes: "Mail.Send offline_access",
    baseUrl: sb.url,
    entraEndpoint: sb.url,
    ...fields,
  });
}

/** An Apprise URL connection to the sandbox. */
export function appriseConnection(sb: Sandbox, url: string, fields: Record<string, unknown> = {}) {
  return createConnection(appriseUrl, { url, baseUrl: sb.url, entraEndpoint: sb.url, ...fields });
}

/** Token requests the sandbox has answered so far, at any authority. */
export const tokenRequests = (sb: Sandbox) => sb.requests.filter((r) => r.path.endsWith("/oauth2/v2.0/token"));

/** The refresh token a run's returned state holds for the connection (unsealed). */
export function stateToken(connection: ReturnType<typeof createConnection>, state: unknown): string | undefined {
  return storedRefreshToken(resolveConnection(connection), (state ?? {}) as Record<string, unknown>);
}

/** Redeems a refresh token straight at the sandbox (as a second client would): the status and AADSTS codes. */
export async function redeemDirectly(sb: Sandbox, token: string): Promise<{ status: number; codes: number[] }> {
  const res = await fetch(`${sb.url}/consumers/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", client_id: PERSONAL_APP_ID, refresh_token: token }),
  });
  const body = (await res.json()) as { error_codes?: number[] };
  return { status: res.status, codes: body.error_codes ?? [] };
}
