import type { MailFolder } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { Paging } from "../inputs/paging";
import { confirmation, withOutcome, type Outcome } from "./lostAnswers";
import type { MailboxRef } from "./mailbox";
import { allPages, listPage, MAX_PAGE_SIZE, type Page } from "./paging";
import { graphPath, type GraphPath } from "./path";

/** Mail folders (Graph's mailFolder resource): one level, every level with paths, and changes to them. */

/** A folder by id or well-known name ("inbox", "archive", ...), or an id Graph gave. */
export const folderPath = (mb: MailboxRef, folder: ItemRef | string): GraphPath =>
  graphPath`${mb.root}/mailFolders/${folder}`;

/** The mailbox's root-level folders (where folders are made when no parent is named). */
export const rootFolders = (mb: MailboxRef): GraphPath => graphPath`${mb.root}/mailFolders`;

/** The folders under a parent: the mailbox's root-level folders, or a folder's children. */
const childrenOf = (mb: MailboxRef, parent: ItemRef | string | undefined): GraphPath =>
  parent ? graphPath`${folderPath(mb, parent)}/childFolders` : rootFolders(mb);

export type FolderWithPath = MailFolder & { path: string };

const FOLDER_FIELDS = "id,displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount,isHidden";

/** One level of folders under a parent (the root when none), one page or all of them. */
export function list(
  mb: MailboxRef,
  parent: ItemRef | undefined,
  includeHidden: boolean,
  paging: Paging,
): Promise<Page<MailFolder>> {
  return listPage<MailFolder>(
    mb.graph,
    {
      method: "GET",
      path: childrenOf(mb, parent),
      query: { includeHiddenFolders: includeHidden ? "true" : undefined },
      notFound: parent?.input,
    },
    paging,
  );
}

/**
 * Every folder under a parent (the root when none), all levels down, each with its path
 * ("Inbox/Projects/2026"): one request per folder that has children, at Graph's largest page.
 * A 404 anywhere blames the input that named the parent.
 */
export async function tree(mb: MailboxRef, parent?: ItemRef): Promise<FolderWithPath[]> {
  return subtree(mb, childrenOf(mb, parent), "", parent?.input);
}

async function subtree(
  mb: MailboxRef,
  collection: GraphPath,
  prefix: string,
  notFound: string | undefined,
): Promise<FolderWithPath[]> {
  const children = await allPages<MailFolder>(mb.graph, {
    method: "GET",
    path: collection,
    query: { $top: MAX_PAGE_SIZE, $select: FOLDER_FIELDS },
    notFound,
  });
  const out: FolderWithPath[] = [];
  for (const f of children) {
    const path = prefix ? `${prefix}/${f.displayName}` : String(f.displayName);
    out.push({ ...f, path });
    if ((f.childFolderCount ?? 0) > 0) out.push(...(await subtree(mb, childrenOf(mb, f.id!), path, notFound)));
  }
  return out;
}

/**
 * Creates a folder. After a lost answer the parent is searched for a folder of that name (Graph
 * refuses a second one with 409 ErrorFolderExists): found, it is the answer; else the create is sent again.
 */
export async function create(
  mb: MailboxRef,
  parent: ItemRef | undefined,
  folder: { displayName: string; isHidden: boolean },
): Promise<MailFolder & { outcome?: Outcome }> {
  const { result, outcome } = await mb.graph.callWithOutcome<MailFolder>({
    method: "POST",
    path: childrenOf(mb, parent),
    body: folder,
    notFound: parent?.input,
    confirm: async () => confirmation(await childNamed(mb, parent, folder.displayName, folder.isHidden)),
  });
  return withOutcome(result, outcome);
}

/** The folder of this name under the parent (names compare without regard to case, as Exchange's do). */
async function childNamed(
  mb: MailboxRef,
  parent: ItemRef | undefined,
  displayName: string,
  hidden: boolean,
): Promise<MailFolder | undefined> {
  const page = await mb.graph.call<{ value: MailFolder[] }>({
    method: "GET",
    path: childrenOf(mb, parent),
    query: {
      $filter: `displayName eq '${displayName.replace(/'/g, "''")}'`,
      includeHiddenFolders: hidden ? "true" : undefined,
    },
  });
  return page.value.find((f) => f.displayName?.toLowerCase() === displayName.toLowerCase());
}

export function rename(mb: MailboxRef, folder: ItemRef, displayName: string): Promise<MailFolder> {
  return mb.graph.call<MailFolder>({
    method: "PATCH",
    path: folderPath(mb, folder),
    body: { displayName },
    notFound: folder.input,
  });
}

/** Deletes a folder: Graph moves it, with its contents, to Deleted Items. */
export async function remove(mb: MailboxRef, folder: ItemRef): Promise<void> {
  await mb.graph.call({ method: "DELETE", path: folderPath(mb, folder), notFound: folder.input });
}

/** Moves or copies a folder, with its contents, under another folder. */
export function moveOrCopy(
  mb: MailboxRef,
  folder: ItemRef,
  kind: "move" | "copy",
  destination: ItemRef,
): Promise<MailFolder> {
  return mb.graph.call<MailFolder>({
    method: "POST",
    path: graphPath`${folderPath(mb, folder)}/${kind}`,
    body: { destinationId: destination.id },
    // A 404 blames the folder when it is gone (the path names it), else the destination.
    notFound: destination.input,
  });
}
