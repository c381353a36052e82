import { randomUUID } from "node:crypto";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID } from "../../sandbox";

/**
 * Plain HTTP to the sandbox, as any Graph client would speak it: tokens from its identity
 * endpoints (the seeded app's own, and a user's through the authorization code flow), then
 * Graph requests with them. Nothing here reaches into the sandbox's process.
 */

export interface Answer {
  status: number;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
  body?: string;
}

export async function call(method: string, url: string, o: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  const res = await fetch(url, { method, headers, body: o.body, redirect: "manual" });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

const REDIRECT_URI = "http://localhost/callback";
const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";

async function tokenFrom(baseUrl: string, form: Record<string, string>): Promise<string> {
  const answer = await call("POST", `${baseUrl}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: DEFAULT_APP_ID, client_secret: DEFAULT_APP_SECRET, ...form }).toString(),
  });
  const token = (answer.json as { access_token?: string } | undefined)?.access_token;
  if (answer.status !== 200 || !token) throw new Error(`the sandbox issued no token (${answer.status})`);
  return token;
}

/** The seeded app's own (app-only) token. */
export function appToken(baseUrl: string): Promise<string> {
  return tokenFrom(baseUrl, { grant_type: "client_credentials", scope: GRAPH_DEFAULT_SCOPE });
}

/** A user's (delegated) token with every permission the seeded app was granted, signed in by login hint. */
export async function userToken(baseUrl: string, upn: string): Promise<string> {
  const state = randomUUID();
  const query = new URLSearchParams({
    client_id: DEFAULT_APP_ID,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    scope: `${GRAPH_DEFAULT_SCOPE} offline_access`,
    login_hint: upn,
    state,
  });
  const answer = await call("GET", `${baseUrl}/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize?${query}`);
  const location = answer.headers.get("location");
  const code = location ? new URL(location).searchParams.get("code") : null;
  if (!code) throw new Error(`the sandbox signed ${upn} in with no code (${answer.status})`);
  return tokenFrom(baseUrl, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    scope: `${GRAPH_DEFAULT_SCOPE} offline_access`,
  });
}
