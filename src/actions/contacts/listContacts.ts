import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { contactFolderIdInput } from "../../inputs/contacts";
import { optionalItemRef } from "../../inputs/ids";
import { pagingInputs, readPaging } from "../../inputs/paging";

export const listContacts = action({
  display: {
    label: "List Contacts",
    description:
      "List the contacts of the default Contacts folder or of a contact folder, sorted by display name, one page " +
      "(with the link to the next) or all of them. Needs Contacts.Read.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    contactFolderId: contactFolderIdInput(
      false,
      "List this folder's contacts; left empty, the default Contacts folder's.",
    ),
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const paging = readPaging(params);
    const folder = optionalItemRef("contactFolderId", params.contactFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await contacts.list(mb, folder, paging) };
  },
});
