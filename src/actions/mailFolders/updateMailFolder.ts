import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailFolders from "../../graph/mailFolders";
import { connectionInput, mailboxInput, requiredText } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { folderIdInput } from "../../inputs/mailFolders";

export const updateMailFolder = action({
  display: { label: "Update Mail Folder", description: "Rename a mail folder." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: folderIdInput,
    displayName: input({
      label: "Display Name",
      type: "string",
      required: true,
      placeholder: "Projects 2026",
      comments: "The folder's new name.",
    }),
  },
  perform: async (_context, params) => {
    const displayName = requiredText("displayName", params.displayName, "Give the folder's new name.");
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await mailFolders.rename(mb, itemRef("folderId", params.folderId), displayName) };
  },
});
