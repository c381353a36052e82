import { action } from "@prismatic-io/spectral";
import * as contacts from "../../graph/contacts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { parentContactFolderInput } from "../../inputs/contacts";
import { optionalItemRef } from "../../inputs/ids";
import { pagingInputs, readPaging } from "../../inputs/paging";

export const listContactFolders = action({
  display: {
    label: "List Contact Folders",
    description:
      "List the contact folders directly under the default Contacts folder, or under a contact folder. Needs " +
      "Contacts.Read.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    parentContactFolderId: parentContactFolderInput,
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const paging = readPaging(params);
    const parent = optionalItemRef("parentContactFolderId", params.parentContactFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await contacts.listFolders(mb, parent, paging) };
  },
});
