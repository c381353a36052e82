import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { contactFolderIdInput } from "../../inputs/contacts";
import { itemRef } from "../../inputs/ids";

export const deleteContactFolder = action({
  display: {
    label: "Delete Contact Folder",
    description: "Delete a contact folder with the contacts and folders in it. Needs Contacts.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    contactFolderId: contactFolderIdInput(true, "The contact folder to delete, with everything in it."),
  },
  perform: async (_context, params) => {
    const folder = itemRef("contactFolderId", params.contactFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    await contacts.removeFolder(mb, folder);
    return { data: { deleted: true, contactFolderId: folder.id } };
  },
});
