import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { contactIdInput } from "../../inputs/contacts";
import { itemRef } from "../../inputs/ids";

export const deleteContact = action({
  display: { label: "Delete Contact", description: "Delete a contact. Needs Contacts.ReadWrite." },
  inputs: { connection: connectionInput, mailbox: mailboxInput, contactId: contactIdInput },
  perform: async (_context, params) => {
    const contact = itemRef("contactId", params.contactId);
    const mb = openMailbox(params.connection, params.mailbox);
    await contacts.remove(mb, contact);
    return { data: { deleted: true, contactId: contact.id } };
  },
});
