import { action, input } from "@prismatic-io/spectral";
import * as bulk from "../../graph/bulkMessages";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { messageIdsInput, readMessageIds } from "../../inputs/messages";
import { BULK_RESULT } from "./bulkText";

export const deleteMessages = action({
  display: {
    label: "Delete Messages",
    description:
      "Delete many messages at once, to Deleted Items or for good, through JSON batching (20 messages to a " +
      `request). ${BULK_RESULT} After a lost answer, a message Graph no longer finds, or finds in Deleted Items, ` +
      "counts as deleted and is not deleted again. Needs Mail.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageIds: messageIdsInput,
    permanent: input({
      label: "Permanently Delete",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Delete for good (recoverable by an admin only) instead of moving the messages to Deleted Items.",
    }),
  },
  perform: async (_context, params) => {
    const refs = readMessageIds("messageIds", params.messageIds);
    const permanent = flag("permanent", params.permanent, false);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: { permanent, ...(await bulk.deleteMessages(mb, refs, permanent)) } };
  },
});
