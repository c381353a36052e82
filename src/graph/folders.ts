import type { MailFolder } from "@microsoft/microsoft-graph-types";
import type { Graph } from "./client";

export type FolderWithPath = MailFolder & { path: string };

const FOLDER_FIELDS = "id,displayName,parentFolderId,childFolderCount,unreadItemCount,totalItemCount,isHidden";

/**
 * Every folder under a parent, all levels down, each with its path ("Inbox/Projects/2026"):
 * one request per folder that has children, at Graph's largest page size.
 */
export async function folderTree(
  graph: Graph,
  mailboxPath: string,
  collectionPath: string,
  prefix = "",
): Promise<FolderWithPath[]> {
  const children = await graph.all<MailFolder>({
    method: "GET",
    path: collectionPath,
    query: { $top: 1000, $select: FOLDER_FIELDS },
    notFound: "parentFolderId",
  });
  const out: FolderWithPath[] = [];
  for (const f of children) {
    const path = prefix ? `${prefix}/${f.displayName}` : String(f.displayName);
    out.push({ ...f, path });
    if ((f.childFolderCount ?? 0) > 0)
      out.push(
        ...(await folderTree(
          graph,
          mailboxPath,
          `${mailboxPath}/mailFolders/${encodeURIComponent(f.id!)}/childFolders`,
          path,
        )),
      );
  }
  return out;
}
