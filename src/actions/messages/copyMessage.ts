import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageDestinationInput } from "../../inputs/mailFolders";
import { messageIdInput } from "../../inputs/messages";

export const copyMessage = action({
  display: {
    label: "Copy Message",
    description: "Copy a message to a folder; returns the copy, in its new folder.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    destinationFolderId: messageDestinationInput,
  },
  perform: async (_context, params) => {
    const destination = itemRef("destinationFolderId", params.destinationFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await messages.moveOrCopy(mb, itemRef("messageId", params.messageId), "copy", destination) };
  },
});
