import { spawn } from "node:child_process";
import { parseArgs, rejectRest, take, takeSwitch } from "../args";
import { findBlock } from "../catalog";
import { CliError, usageError } from "../errors";
import { authorizationCodeFlow, deviceCodeFlow, type Client, type TokenSet } from "../oauth";
import { note, printSecretOnce, prompt, registerSecret } from "../output";
import { ENV } from "../target";

export const SIGNIN_USAGE = `outlook signin --client-id ID [--tenant T | --personal [--apprise ADDRESS]]
               [--authority URL] [--scopes "A B"] [--device-code | --browser] [--port N | --redirect-uri URI]
               [--login-hint UPN] [--no-browser] [--timeout S]`;

/** What a personal Microsoft account signs in for by default: sending mail, and staying signed in. */
export const PERSONAL_SCOPES = "Mail.Send offline_access";
const IDENTITY_PLATFORM = "https://login.microsoftonline.com";

/** The authorization code connection's own default scopes (what the component asks a work account for). */
function workScopes(): string {
  const input = findBlock("authorizationCode")?.inputs.find((i) => i.key === "scopes");
  return input?.default ?? "https://graph.microsoft.com/.default offline_access";
}

/** offline_access is what makes the platform issue a refresh token: always asked for. */
function withOfflineAccess(scopes: string): string {
  const list = scopes.split(/[\s,]+/).filter(Boolean);
  return (list.some((s) => s.toLowerCase() === "offline_access") ? list : [...list, "offline_access"]).join(" ");
}

/** `--authority` is the identity platform's root (the tenant is added) or a full authority with its tenant. */
function authorityOf(raw: string | undefined, tenant: string): string {
  const value = raw ?? process.env[ENV.authority] ?? IDENTITY_PLATFORM;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--authority must be a URL such as ${IDENTITY_PLATFORM} (got '${value}').`);
  }
  if (url.protocol !== "https:") throw usageError("--authority must use https.");
  const path = url.pathname.replace(/\/+$/, "");
  return path ? `${url.origin}${path}` : `${url.origin}/${tenant}`;
}

function clientFrom(args: ReturnType<typeof parseArgs>): Client {
  const personal = takeSwitch(args, "personal");
  const tenantOption = take(args, "tenant");
  if (personal && tenantOption && tenantOption !== "consumers")
    throw usageError("--personal signs in personal Microsoft accounts (the 'consumers' tenant); drop --tenant.");
  const tenant = personal ? "consumers" : (tenantOption ?? process.env[ENV.tenant] ?? "organizations");
  const clientId = take(args, "client-id") ?? process.env[ENV.clientId];
  if (!clientId)
    throw new CliError("PropertyNull", "Give --client-id (the app registration's Application ID).", "client-id");
  const clientSecret = process.env[ENV.clientSecret] || undefined;
  registerSecret(clientSecret);
  return {
    authority: authorityOf(take(args, "authority"), tenant),
    clientId,
    clientSecret,
    scopes: withOfflineAccess(take(args, "scopes") ?? (personal ? PERSONAL_SCOPES : workScopes())),
  };
}

/** Opens the system browser on a terminal; elsewhere the printed URL is enough. */
function openBrowser(url: string): void {
  const [command, ...args] =
    process.platform === "darwin"
      ? ["open", url]
      : process.platform === "win32"
        ? ["cmd", "/c", "start", "", url]
        : ["xdg-open", url];
  const child = spawn(command, args, { stdio: "ignore", detached: true });
  child.on("error", () => undefined);
  child.unref();
}

function numberOption(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw usageError(`--${name} must be a whole number from 0 to ${max}.`);
  return n;
}

function redirectUriOption(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`--redirect-uri must be a URL such as http://localhost:8400 (got '${raw}').`);
  }
  if (url.protocol !== "http:" || !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname))
    throw usageError("--redirect-uri must be an http:// URI on this machine (localhost, 127.0.0.1 or [::1]).");
  return raw;
}

/** Who signed in, from the ID token (not a secret): for the person at the terminal. */
function signedInAs(set: TokenSet): string {
  const claims = set.id_token?.split(".")[1];
  if (!claims) return "";
  try {
    const c = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as Record<string, unknown>;
    return String(c.preferred_username ?? c.email ?? c.name ?? "");
  } catch {
    return "";
  }
}

/**
 * `--apprise you@outlook.com`: print an Apprise personal-mode URL holding the token instead of the bare token
 * (the token percent-encoded, so any '/', '?' or '@' in it cannot split the URL).
 */
function appriseOption(raw: string | undefined, personal: boolean): string | undefined {
  if (raw === undefined) return undefined;
  if (!personal) throw usageError("--apprise makes a personal-mode Apprise URL: give --personal too.");
  if (!/^[^\s@/?#]+@[^\s@/?#]+\.[^\s@/?#]+$/.test(raw))
    throw usageError(`--apprise takes the account's email address, e.g. you@outlook.com (got '${raw}').`);
  return raw;
}

/** What goes to stdout: the refresh token, or the Apprise URL that holds it. */
function printed(refreshToken: string, client: Client, apprise: string | undefined): string {
  if (!apprise) return refreshToken;
  const url = `o365://${apprise}/${encodeURIComponent(client.clientId)}/${encodeURIComponent(refreshToken)}/`;
  registerSecret(url);
  return url;
}

/** `outlook signin …`: prints the refresh token, on stdout, once; everything else goes to stderr. */
export async function signin(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["device-code", "personal", "no-browser", "browser"]);
  const personal = args.options.has("personal");
  const apprise = appriseOption(take(args, "apprise"), personal);
  const client = clientFrom(args);
  // Personal accounts sign in with a device code, as Apprise's guide registers the app (no localhost redirect URI);
  // --browser takes the authorization code flow instead.
  const browser = takeSwitch(args, "browser");
  const deviceCode = takeSwitch(args, "device-code") || (personal && !browser);
  const noBrowser = takeSwitch(args, "no-browser");
  const port = numberOption("port", take(args, "port"), 0, 65535);
  const redirectUri = redirectUriOption(take(args, "redirect-uri"));
  const loginHint = take(args, "login-hint");
  const deadlineMs = Date.now() + numberOption("timeout", take(args, "timeout"), 300, 86_400) * 1000;
  rejectRest(args, "signin");
  if (args.positionals.length) throw usageError(`Unexpected '${args.positionals[0]}': ${SIGNIN_USAGE}`);
  const set = deviceCode
    ? await deviceCodeFlow(client, deadlineMs)
    : await authorizationCodeFlow(client, {
        port,
        redirectUri,
        loginHint,
        deadlineMs,
        onUrl: (url) => {
          prompt(`Sign in at this address (it was opened in your browser if one is available):\n${url}`);
          if (!noBrowser && process.stderr.isTTY) openBrowser(url);
        },
      });
  if (!set.refresh_token)
    throw new CliError(
      "NoRefreshToken",
      "The identity platform issued no refresh token: the app or the account did not grant offline_access.",
      "scopes",
      1,
    );
  const who = signedInAs(set);
  const what = apprise ? "The Apprise URL holding the refresh token" : "The refresh token";
  note(`Signed in${who ? ` as ${who}` : ""}; granted: ${set.scope ?? client.scopes}. ${what} follows on stdout.`);
  await printSecretOnce(printed(set.refresh_token, client, apprise));
  return 0;
}
