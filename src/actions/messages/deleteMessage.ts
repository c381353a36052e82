import { action, input } from "@prismatic-io/spectral";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { mailbox, messageIdInput, messagePath } from "../../inputs/mail";

export const deleteMessage = action({
  display: { label: "Delete Message", description: "Delete a message by ID: to Deleted Items, or for good." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    permanent: input({
      label: "Permanently Delete",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Delete for good (recoverable by an admin only) instead of moving to Deleted Items.",
    }),
  },
  perform: async (_context, params) => {
    const permanent = flag("permanent", params.permanent, false);
    const { graph, path } = mailbox(params);
    const item = messagePath(path, params.messageId);
    if (permanent) await graph.call({ method: "POST", path: `${item}/permanentDelete`, notFound: "messageId" });
    else await graph.call({ method: "DELETE", path: item, notFound: "messageId" });
    return { data: { deleted: true, permanent, messageId: params.messageId } };
  },
});
