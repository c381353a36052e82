import { GraphError, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import { odataContext, sendEntity, targetUser } from "./common";
import { applyQuery, nextLink } from "./odata";
import { userJson } from "./serialize";

const DIRECTORY_APP_ROLES = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const DIRECTORY_SCOPES = ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All"];

/** Reading a user: an app needs a directory role; a signed-in user may always read themselves (User.Read), others with User.ReadBasic.All or more. */
function checkDirectoryAccess(ctx: RouteContext, targetId?: string): void {
  const p = ctx.principal!;
  const ok =
    p.kind === "app"
      ? DIRECTORY_APP_ROLES.some((r) => p.roles.includes(r))
      : (targetId === p.userId &&
          ["User.Read", "User.ReadWrite", ...DIRECTORY_SCOPES].some((s) => p.scopes.includes(s))) ||
        DIRECTORY_SCOPES.some((s) => p.scopes.includes(s));
  if (!ok)
    throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

export function registerUserRoutes(router: Router): void {
  router.add("graph", "GET", "/users", (ctx) => {
    checkDirectoryAccess(ctx);
    const items = [...ctx.store.users.values()].filter((u) => u.tenantId === ctx.principal!.tenantId).map(userJson);
    const result = applyQuery(items, ctx.query, {
      typeName: "microsoft.graph.user",
      defaultTop: 100,
      maxTop: 999,
      defaultOrder: [{ path: ["userPrincipalName"], desc: false }],
    });
    const page: Record<string, unknown> = { "@odata.context": odataContext(ctx, "users"), value: result.items };
    if (result.nextSkip !== undefined)
      page["@odata.nextLink"] = nextLink(ctx.origin, "/v1.0/users", ctx.query, result.nextSkip);
    sendJson(ctx.res, 200, page);
  });
  router.add("graph", "GET", "/users/{user-id}", (ctx) => {
    const user = targetUser(ctx, "directory");
    checkDirectoryAccess(ctx, user.id);
    sendEntity(ctx, 200, "users/$entity", userJson(user));
  });
}
