import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput, requiredText } from "../../inputs/common";
import { contactFolderNameInput, parentContactFolderInput } from "../../inputs/contacts";
import { optionalItemRef } from "../../inputs/ids";

export const createContactFolder = action({
  display: {
    label: "Create Contact Folder",
    description:
      "Create a contact folder under the default Contacts folder or under another contact folder. Graph refuses a " +
      "second folder of the same name there (409 ErrorFolderExists). Needs Contacts.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    parentContactFolderId: parentContactFolderInput,
    displayName: contactFolderNameInput(false),
  },
  perform: async (_context, params) => {
    const displayName = requiredText("displayName", params.displayName, "Name the folder.").trim();
    const parent = optionalItemRef("parentContactFolderId", params.parentContactFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await contacts.createFolder(mb, parent, displayName) };
  },
});
