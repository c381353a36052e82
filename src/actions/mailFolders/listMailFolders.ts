import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailFolders from "../../graph/mailFolders";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { optionalItemRef } from "../../inputs/ids";
import { parentFolderInput } from "../../inputs/mailFolders";
import { pagingInputs, readPaging } from "../../inputs/paging";

export const listMailFolders = action({
  display: {
    label: "List Mail Folders",
    description:
      "List the folders under the root (or a parent folder), one level or every level with each folder's path.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    parentFolderId: parentFolderInput,
    includeSubfolders: input({
      label: "Include All Subfolders",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Walk every level below; each folder gets a path such as Inbox/Projects/2026. Ignores paging.",
    }),
    includeHidden: input({
      label: "Include Hidden Folders",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Also list hidden folders (Graph leaves them out unless asked).",
    }),
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const all = flag("includeSubfolders", params.includeSubfolders, false);
    const hidden = flag("includeHidden", params.includeHidden, false);
    const paging = readPaging(params);
    const mb = openMailbox(params.connection, params.mailbox);
    const parent = optionalItemRef("parentFolderId", params.parentFolderId);
    if (all) return { data: { value: await mailFolders.tree(mb, parent) } };
    return { data: await mailFolders.list(mb, parent, hidden, paging) };
  },
});
