import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { contactFolderIdInput, contactInputs, readContact } from "../../inputs/contacts";
import { optionalItemRef } from "../../inputs/ids";

export const createContact = action({
  display: {
    label: "Create Contact",
    description:
      "Create a contact in the default Contacts folder or in a contact folder. Made once even when Graph's answer is " +
      "lost. Needs Contacts.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    contactFolderId: contactFolderIdInput(false, "Create it in this folder; left empty, the default Contacts folder."),
    ...contactInputs(false),
  },
  perform: async (_context, params) => {
    const contact = readContact(params, false);
    const folder = optionalItemRef("contactFolderId", params.contactFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await contacts.create(mb, folder, contact) };
  },
});
