import { timingSafeEqual } from "node:crypto";
import { IdentityError } from "../http";
import type { RouteContext } from "../router";
import type { SeedApp, SeedSecret, SeedTenant } from "../store";
import { verifyAssertion } from "./assertion";
import { audienceOf, consumerSecretMissing } from "./consumers";
import { credentialMissing, invalidClient, missingParameter } from "./errors";
import { findApp } from "./request";

/**
 * Client authentication at the token endpoint: a client secret (form field or HTTP Basic), a
 * certificate-signed client assertion, or nothing for a public client. `appidacr` records which
 * ("0" public, "1" secret, "2" certificate), as Entra puts it in the access token.
 */

const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface AuthenticatedClient {
  app: SeedApp;
  appidacr: "0" | "1" | "2";
}

/** HTTP Basic credentials are form-encoded (RFC 6749 2.3.1); text that does not decode is taken as it is. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** The client id and secret a request carries: form fields first, then an HTTP Basic header. */
function credentials(ctx: RouteContext, params: URLSearchParams): { clientId?: string; secret?: string } {
  let clientId = params.get("client_id") ?? undefined;
  let secret = params.get("client_secret") ?? undefined;
  const basic = /^Basic\s+(.+)$/i.exec(String(ctx.req.headers.authorization ?? ""))?.[1];
  if (basic) {
    const [id, ...rest] = Buffer.from(basic, "base64").toString("utf8").split(":");
    clientId ??= formDecode(id);
    secret ??= formDecode(rest.join(":"));
  }
  return { clientId, secret };
}

/** Checks the client's credential: secret (post or basic), certificate assertion, or none for public clients. */
export function authenticateClient(
  ctx: RouteContext,
  params: URLSearchParams,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): AuthenticatedClient {
  const { clientId, secret } = credentials(ctx, params);
  if (!clientId) throw missingParameter("client_id");
  const app = findApp(ctx.store, clientId, tenant, tenantSegment);
  const assertion = params.get("client_assertion");
  if (assertion || params.get("client_assertion_type")) {
    if (params.get("client_assertion_type") !== CLIENT_ASSERTION_TYPE) {
      throw new IdentityError(
        400,
        "invalid_request",
        [50027],
        `JWT token is invalid or malformed: client_assertion_type must be ${CLIENT_ASSERTION_TYPE}.`,
      );
    }
    if (!assertion) throw missingParameter("client_assertion");
    verifyAssertion(ctx, app, assertion, tenant, tenantSegment);
    return { app, appidacr: "2" };
  }
  if (secret) {
    checkSecret(app, secret, ctx.clock.now());
    return { app, appidacr: "1" };
  }
  if (app.publicClient) return { app, appidacr: "0" };
  throw audienceOf(ctx.store, tenantSegment) === "consumers" ? consumerSecretMissing() : credentialMissing();
}

/** A secret must be one of the app's, and not past its end date (AADSTS7000215, AADSTS7000222). */
function checkSecret(app: SeedApp, secret: string, now: number): void {
  const match = (app.secrets ?? []).find((s: SeedSecret) => equalSecrets(typeof s === "string" ? s : s.value, secret));
  if (!match) {
    throw invalidClient(
      [7000215],
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, " +
        `not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  if (typeof match !== "string" && Date.parse(match.endDateTime) <= now) {
    throw invalidClient(
      [7000222],
      `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create ` +
        "new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for " +
        "added security: https://aka.ms/certCreds.",
    );
  }
}

function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
