import { input } from "@prismatic-io/spectral";
import type { Connection } from "@prismatic-io/spectral";
import { graphFor, type Graph } from "../graph/client";
import { itemId, mailboxPath } from "../graph/paths";

export const messageIdInput = input({
  label: "Message ID",
  type: "string",
  required: true,
  comments: "The ID of a mail message.",
});
export const folderIdInput = input({
  label: "Folder ID",
  type: "string",
  required: true,
  comments: "A folder ID or a well-known name (inbox, drafts, sentitems, deleteditems, archive, junkemail, ...).",
  dataSource: "selectMailFolder",
});
export const attachmentIdInput = input({ label: "Attachment ID", type: "string", required: true });

/** The Graph road and the mailbox path every mailbox-scoped action starts from. */
export function mailbox(params: { connection: Connection; mailbox?: unknown }): { graph: Graph; path: string } {
  const graph = graphFor(params.connection);
  return { graph, path: mailboxPath(graph.conn, params.mailbox) };
}

export const messagePath = (mailboxPath: string, id: unknown, property = "messageId") =>
  `${mailboxPath}/messages/${itemId(property, id)}`;
export const folderPath = (mailboxPath: string, id: unknown, property = "folderId") =>
  `${mailboxPath}/mailFolders/${itemId(property, id)}`;
