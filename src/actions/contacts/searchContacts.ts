import { action, input } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { contactFolderIdInput, readContactSearch } from "../../inputs/contacts";
import { optionalItemRef } from "../../inputs/ids";
import { pagingInputs, readPaging } from "../../inputs/paging";

export const searchContacts = action({
  display: {
    label: "Search Contacts",
    description:
      "Find contacts of a folder by name or email. An email (anything with an @) matches a contact holding exactly " +
      "that email, without regard to case; other text matches contacts whose display name, first name or last name " +
      "starts with it. Needs Contacts.Read.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    nameOrEmail: input({
      label: "Name or Email",
      type: "string",
      required: true,
      example: "Dana",
      comments: "The start of a name (Dana, Swo), or one full email (dana@contoso.com).",
    }),
    contactFolderId: contactFolderIdInput(false, "Search this folder; left empty, the default Contacts folder."),
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const term = readContactSearch("nameOrEmail", params.nameOrEmail);
    const paging = readPaging(params);
    const folder = optionalItemRef("contactFolderId", params.contactFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await contacts.search(mb, folder, term, paging) };
  },
});
