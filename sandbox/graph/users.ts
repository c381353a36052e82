import { GraphError, sendBytes, sendJson } from "../http";
import { checkDirectoryAccess } from "../permissions";
import type { RouteContext, Router } from "../router";
import type { SeedUser } from "../store";
import { odataContext, pageSizeOf, sendEntity, targetUser } from "./common";
import { applyQuery, nextLink, parseSelect, selectProperties } from "./odata";
import { userDirectoryJson, userJson } from "./serialize";

/**
 * Users of the tenant, as the directory answers: `$filter`, `$orderby`, `$select`, `$top`; and its
 * advanced queries (`$search`, `$count`, `/users/$count`, `endswith`), which need
 * `ConsistencyLevel: eventual` as Graph's do.
 */

const USER = "microsoft.graph.user";

function eventual(ctx: RouteContext): boolean {
  return /^eventual$/i.test(String(ctx.req.headers.consistencylevel ?? "").trim());
}

function option(ctx: RouteContext, name: string): string | undefined {
  for (const [k, v] of ctx.query) if (k.toLowerCase().replace(/^\$/, "") === name) return v;
  return undefined;
}

function unsupported(what: string): GraphError {
  return new GraphError(
    400,
    "Request_UnsupportedQuery",
    `${what} is an advanced query: send it with the header 'ConsistencyLevel: eventual'.`,
  );
}

/** `$search="displayName:wa" OR "mail:to"`: each quoted clause a property and the text its value contains. */
function searchMatcher(raw: string): (u: Record<string, unknown>) => boolean {
  const clauses = [...raw.matchAll(/"([^":]+):([^"]*)"/g)].map((m) => ({ prop: m[1], text: m[2].toLowerCase() }));
  if (!clauses.length) throw new GraphError(400, "Request_UnsupportedQuery", `Invalid $search clause: ${raw}.`);
  const all = /\bAND\b/.test(raw);
  return (u) => {
    const hits = clauses.map(({ prop, text }) => {
      const key = Object.keys(u).find((k) => k.toLowerCase() === prop.toLowerCase());
      return String(key ? (u[key] ?? "") : "")
        .toLowerCase()
        .split(/[\s@._-]+/)
        .some((word) => word.startsWith(text));
    });
    return all ? hits.every(Boolean) : hits.some(Boolean);
  };
}

const DEFAULT_KEYS = Object.keys(userJson({ id: "", tenantId: "", userPrincipalName: "", mail: "", displayName: "" }));

function defaultProperties(u: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(DEFAULT_KEYS.map((k) => [k, u[k]]));
}

function tenantUsers(ctx: RouteContext): SeedUser[] {
  return [...ctx.store.users.values()].filter((u) => u.tenantId === ctx.principal!.tenantId);
}

function listUsers(ctx: RouteContext): void {
  checkDirectoryAccess(ctx.principal!);
  const search = option(ctx, "search");
  const counting = /^true$/i.test(option(ctx, "count") ?? "");
  const filter = option(ctx, "filter") ?? "";
  if (!eventual(ctx)) {
    if (search !== undefined) throw unsupported("$search");
    if (counting) throw unsupported("$count");
    if (/\bendswith\s*\(/i.test(filter)) throw unsupported("endswith");
  }
  const domain = ctx.store.tenants.get(ctx.principal!.tenantId)?.domain ?? "";
  let items = tenantUsers(ctx).map((u) => userDirectoryJson(u, domain));
  const query = new URLSearchParams(ctx.query);
  if (search !== undefined) {
    items = items.filter(searchMatcher(search));
    for (const k of [...query.keys()]) if (k.toLowerCase().replace(/^\$/, "") === "search") query.delete(k);
  }
  const result = applyQuery(items, query, {
    typeName: USER,
    defaultTop: pageSizeOf(ctx, 100),
    maxTop: 999,
    defaultOrder: [{ path: ["userPrincipalName"], desc: false }],
    orderByMustLeadFilter: false,
  });
  const page: Record<string, unknown> = { "@odata.context": odataContext(ctx, "users") };
  if (counting) page["@odata.count"] = result.total;
  // Without $select, Graph's default set of user properties; the others only when selected.
  page.value = option(ctx, "select") === undefined ? result.items.map(defaultProperties) : result.items;
  if (result.nextSkip !== undefined)
    page["@odata.nextLink"] = nextLink(ctx.origin, "/v1.0/users", ctx.query, result.nextSkip);
  sendJson(ctx.res, 200, page);
}

export function registerUserRoutes(router: Router): void {
  router.add("graph", "GET", "/users", listUsers);
  router.add("graph", "GET", "/users/$count", (ctx) => {
    checkDirectoryAccess(ctx.principal!);
    if (!eventual(ctx)) throw unsupported("$count");
    sendBytes(ctx.res, 200, "text/plain", Buffer.from(String(tenantUsers(ctx).length)));
  });
  router.add("graph", "GET", "/users/{user-id}", (ctx) => {
    const user = targetUser(ctx, "directory");
    checkDirectoryAccess(ctx.principal!, user.id);
    const select = parseSelect(ctx.query, USER);
    const domain = ctx.store.tenants.get(user.tenantId)?.domain ?? "";
    const json = select ? selectProperties(userDirectoryJson(user, domain), select) : userJson(user);
    sendEntity(ctx, 200, "users/$entity", json);
  });
}
