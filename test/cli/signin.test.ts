import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import {
  CONSUMER_USERS,
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_TENANT_ID,
  PERSONAL_APP_ID,
  PUBLIC_CLIENT_APP_ID,
  USERS,
  approveDeviceCode,
  defaultSeed,
  start,
  type Sandbox,
} from "../../sandbox";
import { harness } from "../component/support";
import { appriseConnection } from "../component/personal/support";
import { ROOT, errorOf, runner, runnerEnv, startRunner } from "./support";

/**
 * `outlook signin`: the device code and authorization code flows against the sandbox's identity
 * platform. The refresh token is printed once, on stdout, and nowhere else; and it works.
 */

let sb: Sandbox;
let redirectPort: number;

/** A free port for the redirect, registered on the public client before the sandbox starts (as in Entra). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  redirectPort = await freePort();
  const seed = defaultSeed();
  const app = seed.apps.find((a) => a.clientId === PUBLIC_CLIENT_APP_ID)!;
  app.redirectUris = [...(app.redirectUris ?? []), `http://localhost:${redirectPort}`];
  sb = await start({ port: 0, seed });
});
afterAll(() => sb.stop());

/** Redeems a refresh token at the sandbox, as the component would: an access token and its scopes. */
async function redeem(
  refreshToken: string,
  tenant: string,
  clientId = PUBLIC_CLIENT_APP_ID,
): Promise<{ access_token: string; scope: string }> {
  const token = await fetch(`${sb.url}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: refreshToken,
    }),
  });
  expect(token.status).toBe(200);
  return (await token.json()) as { access_token: string; scope: string };
}

/** Whom a refresh token signs in: /me read with the access token it buys. */
async function whoHolds(refreshToken: string, tenant: string): Promise<string> {
  const { access_token } = await redeem(refreshToken, tenant);
  const me = await fetch(`${sb.url}/v1.0/me`, { headers: { Authorization: `Bearer ${access_token}` } });
  return ((await me.json()) as { userPrincipalName: string }).userPrincipalName;
}

/** The user code from the device code prompt on stderr. */
const userCode = (line: string) => /enter the code (\w+)/.exec(line)![1];

it("device code: prints the user code, then the refresh token once, which works", async () => {
  const signin = startRunner(["signin", "--device-code", "--client-id", PUBLIC_CLIENT_APP_ID, "--authority", sb.url]);
  approveDeviceCode(sb.store, userCode(await signin.line("stderr", /enter the code/)), USERS.megan.upn);
  const done = await signin.exited;
  expect(done.code).toBe(0);
  const lines = done.stdout.split("\n").filter(Boolean);
  expect(lines).toHaveLength(1);
  const [refreshToken] = lines;
  expect(done.stderr).not.toContain(refreshToken);
  expect(done.stderr.split("\n")).toHaveLength(1); // the prompt, nothing else: no token, no progress
  expect(await whoHolds(refreshToken, "organizations")).toBe(USERS.megan.upn);
});

it("npm run signin -- --personal: the consumers authority and Mail.Send offline_access", async () => {
  const before = sb.requests.length;
  const child = spawn(
    "npm",
    ["run", "--silent", "signin", "--", "--personal", "--device-code", "--client-id", PERSONAL_APP_ID],
    { cwd: ROOT, env: runnerEnv({ OUTLOOK_AUTHORITY: sb.url }), stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  const prompt = await new Promise<string>((resolve) =>
    createInterface({ input: child.stderr }).on("line", (l) => /enter the code/.test(l) && resolve(l)),
  );
  approveDeviceCode(sb.store, userCode(prompt), CONSUMER_USERS.sam.upn);
  expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
  const asked = sb.requests.slice(before).find((r) => r.path.endsWith("/devicecode"))!;
  expect(asked.path).toBe("/consumers/oauth2/v2.0/devicecode");
  // The token it buys sends mail as the person, and does nothing more (no Mail.Read, no User.Read).
  const { access_token, scope } = await redeem(stdout.trim(), "consumers", PERSONAL_APP_ID);
  const graphScopes = scope.split(" ").map((s) => s.replace("https://graph.microsoft.com/", ""));
  expect(graphScopes.filter((s) => !["openid", "profile", "email", "offline_access"].includes(s))).toEqual([
    "Mail.Send",
  ]);
  const sendMail = await fetch(`${sb.url}/v1.0/me/sendMail`, {
    method: "POST",
    headers: { Authorization: `Bearer ${access_token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      message: { subject: "Personal", toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] },
    }),
  });
  expect(sendMail.status).toBe(202);
  const read = await fetch(`${sb.url}/v1.0/me/messages`, { headers: { Authorization: `Bearer ${access_token}` } });
  expect(read.status).toBe(403);
});

it("signin --personal (a device code by default) --apprise: prints an Apprise URL that sends as it is", async () => {
  const signin = startRunner([
    "signin",
    "--personal",
    "--client-id",
    PERSONAL_APP_ID,
    "--authority",
    sb.url,
    "--apprise",
    CONSUMER_USERS.kai.upn,
  ]);
  approveDeviceCode(sb.store, userCode(await signin.line("stderr", /enter the code/)), CONSUMER_USERS.kai.upn);
  const done = await signin.exited;
  expect(done.code).toBe(0);
  const url = done.stdout.trim();
  expect(url).toMatch(new RegExp(`^o365://${CONSUMER_USERS.kai.upn}/${PERSONAL_APP_ID}/[^/]+/$`));
  expect(done.stderr).not.toContain(url.split("/")[4]);
  const sent = await harness.action(
    "sendNotification",
    { connection: appriseConnection(sb, url), title: "From the signin URL", body: "hi" },
    { crossFlowState: {} },
  );
  expect((sent as { data: Record<string, unknown> }).data).toMatchObject({ sent: true, to: [CONSUMER_USERS.kai.upn] });
});

it("signin --apprise needs --personal and an address", async () => {
  const done = await runner(["signin", "--client-id", PERSONAL_APP_ID, "--apprise", "kai"]);
  expect(done.code).toBe(2);
  expect(errorOf(done.stderr).message).toContain("--apprise");
});

it("authorization code: receives the redirect on a local port and prints a working refresh token", async () => {
  const signin = startRunner([
    "signin",
    "--client-id",
    PUBLIC_CLIENT_APP_ID,
    "--tenant",
    DEFAULT_TENANT_ID,
    "--authority",
    sb.url,
    "--port",
    String(redirectPort),
    "--login-hint",
    USERS.alex.upn,
  ]);
  const url = await signin.line("stderr", /^https:\/\/127\.0\.0\.1:\d+\/.*\/oauth2\/v2\.0\/authorize\?/);
  const query = new URL(url).searchParams;
  expect(query.get("code_challenge_method")).toBe("S256");
  expect(query.get("redirect_uri")).toBe(`http://localhost:${redirectPort}`);
  // The browser's part: the sandbox signs Alex in (login_hint) and redirects to the runner's port.
  const authorize = await fetch(url, { redirect: "manual" });
  expect(authorize.status).toBe(302);
  const landing = await fetch(authorize.headers.get("location")!);
  expect(await landing.text()).toContain("You're signed in");
  const done = await signin.exited;
  expect(done.code).toBe(0);
  expect(await whoHolds(done.stdout.trim(), DEFAULT_TENANT_ID)).toBe(USERS.alex.upn);
  expect(done.stderr).not.toContain(done.stdout.trim());
});

it("a confidential app's refresh token runs actions as the person, through OUTLOOK_* variables", async () => {
  const env = {
    OUTLOOK_CLIENT_ID: DEFAULT_APP_ID,
    OUTLOOK_CLIENT_SECRET: DEFAULT_APP_SECRET,
    OUTLOOK_TENANT: DEFAULT_TENANT_ID,
    OUTLOOK_AUTHORITY: sb.url,
  };
  const signin = startRunner(["signin", "--device-code"], env);
  approveDeviceCode(sb.store, userCode(await signin.line("stderr", /enter the code/)), USERS.adele.upn);
  const done = await signin.exited;
  expect(done.code).toBe(0);
  const refreshToken = done.stdout.trim();
  expect(done.stderr).not.toContain(DEFAULT_APP_SECRET);
  const me = await runner(["run", "getCurrentUser"], {
    ...env,
    OUTLOOK_CONNECTION: "authorizationCode",
    OUTLOOK_GRAPH_URL: sb.url,
    OUTLOOK_REFRESH_TOKEN: refreshToken,
  });
  expect(me.stderr).toBe("");
  expect(JSON.parse(me.stdout)).toMatchObject({ userPrincipalName: USERS.adele.upn });
  expect(me.stdout).not.toContain(refreshToken);
  // The same refresh token through the current connection, its sign-in URLs made from a Tenant URL.
  const current = await runner(["run", "getCurrentUser"], {
    ...env,
    OUTLOOK_CONNECTION: "oauth2",
    OUTLOOK_GRAPH_URL: sb.url,
    OUTLOOK_REFRESH_TOKEN: refreshToken,
  });
  expect(current.stderr).toBe("");
  expect(JSON.parse(current.stdout)).toMatchObject({ userPrincipalName: USERS.adele.upn });
});

it("reports the identity platform's refusal as a typed error with its AADSTS code", async () => {
  const unknown = "00000000-0000-0000-0000-00000000abcd";
  const { code, stdout, stderr } = await runner([
    "signin",
    "--device-code",
    "--client-id",
    unknown,
    "--tenant",
    DEFAULT_TENANT_ID,
    "--authority",
    sb.url,
  ]);
  expect(code).toBe(1);
  expect(stdout).toBe("");
  expect(errorOf(stderr)).toMatchObject({ code: "AuthenticationFailed", aadstsCodes: [700016] });
  const missing = await runner(["signin", "--authority", sb.url]);
  expect(missing.code).toBe(2);
  expect(errorOf(missing.stderr)).toMatchObject({ code: "PropertyNull", property: "client-id" });
});
