import { GraphError, badRequest, notFound, sendEmpty, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import type { MailFolder, Mailbox } from "../store";
import { mailboxOf, odataContext, pageSizeOf, readActionParameters, readJson, sendEntity } from "./common";
import { applyQuery, compileFilter, nextPageLink } from "./odata";
import { folderJson } from "./serialize";
import { contextPath } from "./messages";

const MAIL_FOLDER = "microsoft.graph.mailFolder";

/** Paths that name one folder: a top-level one (by id or well-known name) or a child of one. */
export const FOLDER_ITEMS = [
  "/users/{user-id}/mailFolders/{mailFolder-id}",
  "/users/{user-id}/mailFolders/{mailFolder-id}/childFolders/{childFolder-id}",
];

export function findFolderParam(ctx: RouteContext, mb: Mailbox): MailFolder {
  const key = ctx.params["childFolder-id"] ?? ctx.params["mailFolder-id"];
  const folder = ctx.store.findFolder(mb, key);
  if (!folder) throw notFound();
  return folder;
}

function listFolders(ctx: RouteContext, parent: MailFolder, mb: Mailbox, collection: string): void {
  const includeHidden = /^true$/i.test(ctx.query.get("includeHiddenFolders") ?? "");
  const items = [...mb.folders.values()]
    .filter((f) => f.parentFolderId === parent.id && (includeHidden || !f.isHidden))
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((f) => folderJson(mb, f));
  const result = applyQuery(items, ctx.query, {
    typeName: MAIL_FOLDER,
    defaultTop: pageSizeOf(ctx, 10),
    maxTop: 1000,
    defaultOrder: [{ path: ["displayName"], desc: false }],
  });
  const page: Record<string, unknown> = { "@odata.context": odataContext(ctx, contextPath(ctx, collection)) };
  if (/^true$/i.test(ctx.query.get("$count") ?? "")) page["@odata.count"] = result.total;
  page.value = result.items;
  if (result.nextSkip !== undefined) page["@odata.nextLink"] = nextPageLink(ctx, result.nextSkip);
  sendJson(ctx.res, 200, page);
}

function createFolder(ctx: RouteContext, parent: MailFolder, mb: Mailbox): void {
  const body = readJson(ctx, MAIL_FOLDER);
  const name = body.displayName;
  if (typeof name !== "string" || !name.trim())
    throw badRequest("The folder's displayName is required and cannot be empty.", "ErrorInvalidRequest");
  if (
    [...mb.folders.values()].some(
      (f) => f.parentFolderId === parent.id && f.displayName.toLowerCase() === name.toLowerCase(),
    )
  ) {
    throw new GraphError(409, "ErrorFolderExists", "A folder with the specified name already exists.");
  }
  const folder = ctx.store.addFolder(mb, name, parent.id, body.isHidden === true);
  if (
    body["@odata.type"] === "#microsoft.graph.mailSearchFolder" ||
    body["@odata.type"] === "microsoft.graph.mailSearchFolder"
  )
    folder.search = searchDefinition(ctx, mb, body);
  sendEntity(ctx, 201, `${contextPath(ctx, "mailFolders")}/$entity`, folderJson(mb, folder));
}

/** A search folder's definition, checked: its sources exist and its filter is one Graph can read. */
function searchDefinition(
  ctx: RouteContext,
  mb: Mailbox,
  body: Record<string, unknown>,
): NonNullable<MailFolder["search"]> {
  const sourceFolderIds = ((body.sourceFolderIds as string[] | undefined) ?? []).map((key) => {
    const folder = ctx.store.findFolder(mb, key);
    if (!folder) throw notFound();
    return folder.id;
  });
  const filterQuery = typeof body.filterQuery === "string" ? body.filterQuery : "";
  if (!sourceFolderIds.length || !filterQuery)
    throw badRequest("A search folder needs sourceFolderIds and a filterQuery.", "ErrorInvalidRequest");
  compileFilter(filterQuery, "microsoft.graph.message");
  return { sourceFolderIds, includeNestedFolders: body.includeNestedFolders === true, filterQuery };
}

function isUnder(mb: Mailbox, folder: MailFolder, ancestorId: string): boolean {
  for (let f: MailFolder | undefined = folder; f; f = mb.folders.get(f.parentFolderId))
    if (f.id === ancestorId) return true;
  return false;
}

function getFolder(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "read");
  const folder = findFolderParam(ctx, mailbox);
  sendEntity(ctx, 200, `${contextPath(ctx, "mailFolders")}/$entity`, folderJson(mailbox, folder));
}

function updateFolder(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "write");
  const folder = findFolderParam(ctx, mailbox);
  const body = readJson(ctx, MAIL_FOLDER);
  for (const key of Object.keys(body)) {
    if (key !== "displayName" && key !== "isHidden")
      throw badRequest(`The property '${key}' cannot be updated on a mail folder.`, "ErrorInvalidPropertySet");
  }
  if (typeof body.displayName === "string") {
    if (folder.wellKnownName)
      throw badRequest("Distinguished folders cannot be renamed.", "ErrorCannotRenameDistinguishedFolder");
    if (!body.displayName.trim()) throw badRequest("The folder's displayName cannot be empty.", "ErrorInvalidRequest");
    folder.displayName = body.displayName;
  }
  if (typeof body.isHidden === "boolean") folder.isHidden = body.isHidden;
  folder.seq = ctx.store.nextSeq(mailbox);
  sendEntity(ctx, 200, `${contextPath(ctx, "mailFolders")}/$entity`, folderJson(mailbox, folder));
}

function deleteFolder(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "write");
  const folder = findFolderParam(ctx, mailbox);
  if (folder.wellKnownName)
    throw badRequest("Distinguished folders cannot be deleted.", "ErrorDeleteDistinguishedFolder");
  // Like Outlook, a deleted folder goes to Deleted Items; deleting it there removes it for good.
  const deletedItems = ctx.store.folderByWellKnown(mailbox, "deleteditems");
  if (isUnder(mailbox, folder, deletedItems.id)) ctx.store.removeFolder(mailbox, folder);
  else {
    folder.parentFolderId = deletedItems.id;
    folder.seq = ctx.store.nextSeq(mailbox);
  }
  sendEmpty(ctx.res, 204);
}

function moveOrCopyFolder(action: "move" | "copy") {
  return (ctx: RouteContext): void => {
    const { mailbox } = mailboxOf(ctx, "write");
    const folder = findFolderParam(ctx, mailbox);
    const params = readActionParameters(ctx, MAIL_FOLDER, action);
    const target = ctx.store.findFolder(mailbox, String(params.destinationId ?? ""));
    if (!target) throw notFound();
    if (action === "move") {
      if (folder.wellKnownName)
        throw badRequest("Distinguished folders cannot be moved.", "ErrorMoveDistinguishedFolder");
      if (isUnder(mailbox, target, folder.id))
        throw badRequest("A folder cannot be moved into itself or one of its subfolders.", "ErrorMoveCopyFailed");
      folder.parentFolderId = target.id;
      folder.seq = ctx.store.nextSeq(mailbox);
      sendEntity(ctx, 200, `${contextPath(ctx, "mailFolders")}/$entity`, folderJson(mailbox, folder));
      return;
    }
    const copy = copyFolder(ctx, mailbox, folder, target.id);
    sendEntity(ctx, 200, `${contextPath(ctx, "mailFolders")}/$entity`, folderJson(mailbox, copy));
  };
}

export function registerMailFolderRoutes(router: Router): void {
  router.add("graph", "GET", "/users/{user-id}/mailFolders", (ctx) => {
    const { mailbox } = mailboxOf(ctx, "read");
    listFolders(ctx, ctx.store.folderByWellKnown(mailbox, "msgfolderroot"), mailbox, "mailFolders");
  });
  router.add("graph", "POST", "/users/{user-id}/mailFolders", (ctx) => {
    const { mailbox } = mailboxOf(ctx, "write");
    createFolder(ctx, ctx.store.folderByWellKnown(mailbox, "msgfolderroot"), mailbox);
  });
  for (const item of FOLDER_ITEMS) {
    router.add("graph", "GET", item, getFolder);
    router.add("graph", "PATCH", item, updateFolder);
    router.add("graph", "DELETE", item, deleteFolder);
    router.add("graph", "GET", `${item}/childFolders`, (ctx) => {
      const { mailbox } = mailboxOf(ctx, "read");
      listFolders(ctx, findFolderParam(ctx, mailbox), mailbox, "mailFolders");
    });
    router.add("graph", "POST", `${item}/childFolders`, (ctx) => {
      const { mailbox } = mailboxOf(ctx, "write");
      createFolder(ctx, findFolderParam(ctx, mailbox), mailbox);
    });
    for (const action of ["move", "copy"] as const)
      router.add("graph", "POST", `${item}/${action}`, moveOrCopyFolder(action));
  }
}

function copyFolder(ctx: RouteContext, mb: Mailbox, folder: MailFolder, parentId: string): MailFolder {
  const copy = ctx.store.addFolder(mb, folder.displayName, parentId, folder.isHidden);
  for (const m of [...mb.messages.values()].filter((x) => x.folderId === folder.id)) {
    const { id: _id, seq: _seq, changeKey: _ck, createdSeq: _cs, ...rest } = m;
    ctx.store.putMessage(mb, { ...rest, immutableId: undefined, folderId: copy.id });
  }
  for (const child of [...mb.folders.values()].filter((f) => f.parentFolderId === folder.id && f.id !== copy.id))
    copyFolder(ctx, mb, child, copy.id);
  return copy;
}
