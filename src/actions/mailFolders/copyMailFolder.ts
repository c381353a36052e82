import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailFolders from "../../graph/mailFolders";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { folderDestinationInput, folderIdInput } from "../../inputs/mailFolders";

export const copyMailFolder = action({
  display: {
    label: "Copy Mail Folder",
    description: "Copy a mail folder, with its contents, under another folder.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: folderIdInput,
    destinationFolderId: folderDestinationInput,
  },
  perform: async (_context, params) => {
    const destination = itemRef("destinationFolderId", params.destinationFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await mailFolders.moveOrCopy(mb, itemRef("folderId", params.folderId), "copy", destination) };
  },
});
