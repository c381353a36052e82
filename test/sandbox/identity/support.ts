import type { AuthError } from "@azure/msal-node";
import { DEFAULT_APP_ID, DEFAULT_TENANT_ID, type Sandbox } from "../../../sandbox";
import { raw } from "../support";

/** What the identity tests share: Graph's .default scope, the token URL, msal-node's failures, authorize. */

export const GRAPH_DEFAULT = "https://graph.microsoft.com/.default";

export const tokenUrl = (sb: Sandbox) => `${sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`;

/** The AADSTS codes of an msal-node failure (it carries the service's error_codes). */
export async function msalCodes(p: Promise<unknown>): Promise<{ codes: string[]; errorCode: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as AuthError & { errorNo?: string };
    return { codes: err.errorMessage.match(/AADSTS\d+/g) ?? [], errorCode: err.errorCode };
  }
  throw new Error("expected the token request to fail");
}

/** An authorize request with the default app and redirect URI; the URL it redirects to. */
export async function authorize(sb: Sandbox, params: Record<string, string>): Promise<URL> {
  const query = new URLSearchParams({
    client_id: DEFAULT_APP_ID,
    response_type: "code",
    redirect_uri: "http://localhost/callback",
    ...params,
  });
  const res = await raw(sb, "GET", `/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?${query}`);
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

/** The query of an authorize request, as a path. */
export function authorizePath(params: Record<string, string>, tenant = DEFAULT_TENANT_ID): string {
  return `/${tenant}/oauth2/v2.0/authorize?${new URLSearchParams(params)}`;
}
