import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput, requiredText } from "../../inputs/common";
import { contactFolderIdInput, contactFolderNameInput } from "../../inputs/contacts";
import { itemRef } from "../../inputs/ids";

export const updateContactFolder = action({
  display: { label: "Update Contact Folder", description: "Rename a contact folder. Needs Contacts.ReadWrite." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    contactFolderId: contactFolderIdInput(true, "The contact folder to rename."),
    displayName: contactFolderNameInput(true),
  },
  perform: async (_context, params) => {
    const displayName = requiredText("displayName", params.displayName, "Give the folder's new name.").trim();
    const folder = itemRef("contactFolderId", params.contactFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await contacts.renameFolder(mb, folder, displayName) };
  },
});
