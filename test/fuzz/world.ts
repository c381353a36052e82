import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createConnection, createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../../src";
import {
  CERT_DIR,
  CONSUMER_REFRESH_TOKEN,
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_TENANT_ID,
  EXPIRED_SECRET,
  READ_ONLY_APP_SECRET,
  USERS,
  issuedRefreshTokens,
  start,
  type Sandbox,
} from "../../sandbox";
import { appToken as appOnlyToken } from "../../scripts/sandboxApp";
import { Secrets } from "./secrets";

/**
 * Everything a fuzz run works against: the sandbox, a local HTTPS endpoint that answers Graph's
 * subscription handshake (so subscription actions and triggers can succeed), one baseline value
 * per connection definition of the component, and the registry of every secret the run handles.
 */

export type ComponentDef = typeof component;
export type ConnectionValue = ReturnType<typeof createConnection>;

export const PFX_PASSWORD = "sandbox-pfx-password";
export const DELEGATED_SCOPES = [
  "https://graph.microsoft.com/User.Read",
  "https://graph.microsoft.com/Mail.ReadWrite",
  "https://graph.microsoft.com/Mail.ReadWrite.Shared",
  "https://graph.microsoft.com/Mail.Send",
  "https://graph.microsoft.com/Mail.Send.Shared",
  "https://graph.microsoft.com/Calendars.ReadWrite",
  "https://graph.microsoft.com/MailboxSettings.ReadWrite",
  "offline_access",
].join(" ");

export interface World {
  sb: Sandbox;
  component: ComponentDef;
  harness: ReturnType<typeof createHarness>;
  /** An https URL that echoes Graph's validation token and accepts notifications. */
  hookUrl: string;
  /** The signed-in user's token, as the platform holds it for the authorization-code connection. */
  delegatedToken: Record<string, unknown>;
  /** An app-only token for reference requests the suite makes itself. */
  appToken: string;
  secrets: Secrets;
  /** Failures the process saw outside any case's own promise (a sandbox route that crashed on a request). */
  crashes: string[];
  stop(): Promise<void>;
}

/** An https server that answers validation requests with the token and everything else with 202. */
async function startHook(): Promise<{ server: Server; url: string }> {
  const server = createServer(
    {
      cert: readFileSync(join(CERT_DIR, "server.pem"), "utf8"),
      key: readFileSync(join(CERT_DIR, "server-key.pem"), "utf8"),
    },
    (req, res) => {
      const token = new URL(req.url ?? "/", "https://hook").searchParams.get("validationToken");
      req.resume();
      req.on("end", () => {
        if (token !== null) res.writeHead(200, { "Content-Type": "text/plain" }).end(token);
        else res.writeHead(202).end();
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

/** Signs the seeded user in through the sandbox's authorize and token endpoints, as the platform would. */
async function signIn(sb: Sandbox): Promise<Record<string, unknown>> {
  const redirect = "http://localhost/callback";
  const authorize = new URL(`${sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize`);
  authorize.search = new URLSearchParams({
    client_id: DEFAULT_APP_ID,
    response_type: "code",
    redirect_uri: redirect,
    scope: DELEGATED_SCOPES,
    login_hint: USERS.adele.upn,
    state: "fuzz",
  }).toString();
  const answer = await fetch(authorize, { redirect: "manual" });
  const code = new URL(answer.headers.get("location") ?? "").searchParams.get("code") ?? "";
  const token = await fetch(`${sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: DEFAULT_APP_ID,
      client_secret: DEFAULT_APP_SECRET,
      code,
      redirect_uri: redirect,
    }),
  });
  const body = (await token.json()) as Record<string, unknown>;
  if (typeof body.access_token !== "string") throw new Error(`the sandbox did not sign the user in: ${token.status}`);
  return body;
}

/** Every credential of the run that must never reach an output, an error or a log line. */
function knownSecrets(delegatedToken: Record<string, unknown>, appToken: string): Secrets {
  const secrets = new Secrets();
  const keyPem = readFileSync(join(CERT_DIR, "app-key.pem"), "utf8");
  secrets.add("client secret", DEFAULT_APP_SECRET);
  secrets.add("expired client secret", EXPIRED_SECRET);
  secrets.add("read-only app secret", READ_ONLY_APP_SECRET);
  secrets.add("PFX password", PFX_PASSWORD);
  for (const line of keyPem
    .split("\n")
    .filter((l) => l.length > 40)
    .slice(0, 3))
    secrets.add("private key", line);
  secrets.add("access token", String(delegatedToken.access_token));
  secrets.add("refresh token", String(delegatedToken.refresh_token));
  secrets.add("refresh token", CONSUMER_REFRESH_TOKEN);
  secrets.add("access token", appToken);
  return secrets;
}

/** Records every access token the sandbox issues, when its token issuer can be observed. */
function watchIssuedTokens(sb: Sandbox, secrets: Secrets): void {
  const issuer = sb.tokens as unknown as { accessToken?: (...a: unknown[]) => { token?: unknown } };
  const original = issuer.accessToken;
  if (typeof original !== "function") return;
  issuer.accessToken = function recorded(this: unknown, ...args: unknown[]) {
    const issued = original.apply(this, args);
    if (typeof issued?.token === "string") secrets.add("access token", issued.token);
    return issued;
  };
}

export async function startWorld(): Promise<World> {
  const sb = await start({ port: 0 });
  const hook = await startHook();
  const delegatedToken = await signIn(sb);
  const appToken = String(await appOnlyToken(sb.url));
  const secrets = knownSecrets(delegatedToken, appToken);
  watchIssuedTokens(sb, secrets);
  secrets.watch("refresh token", () => issuedRefreshTokens(sb.store));
  // A request the sandbox cannot parse can fail outside its handler; note it and keep fuzzing.
  const crashes: string[] = [];
  const onCrash = (e: unknown) => void crashes.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  process.on("unhandledRejection", onCrash);
  return {
    sb,
    component,
    harness: createHarness(component),
    hookUrl: hook.url,
    delegatedToken,
    appToken,
    secrets,
    crashes,
    stop: async () => {
      hook.server.closeAllConnections();
      await new Promise<void>((resolve) => hook.server.close(() => resolve()));
      await sb.stop();
      process.off("unhandledRejection", onCrash);
    },
  };
}

export { createConnection };
