import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createConnection, createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../../src";
import { authorizationCode } from "../../src/connections/authorizationCode";
import { certificate } from "../../src/connections/certificate";
import { clientCredentials } from "../../src/connections/clientCredentials";
import { confirmPolicy } from "../../src/graph/lostAnswers";
import { retryPolicy } from "../../src/graph/retry";
import {
  CERT_DIR,
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_TENANT_ID,
  USERS,
  start,
  type Sandbox,
  type SandboxOptions,
} from "../../sandbox";

export { scheduledPayload } from "../../scripts/sandboxMail";

export const harness = createHarness(component);
export const PFX_PASSWORD = "sandbox-pfx-password";
export const certPem = () =>
  readFileSync(join(CERT_DIR, "app-cert.pem"), "utf8") + readFileSync(join(CERT_DIR, "app-key.pem"), "utf8");
export const pfxBase64 = () => readFileSync(join(CERT_DIR, "app.pfx")).toString("base64");

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return start({ port: 0, ...options });
}

type Fields = Record<string, unknown>;

/** Client credentials with a secret, pointed at the sandbox by its Base URL and Entra endpoint. */
export function secretConnection(sb: Sandbox, fields: Fields = {}) {
  return createConnection(clientCredentials, {
    cloud: "global",
    baseUrl: sb.url,
    entraEndpoint: sb.url,
    tenant: DEFAULT_TENANT_ID,
    clientId: DEFAULT_APP_ID,
    clientSecret: DEFAULT_APP_SECRET,
    scopes: "https://graph.microsoft.com/.default",
    userId: USERS.adele.upn,
    tokenUrl: `${sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`,
    ...fields,
  });
}

export function certificateConnection(sb: Sandbox, fields: Fields = {}) {
  return createConnection(certificate, {
    cloud: "global",
    baseUrl: sb.url,
    entraEndpoint: sb.url,
    tenant: DEFAULT_TENANT_ID,
    clientId: DEFAULT_APP_ID,
    certificate: certPem(),
    scopes: "https://graph.microsoft.com/.default",
    userId: USERS.adele.upn,
    ...fields,
  });
}

/**
 * Signs a user in as the platform would: to the Authorize URL (the sandbox answers with a code for the login hint),
 * then the code for tokens at the Token URL, whose answer this is.
 */
export async function signInWithCode(
  authorizeUrl: string,
  tokenUrl: string,
  scopes: string,
  user: string = USERS.adele.upn,
): Promise<Response> {
  const redirect = "http://localhost/callback";
  const query = new URLSearchParams({
    client_id: DEFAULT_APP_ID,
    response_type: "code",
    redirect_uri: redirect,
    scope: scopes,
    login_hint: user,
    state: "s",
  });
  const auth = await fetch(`${authorizeUrl}?${query}`, { redirect: "manual" });
  const code = new URL(auth.headers.get("location")!).searchParams.get("code")!;
  return fetch(tokenUrl, {
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
}

/**
 * Signs Adele in through the sandbox's authorize and token endpoints, as the platform would, and returns the connection
 * with its tokens.
 */
export async function authorizationCodeConnection(
  sb: Sandbox,
  scopes = ["User.Read", "Mail.ReadWrite", "Mail.Send", "Mail.Send.Shared"]
    .map((s) => `https://graph.microsoft.com/${s}`)
    .concat("offline_access")
    .join(" "),
) {
  const authorizeUrl = `${sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/authorize`;
  const tokenUrl = `${sb.url}/${DEFAULT_TENANT_ID}/oauth2/v2.0/token`;
  const token = (await (await signInWithCode(authorizeUrl, tokenUrl, scopes)).json()) as Record<string, unknown>;
  const connection = createConnection(
    authorizationCode,
    {
      cloud: "global",
      baseUrl: sb.url,
      authorizeUrl,
      tokenUrl,
      scopes,
      clientId: DEFAULT_APP_ID,
      clientSecret: DEFAULT_APP_SECRET,
    },
    token,
  );
  return { connection, token };
}

/**
 * A stored message by an id Graph gave: its REST id or its immutable id (the component asks Graph for immutable ids,
 * which the store keeps beside the REST id).
 */
export function storedMessage(sb: Sandbox, userId: string, id: unknown) {
  return [...sb.store.mailbox(userId).messages.values()].find((m) => m.id === id || m.immutableId === id);
}

/** Messages in a mailbox's well-known folder, straight from the sandbox's store. */
export function folderMessages(sb: Sandbox, userId: string, folder: string) {
  const mb = sb.store.mailbox(userId);
  const id = sb.store.folderByWellKnown(mb, folder).id;
  return [...mb.messages.values()].filter((m) => m.folderId === id);
}

export type ActionData = Record<string, unknown> & { value?: Record<string, unknown>[] };

/**
 * An action runner on a connection made later (in beforeAll): `run(key, params)` runs the action
 * through the harness with that connection and returns its data.
 */
export function actionRunner(connection: () => unknown) {
  return async (key: string, params: Record<string, unknown>): Promise<ActionData> =>
    ((await harness.action(key, { connection: connection(), ...params })) as { data: ActionData }).data;
}

/** Runs an action and returns the error it throws (failing the test if it succeeds). */
export async function actionError(
  key: string,
  params: Record<string, unknown>,
): Promise<Error & Record<string, unknown>> {
  try {
    await harness.action(key, params);
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error(`expected ${key} to fail`);
}

/**
 * Shortens the component's waits for this test file and puts them back after it: the retry backoff (the sandbox
 * answers at once, with Retry-After 0) and the look for a lost answer's effect (the sandbox files Sent Items at once).
 */
export function shortenWaits(...waits: ("retry" | "confirm")[]): void {
  const saved = { retry: { ...retryPolicy }, confirm: { ...confirmPolicy } };
  beforeAll(() => {
    if (waits.includes("retry")) Object.assign(retryPolicy, { baseDelayMs: 10, maxDelayMs: 50 });
    if (waits.includes("confirm")) Object.assign(confirmPolicy, { settleMs: 200, intervalMs: 50 });
  });
  afterAll(() => {
    if (waits.includes("retry")) Object.assign(retryPolicy, saved.retry);
    if (waits.includes("confirm")) Object.assign(confirmPolicy, saved.confirm);
  });
}

/**
 * Moves this process's Date (the component's clock, and the in-process sandbox's, which reads
 * Date.now) to `ms` without touching timers, so notifications and retries still run.
 */
export function setClock(ms: number): void {
  jest.useFakeTimers({
    doNotFake: [
      "hrtime",
      "nextTick",
      "performance",
      "queueMicrotask",
      "requestAnimationFrame",
      "cancelAnimationFrame",
      "requestIdleCallback",
      "cancelIdleCallback",
      "setImmediate",
      "clearImmediate",
      "setInterval",
      "clearInterval",
      "setTimeout",
      "clearTimeout",
    ],
    now: ms,
  });
}
