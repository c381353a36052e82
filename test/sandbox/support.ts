import { createHash, randomUUID, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import jwt from "jsonwebtoken";
import { ConfidentialClientApplication, PublicClientApplication, type Configuration } from "@azure/msal-node";
import { Client } from "@microsoft/microsoft-graph-client";
import {
  CERT_DIR,
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_TENANT_ID,
  start,
  type Sandbox,
  type SandboxOptions,
} from "../../sandbox";

export const certFile = (name: string) => readFileSync(join(CERT_DIR, name), "utf8");

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return start({ port: 0, ...options });
}

/** msal-node's configuration for the sandbox: its authority, listed as known so no Microsoft host is asked. */
export function msalConfig(
  sb: Sandbox,
  auth: Partial<Configuration["auth"]> & { clientId: string },
  tenant = DEFAULT_TENANT_ID,
): Configuration {
  return { auth: { authority: `${sb.url}/${tenant}`, knownAuthorities: [new URL(sb.url).host], ...auth } };
}

export function secretClient(
  sb: Sandbox,
  clientId = DEFAULT_APP_ID,
  clientSecret = DEFAULT_APP_SECRET,
  tenant = DEFAULT_TENANT_ID,
): ConfidentialClientApplication {
  return new ConfidentialClientApplication(msalConfig(sb, { clientId, clientSecret }, tenant));
}

export function certificateClient(
  sb: Sandbox,
  o: { sha256?: boolean; cert?: string; key?: string } = {},
): ConfidentialClientApplication {
  const cert = new X509Certificate(certFile(o.cert ?? "app-cert.pem"));
  const privateKey = certFile(o.key ?? "app-key.pem");
  const clientCertificate = o.sha256
    ? { thumbprintSha256: createHash("sha256").update(cert.raw).digest("hex"), privateKey }
    : { thumbprint: createHash("sha1").update(cert.raw).digest("hex"), privateKey };
  return new ConfidentialClientApplication(msalConfig(sb, { clientId: DEFAULT_APP_ID, clientCertificate }));
}

export function publicClient(sb: Sandbox, clientId: string): PublicClientApplication {
  return new PublicClientApplication(msalConfig(sb, { clientId }));
}

export async function appToken(sb: Sandbox): Promise<string> {
  const result = await secretClient(sb).acquireTokenByClientCredential({
    scopes: ["https://graph.microsoft.com/.default"],
  });
  return result!.accessToken;
}

/** The Graph JS client, unmodified, pointed at the sandbox (its host listed so the token is attached). */
export function graphClient(sb: Sandbox, token: string | (() => Promise<string>)): Client {
  return Client.init({
    baseUrl: sb.url,
    customHosts: new Set([new URL(sb.url).hostname]),
    authProvider: (done) => {
      Promise.resolve(typeof token === "string" ? token : token()).then(
        (t) => done(null, t),
        (e) => done(e, null),
      );
    },
  });
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

/** A plain HTTP request to the sandbox, for the cases no client library would send. */
export async function raw(
  sb: Sandbox,
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: string | Buffer; token?: string } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  const body = typeof o.body === "string" || o.body === undefined ? o.body : new Uint8Array(o.body);
  const res = await fetch(path.startsWith("http") ? path : `${sb.url}${path}`, {
    method,
    headers,
    body,
    redirect: "manual",
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function form(fields: Record<string, string>): { headers: Record<string, string>; body: string } {
  return {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

export async function tokenRequest(
  sb: Sandbox,
  fields: Record<string, string>,
  tenant = DEFAULT_TENANT_ID,
): Promise<RawResponse> {
  return raw(sb, "POST", `/${tenant}/oauth2/v2.0/token`, form(fields));
}

/** A client assertion signed with the given key, with the header and claims overridable. */
export function assertion(o: {
  aud: string;
  cert?: string;
  key?: string;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  alg?: "RS256" | "PS256";
  base64Thumbprint?: boolean;
}): string {
  const cert = new X509Certificate(certFile(o.cert ?? "app-cert.pem"));
  const thumb = createHash(o.alg === "PS256" ? "sha256" : "sha1")
    .update(cert.raw)
    .digest(o.base64Thumbprint ? "base64" : "base64url");
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: o.aud,
    iss: DEFAULT_APP_ID,
    sub: DEFAULT_APP_ID,
    jti: randomUUID(),
    nbf: now,
    exp: now + 600,
    ...o.claims,
  };
  const header = {
    alg: o.alg ?? "RS256",
    typ: "JWT",
    ...(o.alg === "PS256" ? { "x5t#S256": thumb } : { x5t: thumb }),
    ...o.header,
  };
  return jwt.sign(claims, certFile(o.key ?? "app-key.pem"), {
    algorithm: o.alg ?? "RS256",
    header: header as jwt.JwtHeader,
  });
}

export function claimsOf(token: string): Record<string, unknown> {
  return jwt.decode(token) as Record<string, unknown>;
}

/** A PKCE pair for authorization-code tests. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomUUID() + randomUUID();
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** The Graph client's error for a call expected to fail (the test fails if it succeeds). */
export async function graphError(p: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { statusCode: number; code: string; message: string };
  }
  throw new Error("expected a Graph error");
}

/** Graph's error shape and headers, on every failure; never a stack trace. */
export function expectGraphError(res: RawResponse, status: number, code: string): void {
  expect(res.status).toBe(status);
  const error = res.json.error as { code: string; message: string; innerError: Record<string, string> };
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.innerError["request-id"]).toBe(res.headers.get("request-id"));
  expect(error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(res.headers.get("client-request-id")).toBeTruthy();
  expect(res.headers.get("date")).toBeTruthy();
  expect(res.text).not.toMatch(/\bat \w+ \(|node_modules|\.ts:\d+/);
}

export const jsonBody = (body: string) => ({ headers: { "Content-Type": "application/json" }, body });
