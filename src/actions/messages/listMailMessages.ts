import { action, input } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { ArgumentError } from "../../errors";
import { connectionInput, mailboxInput, text } from "../../inputs/common";
import { folderPath, mailbox } from "../../inputs/mail";
import { listPage, pagingInputs, readPaging } from "../../inputs/paging";

/** Graph wants $search quoted; a bare term or KQL expression is wrapped, inner quotes escaped. */
function searchQuery(search: string): string {
  const s = search.trim();
  return /^".*"$/s.test(s) ? s : `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export const listMailMessages = action({
  display: {
    label: "List Mail Messages",
    description: "List mail messages in a user's mailbox or one of its folders, one page or all of them.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: input({
      label: "Folder ID",
      type: "string",
      required: false,
      comments: "The folder to list messages for (ID or well-known name). Omit to list all messages.",
      dataSource: "selectMailFolder",
    }),
    search: input({
      label: "Search",
      type: "string",
      required: false,
      comments: "A search query (KQL, e.g. from:alex subject:invoice). Can not be used with Filter.",
    }),
    filter: input({
      label: "Filter",
      type: "string",
      required: false,
      comments: "An OData filter, e.g. isRead eq false. Can not be used with Search.",
    }),
    select: input({
      label: "Select",
      type: "string",
      required: false,
      comments: "Comma-separated properties to return, e.g. subject,from,receivedDateTime.",
    }),
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const search = text(params.search);
    const filter = text(params.filter);
    if (search && filter)
      throw new ArgumentError(
        "search",
        "'search' can not be combined with 'filter': Graph refuses $search with $filter. Use one of them.",
      );
    const paging = readPaging(params);
    if (search && paging.skip)
      throw new ArgumentError(
        "pageSkip",
        "'pageSkip' can not be combined with 'search': Graph pages search results with its own links.",
      );
    const { graph, path } = mailbox(params);
    const folder = text(params.folderId);
    const base = folder ? `${folderPath(path, folder)}/messages` : `${path}/messages`;
    const data = await listPage<Message>(
      graph,
      {
        method: "GET",
        path: base,
        query: { $search: search ? searchQuery(search) : undefined, $filter: filter, $select: text(params.select) },
        notFound: "folderId",
      },
      paging,
    );
    return { data };
  },
});
