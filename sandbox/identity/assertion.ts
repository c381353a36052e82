import { createHash, X509Certificate } from "node:crypto";
import jwt from "jsonwebtoken";
import type { RouteContext } from "../router";
import type { SeedApp, SeedTenant } from "../store";
import { invalidClient } from "./errors";

/**
 * Certificate credentials: a client assertion JWT signed with a registered certificate's key, as
 * Entra checks it: the certificate chosen by `x5t` (SHA-1, RS256) or `x5t#S256` (SHA-256, PS256),
 * the signature, `exp`/`nbf` within five minutes' skew, `iss` = `sub` = the client id, and `aud`
 * the tenant's token endpoint.
 */

type AssertionHeader = jwt.JwtHeader & { "x5t#S256"?: unknown; x5t?: unknown };

function base64urlNormalize(s: string): string {
  return s.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The registered certificate whose thumbprint the assertion's header names (AADSTS700027 when none). */
function certificateFor(app: SeedApp, header: AssertionHeader): X509Certificate {
  const thumb = header["x5t#S256"] ?? header.x5t;
  if (typeof thumb !== "string" || !thumb) {
    throw invalidClient([50027], "JWT token is invalid or malformed: the header carries neither x5t nor x5t#S256.");
  }
  const wanted = base64urlNormalize(thumb);
  const algo = header["x5t#S256"] ? "sha256" : "sha1";
  const cert = (app.certificates ?? [])
    .map((pem) => new X509Certificate(pem))
    .find((c) => createHash(algo).update(c.raw).digest("base64url") === wanted);
  if (cert) return cert;
  const hex = Buffer.from(wanted, "base64url").toString("hex").toUpperCase();
  throw invalidClient(
    [700027],
    `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by ` +
      `client: '${hex}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured ` +
      `keys for app Id '${app.clientId}'.]`,
  );
}

const isoOf = (seconds: unknown) =>
  typeof seconds === "number" && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : "(none)";

/** Signature and time range (AADSTS700027, AADSTS700024). */
function checkSignature(ctx: RouteContext, assertion: string, cert: X509Certificate, claims: jwt.JwtPayload): void {
  try {
    jwt.verify(assertion, cert.publicKey, {
      algorithms: ["RS256", "PS256"],
      clockTimestamp: Math.floor(ctx.clock.now() / 1000),
      clockTolerance: 300,
    });
  } catch (e) {
    if (e instanceof jwt.TokenExpiredError || e instanceof jwt.NotBeforeError) {
      throw invalidClient(
        [700024],
        `Client assertion is not within its valid time range. Current time: ${ctx.clock.iso()}, assertion valid ` +
          `from ${isoOf(claims.nbf)}, expiry time of assertion ${isoOf(claims.exp)}.`,
      );
    }
    throw invalidClient(
      [700027],
      "Client assertion failed signature validation. [Reason - The provided signature value did not match the " +
        `expected signature value., Thumbprint of key used by client: '${cert.fingerprint.replace(/:/g, "")}', ` +
        `Found key 'Start=${cert.validFrom}, End=${cert.validTo}']`,
    );
  }
}

/** Verifies a client assertion JWT against the app's registered certificates, as Entra does. */
export function verifyAssertion(
  ctx: RouteContext,
  app: SeedApp,
  assertion: string,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): void {
  const decoded = jwt.decode(assertion, { complete: true });
  if (!decoded || typeof decoded.payload === "string") {
    throw invalidClient([50027], "JWT token is invalid or malformed.");
  }
  const claims = decoded.payload;
  checkSignature(ctx, assertion, certificateFor(app, decoded.header), claims);
  if (typeof claims.exp !== "number") {
    throw invalidClient(
      [700024],
      "Client assertion is not within its valid time range: it carries no expiry time (exp).",
    );
  }
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
    throw invalidClient(
      [700021],
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at " +
        "https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    );
  }
  const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
  if (!audienceMatches(aud, tenant, tenantSegment)) {
    throw invalidClient(
      [70002, 50012],
      "Error validating credentials. AADSTS50012: Client assertion audience claim does not match Realm issuer. " +
        `Expected the token endpoint of tenant '${tenant?.domain ?? tenantSegment}'; ` +
        `the assertion's audience is '${aud ?? ""}'.`,
    );
  }
}

/** An assertion's audience is the token endpoint of the tenant, under whatever host name reached us. */
function audienceMatches(aud: string | undefined, tenant: SeedTenant | undefined, tenantSegment: string): boolean {
  if (typeof aud !== "string" || !aud) return false;
  let path: string;
  try {
    path = new URL(aud).pathname.toLowerCase().replace(/\/$/, "");
  } catch {
    return false;
  }
  const names = [tenantSegment, tenant?.id, tenant?.domain].filter(Boolean).map((n) => n!.toLowerCase());
  return names.some(
    (n) => path === `/${n}/oauth2/v2.0/token` || path === `/${n}/oauth2/token` || path === `/${n}/v2.0`,
  );
}
