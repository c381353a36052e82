import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailFolders from "../../graph/mailFolders";
import { connectionInput, flag, mailboxInput, requiredText } from "../../inputs/common";
import { optionalItemRef } from "../../inputs/ids";
import { parentFolderInput } from "../../inputs/mailFolders";

export const createMailFolder = action({
  display: {
    label: "Create Mail Folder",
    description: "Create a mail folder at the root (the default) or under a parent folder.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    parentFolderId: parentFolderInput,
    displayName: input({
      label: "Display Name",
      type: "string",
      required: true,
      placeholder: "Projects",
      comments: "The new folder's name. Graph refuses a second folder of that name under the same parent.",
    }),
    isHidden: input({
      label: "Hidden",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Create a hidden folder (it cannot be made visible later).",
    }),
  },
  perform: async (_context, params) => {
    const displayName = requiredText("displayName", params.displayName, "Name the folder.");
    const isHidden = flag("isHidden", params.isHidden, false);
    const mb = openMailbox(params.connection, params.mailbox);
    const parent = optionalItemRef("parentFolderId", params.parentFolderId);
    return { data: await mailFolders.create(mb, parent, { displayName, isHidden }) };
  },
});
