import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { contactIdInput, contactInputs, readContact } from "../../inputs/contacts";
import { itemRef } from "../../inputs/ids";

export const updateContact = action({
  display: {
    label: "Update Contact",
    description:
      "Change a contact: inputs left empty stay as they are, and a list given (emails, phones, categories) replaces " +
      "the contact's list. Needs Contacts.ReadWrite.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, contactId: contactIdInput, ...contactInputs(true) },
  perform: async (_context, params) => {
    const change = readContact(params, true);
    const contact = itemRef("contactId", params.contactId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await contacts.update(mb, contact, change) };
  },
});
