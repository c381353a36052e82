import { sendJson } from "../http";
import { checkDirectoryAccess } from "../permissions";
import type { Router } from "../router";
import { odataContext, sendEntity, targetUser } from "./common";
import { applyQuery, nextLink } from "./odata";
import { userJson } from "./serialize";

export function registerUserRoutes(router: Router): void {
  router.add("graph", "GET", "/users", (ctx) => {
    checkDirectoryAccess(ctx.principal!);
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
    checkDirectoryAccess(ctx.principal!, user.id);
    sendEntity(ctx, 200, "users/$entity", userJson(user));
  });
}
