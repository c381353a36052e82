import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailFolders from "../../graph/mailFolders";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { folderIdInput } from "../../inputs/mailFolders";

export const deleteMailFolder = action({
  display: {
    label: "Delete Mail Folder",
    description: "Delete a mail folder (it goes to Deleted Items with its contents).",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, folderId: folderIdInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    await mailFolders.remove(mb, itemRef("folderId", params.folderId));
    return { data: { deleted: true, folderId: params.folderId } };
  },
});
