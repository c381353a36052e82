import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { optionalItemRef } from "../../inputs/ids";
import { readMessageQuery } from "../../inputs/messages";
import { pagingInputs } from "../../inputs/paging";

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
    const { query, paging } = readMessageQuery(params);
    const mb = openMailbox(params.connection, params.mailbox);
    const folder = optionalItemRef("folderId", params.folderId);
    return { data: await messages.list(mb, { ...query, folder }, paging) };
  },
});
