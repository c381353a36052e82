import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { contactIdInput } from "../../inputs/contacts";
import { itemRef } from "../../inputs/ids";

export const getContact = action({
  display: { label: "Get Contact", description: "Get a contact, from any contact folder. Needs Contacts.Read." },
  inputs: { connection: connectionInput, mailbox: mailboxInput, contactId: contactIdInput },
  perform: async (_context, params) => {
    const contact = itemRef("contactId", params.contactId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await contacts.get(mb, contact) };
  },
});
