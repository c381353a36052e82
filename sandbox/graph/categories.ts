import { GraphError, badRequest, notFound, sendEmpty, sendJson } from "../http";
import { guid } from "../ids";
import type { RouteContext, Router } from "../router";
import type { Mailbox, OutlookCategory } from "../store";
import { odataContext, readJson, sendEntity } from "./common";
import { settingsMailbox } from "./mailbox";

/**
 * The mailbox's master list of categories (`/outlook/masterCategories`): names are unique and cannot
 * be changed once created, only the colour can; reading needs MailboxSettings.Read, writing ReadWrite.
 */

const CATEGORY = "microsoft.graph.outlookCategory";

const path = (ctx: RouteContext) => `users('${encodeURIComponent(ctx.params["user-id"])}')/outlook/masterCategories`;

function categoryJson(c: OutlookCategory): Record<string, unknown> {
  return { id: c.id, displayName: c.displayName, color: c.color };
}

function findCategory(ctx: RouteContext, mb: Mailbox): OutlookCategory {
  const c = mb.categories.get(ctx.params["category-id"]);
  if (!c) throw notFound();
  return c;
}

function create(ctx: RouteContext): void {
  const mb = settingsMailbox(ctx, true);
  const body = readJson(ctx, CATEGORY);
  const name = typeof body.displayName === "string" ? body.displayName.trim() : "";
  if (!name) throw badRequest("A category needs a displayName.", "ErrorInvalidRequest");
  if ([...mb.categories.values()].some((c) => c.displayName.toLowerCase() === name.toLowerCase()))
    throw new GraphError(409, "ErrorDuplicateCategoryName", "A category with this name already exists.");
  const category = { id: guid(), displayName: name, color: typeof body.color === "string" ? body.color : "none" };
  mb.categories.set(category.id, category);
  sendEntity(ctx, 201, `${path(ctx)}/$entity`, categoryJson(category));
}

function update(ctx: RouteContext): void {
  const mb = settingsMailbox(ctx, true);
  const c = findCategory(ctx, mb);
  const body = readJson(ctx, CATEGORY);
  if (body.displayName !== undefined && body.displayName !== c.displayName)
    throw badRequest("The displayName of a category cannot be changed.", "ErrorInvalidPropertySet");
  if (typeof body.color === "string") c.color = body.color;
  sendEntity(ctx, 200, `${path(ctx)}/$entity`, categoryJson(c));
}

export function registerCategoryRoutes(router: Router): void {
  const list = "/users/{user-id}/outlook/masterCategories";
  router.add("graph", "GET", list, (ctx) => {
    const mb = settingsMailbox(ctx, false);
    sendJson(ctx.res, 200, {
      "@odata.context": odataContext(ctx, path(ctx)),
      value: [...mb.categories.values()].map(categoryJson),
    });
  });
  router.add("graph", "POST", list, create);
  router.add("graph", "GET", `${list}/{category-id}`, (ctx) => {
    sendEntity(ctx, 200, `${path(ctx)}/$entity`, categoryJson(findCategory(ctx, settingsMailbox(ctx, false))));
  });
  router.add("graph", "PATCH", `${list}/{category-id}`, update);
  router.add("graph", "DELETE", `${list}/{category-id}`, (ctx) => {
    const mb = settingsMailbox(ctx, true);
    mb.categories.delete(findCategory(ctx, mb).id);
    sendEmpty(ctx.res, 204);
  });
}
