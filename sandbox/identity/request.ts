import type { RouteContext } from "../router";
import type { SeedApp, SeedTenant, Store } from "../store";
import { audienceOf, checkAppAudience, CONSUMER_TENANT_ID } from "./consumers";
import { appNotFound, missingParameter, tenantNotFound } from "./errors";

/** What every identity endpoint reads from a request: its tenant, its app, its form. */

/**
 * Resolves the tenant segment of an identity URL; undefined for the multi-tenant aliases, the consumer tenant
 * included (apps from any tenant serve personal accounts there).
 */
export function resolveTenant(store: Store, segment: string): SeedTenant | undefined {
  if (["common", "organizations", "consumers"].includes(segment.toLowerCase())) return undefined;
  if (audienceOf(store, segment) === "consumers") return undefined;
  const t = store.findTenant(segment);
  if (!t) throw tenantNotFound(segment);
  return t;
}

export function findApp(
  store: Store,
  clientId: string,
  tenant: SeedTenant | undefined,
  tenantSegment: string,
): SeedApp {
  const app = store.apps.get(clientId);
  if (!app || (tenant && app.tenantId !== tenant.id)) throw appNotFound(clientId, tenant?.domain ?? tenantSegment);
  checkAppAudience(app, audienceOf(store, tenantSegment));
  return app;
}

/** The request's form fields; Entra reads nothing from a POST that is not form-encoded. */
export function form(ctx: RouteContext): URLSearchParams {
  const type = String(ctx.req.headers["content-type"] ?? "");
  if (ctx.method === "POST" && !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw missingParameter("grant_type");
  }
  return new URLSearchParams(ctx.body.toString("utf8"));
}

/**
 * The v2.0 issuer of a tenant, on the origin the caller used ("{tenantid}" for `common` and `organizations`, the
 * consumer tenant's id for `consumers`).
 */
export function issuerFor(ctx: RouteContext, tenant: SeedTenant | undefined, segment = ""): string {
  const consumers = !tenant && audienceOf(ctx.store, segment) === "consumers";
  return `${ctx.origin}/${tenant?.id ?? (consumers ? CONSUMER_TENANT_ID : "{tenantid}")}/v2.0`;
}
