import { action } from "@prismatic-io/spectral";
import * as bulk from "../../graph/bulkMessages";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { messageChange, messageChangeInputs, messageIdsInput, readMessageIds } from "../../inputs/messages";
import { BULK_RESULT } from "./bulkText";

export const updateMessages = action({
  display: {
    label: "Update Messages",
    description:
      "Mark many messages read or unread, flag them, set their categories, importance or Focused Inbox class at " +
      `once: the same change to each, sent through JSON batching (20 messages to a request). ${BULK_RESULT} After a ` +
      "lost answer, a message that already shows the change counts as done and is not changed again. Needs " +
      "Mail.ReadWrite.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, messageIds: messageIdsInput, ...messageChangeInputs },
  perform: async (_context, params) => {
    const refs = readMessageIds("messageIds", params.messageIds);
    const patch = messageChange(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await bulk.updateMessages(mb, refs, patch) };
  },
});
