import { action } from "@prismatic-io/spectral";
import * as bulk from "../../graph/bulkMessages";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageDestinationInput } from "../../inputs/mailFolders";
import { messageIdsInput, readMessageIds } from "../../inputs/messages";
import { BULK_RESULT } from "./bulkText";

export const copyMessages = action({
  display: {
    label: "Copy Messages",
    description:
      "Copy many messages to one folder at once, through JSON batching (20 messages to a request); each copy's " +
      `immutable ID is newId in its result. ${BULK_RESULT} After a lost answer, a message whose Internet message ` +
      "ID is already in the destination counts as copied and is not copied again. Needs Mail.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageIds: messageIdsInput,
    destinationFolderId: messageDestinationInput,
  },
  perform: async (_context, params) => {
    const refs = readMessageIds("messageIds", params.messageIds);
    const destination = itemRef("destinationFolderId", params.destinationFolderId);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await bulk.copyMessages(mb, refs, destination) };
  },
});
