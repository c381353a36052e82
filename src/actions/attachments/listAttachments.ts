import { action, input } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

export const listAttachments = action({
  display: {
    label: "List Attachments",
    description: "List a message's attachments (names, types, sizes; content on request).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    includeContent: input({
      label: "Include Content",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Return each attachment's content (base64, contentBytes) too.",
    }),
  },
  perform: async (_context, params) => {
    const includeContent = flag("includeContent", params.includeContent, false);
    const mb = openMailbox(params.connection, params.mailbox);
    return {
      data: await attachments.list(
        mb,
        attachments.ofMessage(mb, itemRef("messageId", params.messageId)),
        includeContent,
      ),
    };
  },
});
