import { readFileSync } from "node:fs";
import type { Connection } from "@prismatic-io/spectral";
import { createConnection } from "@prismatic-io/spectral/dist/testing";
import { authorizationCode } from "../src/connections/authorizationCode";
import { certificate } from "../src/connections/certificate";
import { clientCredentials } from "../src/connections/clientCredentials";
import { oauth2 } from "../src/connections/oauth2";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS, start, type Sandbox } from "../sandbox";
import { CliError, usageError } from "./errors";
import { registerSecret } from "./output";

/**
 * Where a command runs and with which connection:
 * - `--sandbox-url URL`: a sandbox already running (`npm run sandbox`), so a person can look at
 *   what happened in it; the connection is the seeded app's, sending as Adele by default;
 * - OUTLOOK_TENANT set: a real tenant, with the connection described by OUTLOOK_* variables;
 * - otherwise an embedded sandbox started in this process (seeded), with the same connection.
 */

export interface Target {
  kind: "embedded" | "sandbox" | "tenant";
  /** Where Graph is, for people (never carries a secret). */
  description: string;
  connection: Connection;
  /** The embedded sandbox, when there is one. */
  sandbox?: Sandbox;
  close(): Promise<void>;
}

/** The variables a real tenant's connection is read from (README "Command line"). */
export const ENV = {
  connection: "OUTLOOK_CONNECTION",
  tenant: "OUTLOOK_TENANT",
  clientId: "OUTLOOK_CLIENT_ID",
  clientSecret: "OUTLOOK_CLIENT_SECRET",
  certificatePath: "OUTLOOK_CERTIFICATE_PATH",
  certificatePassword: "OUTLOOK_CERTIFICATE_PASSWORD",
  refreshToken: "OUTLOOK_REFRESH_TOKEN",
  mailbox: "OUTLOOK_MAILBOX",
  cloud: "OUTLOOK_CLOUD",
  graphUrl: "OUTLOOK_GRAPH_URL",
  authority: "OUTLOOK_AUTHORITY",
  scopes: "OUTLOOK_SCOPES",
} as const;

/** The component maps it to the chosen national cloud's Graph. */
const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";

const env = (name: string): string | undefined => process.env[name]?.trim() || undefined;

function required(name: string, why: string): string {
  const value = env(name);
  if (!value) throw new CliError("PropertyNull", `${name} is required ${why}.`, name);
  return value;
}

/** The seeded app's client credentials connection against a sandbox at `url`. */
export function sandboxConnection(url: string, mailbox = env(ENV.mailbox) ?? USERS.adele.upn): Connection {
  registerSecret(DEFAULT_APP_SECRET);
  return createConnection(clientCredentials, {
    cloud: "global",
    baseUrl: url,
    entraEndpoint: url,
    tenant: DEFAULT_TENANT_ID,
    clientId: DEFAULT_APP_ID,
    clientSecret: DEFAULT_APP_SECRET,
    scopes: "https://graph.microsoft.com/.default",
    userId: mailbox,
  });
}

/** A certificate file as the connection takes it: PEM text, or a PFX's bytes as base64. */
function certificateText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new CliError("CertificateInvalid", `${ENV.certificatePath}: cannot read '${path}'.`, ENV.certificatePath);
  }
  const text = bytes.toString("utf8");
  return text.includes("-----BEGIN") ? text : bytes.toString("base64");
}

function tenantFields(): Record<string, string | undefined> {
  return {
    cloud: env(ENV.cloud) ?? "global",
    baseUrl: env(ENV.graphUrl) ?? "https://graph.microsoft.com",
    entraEndpoint: env(ENV.authority) ?? "https://login.microsoftonline.com",
    tenant: required(ENV.tenant, "for a real tenant"),
    clientId: required(ENV.clientId, "for a real tenant"),
    userId: env(ENV.mailbox),
  };
}

/** The connection OUTLOOK_* variables describe. Secrets are registered so no output shows them. */
export function tenantConnection(): Connection {
  const kind = env(ENV.connection) ?? "clientCredentials";
  const fields = tenantFields();
  if (kind === "clientCredentials") {
    const clientSecret = required(ENV.clientSecret, "for client credentials");
    registerSecret(clientSecret);
    return createConnection(clientCredentials, {
      ...fields,
      clientSecret,
      scopes: GRAPH_DEFAULT_SCOPE,
      tokenUrl: `${fields.entraEndpoint}/${fields.tenant}/oauth2/v2.0/token`,
    });
  }
  if (kind === "certificate") {
    const password = env(ENV.certificatePassword);
    registerSecret(password);
    const pem = certificateText(required(ENV.certificatePath, "for certificate credentials"));
    return createConnection(certificate, {
      ...fields,
      certificate: pem,
      certificatePassword: password,
      scopes: GRAPH_DEFAULT_SCOPE,
    });
  }
  if (kind === "authorizationCode" || kind === "oauth2") return delegatedConnection(fields, kind);
  throw new CliError(
    "ArgumentInvalid",
    `${ENV.connection} must be clientCredentials, certificate, oauth2 or authorizationCode (got '${kind}').`,
    ENV.connection,
  );
}

/** Delegated: the refresh token `outlook signin` printed, redeemed by the component as the platform's token. */
function delegatedConnection(
  fields: Record<string, string | undefined>,
  kind: "authorizationCode" | "oauth2",
): Connection {
  const clientSecret = required(ENV.clientSecret, "for the authorization code connection");
  const refreshToken = required(ENV.refreshToken, "for the authorization code connection (see 'outlook signin')");
  registerSecret(clientSecret);
  registerSecret(refreshToken);
  // What the person consented to at sign-in: Graph's .default asks for exactly that on each refresh.
  const common = {
    baseUrl: fields.baseUrl,
    clientId: fields.clientId,
    clientSecret,
    scopes: env(ENV.scopes) ?? `${GRAPH_DEFAULT_SCOPE} offline_access`,
  };
  const token = { refresh_token: refreshToken };
  if (kind === "oauth2") {
    // The current connection takes the sign-in host and tenant as one Tenant URL, without its scheme; the
    // connection itself checks what is left (a malformed authority is refused there, naming connection.tenantUrl).
    const host = fields.entraEndpoint!.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
    const tenantUrl = `${host}/${fields.tenant}`;
    return createConnection(oauth2, { ...common, tenantUrl }, token);
  }
  const identity = `${fields.entraEndpoint}/${fields.tenant}/oauth2/v2.0`;
  const urls = { authorizeUrl: `${identity}/authorize`, tokenUrl: `${identity}/token` };
  return createConnection(authorizationCode, { ...common, cloud: fields.cloud, ...urls }, token);
}

function checkUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol === "https:" || u.protocol === "http:") return u.origin;
  } catch {
    /* reported below */
  }
  throw usageError(`--sandbox-url must be the sandbox's base URL, e.g. https://127.0.0.1:4433 (got '${url}').`);
}

/** A sandbox started in this process with the built-in seed, and the seeded app's connection to it. */
export async function embeddedTarget(mailbox?: string): Promise<Target & { sandbox: Sandbox }> {
  const sandbox = await start({ port: 0 });
  return {
    kind: "embedded",
    description: `the embedded sandbox at ${sandbox.url}`,
    connection: sandboxConnection(sandbox.url, mailbox),
    sandbox,
    close: () => sandbox.stop(),
  };
}

export async function openTarget(sandboxUrl: string | undefined): Promise<Target> {
  const done = async () => undefined;
  if (sandboxUrl) {
    const url = checkUrl(sandboxUrl);
    return { kind: "sandbox", description: `the sandbox at ${url}`, connection: sandboxConnection(url), close: done };
  }
  if (env(ENV.tenant)) {
    const connection = tenantConnection();
    const graph = String(connection.fields.baseUrl);
    return { kind: "tenant", description: `tenant ${env(ENV.tenant)} at ${graph}`, connection, close: done };
  }
  return embeddedTarget();
}
