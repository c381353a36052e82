import type { Mailbox, MailFolder, StoredMessage } from "../store";
import { compileFilter } from "./odata";
import { messageJson } from "./serialize";

/**
 * The messages a folder shows: its own, or for a search folder (mailSearchFolder) the messages of
 * its source folders (and their subfolders when it includes nested folders) that its filter picks.
 */
export function folderMessages(mb: Mailbox, folder: MailFolder): StoredMessage[] {
  if (!folder.search) return [...mb.messages.values()].filter((m) => m.folderId === folder.id);
  const sources = new Set<string>();
  const add = (id: string) => {
    if (sources.has(id)) return;
    sources.add(id);
    if (folder.search!.includeNestedFolders)
      for (const child of mb.folders.values()) if (child.parentFolderId === id) add(child.id);
  };
  for (const key of folder.search.sourceFolderIds) {
    const id = mb.wellKnown.get(key.toLowerCase()) ?? key;
    if (mb.folders.has(id)) add(id);
  }
  const test = compileFilter(folder.search.filterQuery, "microsoft.graph.message");
  return [...mb.messages.values()].filter((m) => sources.has(m.folderId) && test(messageJson(m)));
}
