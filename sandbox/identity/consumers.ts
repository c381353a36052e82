import { IdentityError } from "../http";
import type { SeedApp, SeedTenant, SeedUser, Store } from "../store";

/**
 * Personal Microsoft accounts (outlook.com, hotmail.com, live.com, msn.com...) as Entra serves them:
 * they live in one tenant, reached as `consumers` or by its well-known id; an app serves them only
 * when its supported account types include personal accounts; client credentials do not work there.
 */

/** The tenant every personal Microsoft account belongs to (the `tid` of their tokens). */
export const CONSUMER_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

/** Who an authority's tenant segment lets sign in. */
export type Audience = "tenant" | "common" | "organizations" | "consumers";

/** `consumers`, the consumer tenant's id (or any name of it), `common`, `organizations`, or one tenant. */
export function audienceOf(store: Store, segment: string): Audience {
  const s = segment.toLowerCase();
  if (s === "common" || s === "organizations" || s === "consumers") return s;
  if (s === CONSUMER_TENANT_ID || store.findTenant(s)?.id === CONSUMER_TENANT_ID) return "consumers";
  return "tenant";
}

export const isConsumerUser = (user: SeedUser): boolean => user.tenantId === CONSUMER_TENANT_ID;

/** Whether a user may sign in at an authority: personal accounts at `consumers`, the others at theirs. */
export function userInAudience(user: SeedUser, audience: Audience, tenant: SeedTenant | undefined): boolean {
  if (audience === "consumers") return isConsumerUser(user);
  if (audience === "organizations") return !isConsumerUser(user);
  if (audience === "tenant") return !tenant || user.tenantId === tenant.id;
  return true;
}

const servesPersonalAccounts = (app: SeedApp): boolean =>
  app.signInAudience === "AzureADandPersonalMicrosoftAccount" || app.signInAudience === "PersonalMicrosoftAccount";

/** An app at an authority its supported account types do not cover gets Entra's refusal. */
export function checkAppAudience(app: SeedApp, audience: Audience): void {
  if (audience === "consumers" && !servesPersonalAccounts(app)) {
    throw new IdentityError(
      400,
      "unauthorized_client",
      [700016],
      "The client does not exist or is not enabled for consumers. If you are the application developer, configure " +
        "a new application through the App Registrations in the Azure Portal at " +
        "https://go.microsoft.com/fwlink/?linkid=2083908.",
    );
  }
  if (audience !== "consumers" && app.signInAudience === "PersonalMicrosoftAccount") {
    throw new IdentityError(
      400,
      "invalid_request",
      [9002331],
      `Application '${app.clientId}'(${app.displayName}) is configured for use by Microsoft Account users only. ` +
        "Please use the /consumers endpoint to serve this request.",
    );
  }
}

/** AADSTS9001023: client credentials (and other grants with no user) are refused at `consumers`. */
export function grantNotForConsumers(): IdentityError {
  return new IdentityError(
    400,
    "invalid_request",
    [9001023],
    "The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or " +
      "tenant-specific endpoint.",
  );
}

/** AADSTS70002: a confidential app at `consumers` without its secret (Entra's wording there, not 7000218's). */
export function consumerSecretMissing(): IdentityError {
  return new IdentityError(
    401,
    "invalid_client",
    [70002],
    "The provided request must include a 'client_secret' input parameter.",
  );
}
