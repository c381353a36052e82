import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { cleanId } from "../../inputs/clean";
import { optionalItemRef } from "../../inputs/ids";
import { readMessageQuery } from "../../inputs/messages";
import { pagingInputs } from "../../inputs/paging";

export const listMailMessages = action({
  display: {
    label: "List Mail Messages",
    description:
      "List mail messages in a user's mailbox or one of its folders, one page (with the link to the next) or all. " +
      "Search with Filter, or Search with Page Skip, is refused before any request (ArgumentError), as Graph refuses " +
      "them.",
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
      clean: cleanId("folderId"),
    }),
    search: input({
      label: "Search",
      type: "string",
      required: false,
      placeholder: "from:alex subject:invoice",
      comments:
        "A search query (KQL, e.g. from:alex subject:invoice), quoted for you as Graph wants it. Can not be used " +
        "with Filter or Page Skip.",
    }),
    filter: input({
      label: "Filter",
      type: "string",
      required: false,
      placeholder: "isRead eq false",
      comments: "An OData filter, e.g. isRead eq false, sent as typed (its quoting kept). Can not be used with Search.",
    }),
    select: input({
      label: "Select",
      type: "string",
      required: false,
      placeholder: "subject,from,receivedDateTime",
      comments: "Comma-separated properties to return, e.g. subject,from,receivedDateTime; all when empty.",
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
