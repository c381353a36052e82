import { IdentityError } from "../http";
import { GRAPH_PERMISSIONS } from "../permissions";
import type { RouteContext } from "../router";
import type { SeedApp } from "../store";
import { missingParameter } from "./errors";

/**
 * The `scope` parameter as Entra reads it: OpenID scopes apart, every other scope on one resource
 * (Graph, by any of its names, or the sandbox's own URL), each a permission Graph defines or
 * ".default"; and the delegated permissions a request is granted from what the app was consented.
 */

export const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

/** Graph's resource identifiers in every national cloud, plus its application id. */
const GRAPH_RESOURCES = [
  "https://graph.microsoft.com",
  "https://graph.microsoft.us",
  "https://dod-graph.microsoft.us",
  "https://microsoftgraph.chinacloudapi.cn",
  "00000003-0000-0000-c000-000000000000",
];

export interface ParsedScopes {
  resource?: string;
  /** Graph permission names requested, or [".default"]. */
  permissions: string[];
  oidc: string[];
}

/** The sandbox's own URL (by any of its names) names Graph too, so a client can ask for "{url}/.default". */
function isSandboxHost(resource: string, ctx: RouteContext): boolean {
  try {
    return new URL(resource).host.toLowerCase() === new URL(ctx.origin).host.toLowerCase();
  } catch {
    return false;
  }
}

function isGraphResource(resource: string, ctx: RouteContext): boolean {
  const r = resource.toLowerCase();
  return GRAPH_RESOURCES.includes(r) || r === ctx.origin.toLowerCase() || isSandboxHost(resource, ctx);
}

function unknownResource(resource: string, tenantName: string): IdentityError {
  return new IdentityError(
    400,
    "invalid_resource",
    [500011],
    `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen ` +
      "if the application has not been installed by the administrator of the tenant or consented to by any user " +
      "in the tenant. You might have sent your authentication request to the wrong tenant.",
  );
}

/** One Graph scope ("https://graph.microsoft.com/Mail.Send", "Mail.Send", "{url}/.default") into `out`. */
function addResourceScope(out: ParsedScopes, scope: string, raw: string, ctx: RouteContext, tenantName: string): void {
  const slash = scope.lastIndexOf("/");
  const resource = slash > 0 ? scope.slice(0, slash).replace(/\/$/, "") : "https://graph.microsoft.com";
  const permission = slash > 0 ? scope.slice(slash + 1) : scope;
  if (!isGraphResource(resource, ctx)) throw unknownResource(resource, tenantName);
  if (out.resource && out.resource !== resource.toLowerCase()) {
    throw new IdentityError(
      400,
      "invalid_request",
      [28000],
      "Provided value for the input parameter scope is not valid because it contains more than one resource. " +
        `Scope ${raw} is not valid.`,
    );
  }
  out.resource = resource.toLowerCase();
  if (permission !== ".default" && !GRAPH_PERMISSIONS.has(permission)) {
    throw new IdentityError(
      400,
      "invalid_scope",
      [70011],
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    );
  }
  out.permissions.push(permission);
}

export function parseScopes(raw: string | null, ctx: RouteContext, tenantName: string): ParsedScopes {
  if (!raw || !raw.trim()) throw missingParameter("scope");
  const out: ParsedScopes = { permissions: [], oidc: [] };
  for (const scope of raw.split(/\s+/).filter(Boolean)) {
    if (OIDC_SCOPES.has(scope.toLowerCase())) out.oidc.push(scope.toLowerCase());
    else addResourceScope(out, scope, raw, ctx, tenantName);
  }
  return out;
}

/**
 * Delegated permissions granted for a request: all consented ones for ".default", else exactly
 * those asked (each must be consented, by an admin for the app or by the user; AADSTS65001 otherwise).
 */
export function grantDelegated(app: SeedApp, scopes: ParsedScopes, userConsented: string[] = []): string[] {
  const consented = [...(app.delegatedPermissions ?? []), ...userConsented].filter((p) => !OIDC_SCOPES.has(p));
  if (scopes.permissions.includes(".default")) return consented;
  const missing = scopes.permissions.filter((p) => !consented.includes(p));
  if (missing.length) {
    throw new IdentityError(
      400,
      "invalid_grant",
      [65001],
      `The user or administrator has not consented to use the application with ID '${app.clientId}' named ` +
        `'${app.displayName}'. Send an interactive authorization request for this user and resource.`,
      { suberror: "consent_required" },
    );
  }
  return scopes.permissions.length ? scopes.permissions : ["User.Read"].filter((p) => consented.includes(p));
}
