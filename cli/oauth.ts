import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CliError } from "./errors";
import { prompt, registerSecret } from "./output";

/**
 * The two sign-in flows of the Microsoft identity platform (v2.0) that end in a refresh token:
 * the authorization code flow with PKCE, its redirect received on a local port, and the device
 * code flow. Plain OAuth over fetch, so the token set (and its refresh token) is ours to print.
 */

export interface Client {
  /** `{identity root}/{tenant}`, e.g. https://login.microsoftonline.com/consumers */
  authority: string;
  clientId: string;
  /** Confidential apps only; public clients (the usual case for a CLI) have none. */
  clientSecret?: string;
  scopes: string;
}

export interface TokenSet {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

/** The identity platform said no: its AADSTS code, OAuth error and first line of description. */
export class IdentityError extends CliError {
  constructor(
    message: string,
    readonly oauthError: string,
    readonly aadstsCodes: number[],
  ) {
    super("AuthenticationFailed", message, "signin", 1);
    this.name = "IdentityError";
  }
}

async function post(client: Client, path: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const form = new URLSearchParams({ client_id: client.clientId, ...fields });
  if (client.clientSecret) form.set("client_secret", client.clientSecret);
  let res: Response;
  try {
    res = await fetch(`${client.authority}/oauth2/v2.0/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
    });
  } catch (e) {
    const cause = (e as { cause?: Error }).cause?.message ?? (e as Error).message;
    throw new CliError("NetworkError", `Cannot reach ${client.authority}: ${cause}`, "authority", 1);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return body;
  const description = String(body.error_description ?? `HTTP ${res.status}`).split(/\r?\n/)[0];
  const codes = Array.isArray(body.error_codes) ? (body.error_codes as number[]) : [];
  throw new IdentityError(description, String(body.error ?? "unknown"), codes);
}

function tokenSet(body: Record<string, unknown>): TokenSet {
  const set = body as TokenSet;
  registerSecret(set.access_token);
  registerSecret(set.id_token);
  return set;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Device code: shows the code and where to enter it, then polls until someone signs in. */
export async function deviceCodeFlow(client: Client, deadlineMs: number): Promise<TokenSet> {
  const device = await post(client, "devicecode", { scope: client.scopes });
  const deviceCode = String(device.device_code);
  registerSecret(deviceCode);
  prompt(
    String(device.message ?? `To sign in, open ${device.verification_uri} and enter the code ${device.user_code}.`),
  );
  let intervalMs = Number(device.interval ?? 5) * 1000;
  const expires = Math.min(deadlineMs, Date.now() + Number(device.expires_in ?? 900) * 1000);
  while (Date.now() < expires) {
    await sleep(intervalMs);
    try {
      return tokenSet(
        await post(client, "token", {
          grant_type: "urn:ietf:params:oauth:grant-type:device_code",
          device_code: deviceCode,
        }),
      );
    } catch (e) {
      if (!(e instanceof IdentityError)) throw e;
      if (e.oauthError === "slow_down") intervalMs += 5000;
      else if (e.oauthError !== "authorization_pending") throw e;
    }
  }
  throw new CliError("SignInTimedOut", "No one signed in with the device code in time.", "signin", 1);
}

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

function page(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", Connection: "close" });
  res.end(`<!doctype html><meta charset="utf-8"><title>outlook signin</title><p>${text}</p>`);
}

/** Listens on loopback (IPv4 and, when free, IPv6 on the same port): `localhost` may resolve to either. */
async function listenOnLoopback(port: number, handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const servers: Server[] = [];
  const first = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    first.once("error", (e) => reject(new CliError("PortUnavailable", `Cannot listen on port ${port}: ${e.message}`)));
    first.listen(port, "127.0.0.1", () => resolve());
  });
  servers.push(first);
  const bound = (first.address() as AddressInfo).port;
  const second = createServer(handler);
  await new Promise<void>((resolve) => {
    second.once("error", () => resolve());
    second.listen(bound, "::1", () => (servers.push(second), resolve()));
  });
  const close = () => servers.forEach((s) => (s.closeAllConnections(), s.close()));
  return { port: bound, close };
}

export interface RedirectOptions {
  /** Port to receive the redirect on; 0 picks a free one. */
  port: number;
  /** The registered redirect URI; http://localhost:{port} by default (Entra ignores the port of localhost URIs). */
  redirectUri?: string;
  loginHint?: string;
  /** Called with the authorize URL, e.g. to open a browser. */
  onUrl: (url: string) => void;
  deadlineMs: number;
}

/** Waits for the redirect that carries the code (or an error), checking `state`. */
function awaitCode(path: string, state: string, deadlineMs: number) {
  let settle: { resolve: (code: string) => void; reject: (e: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== path) return page(res, 404, "Not the sign-in redirect.");
    const q = url.searchParams;
    if (q.get("state") !== state) return page(res, 400, "This sign-in response is not the one this command asked for.");
    if (q.get("error")) {
      page(res, 400, "Sign-in failed; see the terminal.");
      const description = (q.get("error_description") ?? "").split(/\r?\n/)[0];
      const codes = [...description.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
      return settle.reject(new IdentityError(description || q.get("error")!, q.get("error")!, codes));
    }
    page(res, 200, "You're signed in. You can close this window and return to the terminal.");
    settle.resolve(q.get("code") ?? "");
  };
  const timer = setTimeout(
    () => settle.reject(new CliError("SignInTimedOut", "No sign-in arrived in time.", "signin", 1)),
    Math.max(0, deadlineMs - Date.now()),
  );
  return { handler, code: code.finally(() => clearTimeout(timer)) };
}

/** Authorization code with PKCE: the person signs in in a browser, the redirect comes back here. */
export async function authorizationCodeFlow(client: Client, o: RedirectOptions): Promise<TokenSet> {
  const state = randomBytes(16).toString("base64url");
  const requested = o.redirectUri ? new URL(o.redirectUri) : undefined;
  const path = requested?.pathname || "/";
  const wait = awaitCode(path, state, o.deadlineMs);
  const port = requested ? Number(requested.port || (requested.protocol === "https:" ? 443 : 80)) : o.port;
  const server = await listenOnLoopback(port, wait.handler);
  try {
    const redirectUri = o.redirectUri ?? `http://localhost:${server.port}`;
    const { verifier, challenge } = pkce();
    const query = new URLSearchParams({
      client_id: client.clientId,
      response_type: "code",
      redirect_uri: redirectUri,
      response_mode: "query",
      scope: client.scopes,
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
      ...(o.loginHint ? { login_hint: o.loginHint } : {}),
    });
    o.onUrl(`${client.authority}/oauth2/v2.0/authorize?${query}`);
    const code = await wait.code;
    registerSecret(code);
    return tokenSet(
      await post(client, "token", {
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        scope: client.scopes,
      }),
    );
  } finally {
    server.close();
  }
}
