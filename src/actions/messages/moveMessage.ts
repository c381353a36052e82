import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageDestinationInput } from "../../inputs/mailFolders";
import { messageIdInput } from "../../inputs/messages";

export const moveMessage = action({
  display: {
    label: "Move Message",
    description:
      "Move a message to another folder. The moved message gets a new ID: this returns it in its new folder.",
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
    return { data: await messages.moveOrCopy(mb, itemRef("messageId", params.messageId), "move", destination) };
  },
});
