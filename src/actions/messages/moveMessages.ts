import { action } from "@prismatic-io/spectral";
import * as bulk from "../../graph/bulkMessages";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageDestinationInput } from "../../inputs/mailFolders";
import { messageIdsInput, readMessageIds } from "../../inputs/messages";
import { BULK_RESULT } from "./bulkText";

export const moveMessages = action({
  display: {
    label: "Move Messages",
    description:
      "Move many messages to one folder at once, through JSON batching (20 messages to a request). Each moved " +
      `message keeps its immutable ID (newId in its result). ${BULK_RESULT} After a lost answer, a message found ` +
      "in the destination counts as moved and is not moved again. Needs Mail.ReadWrite.",
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
    return { data: await bulk.moveMessages(mb, refs, destination) };
  },
});
