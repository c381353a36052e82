import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { itemRef } from "../../inputs/ids";
import { responseBody, responseInputs } from "../../inputs/messages";

export const replyAllToMessage = action({
  display: {
    label: "Reply All to Message",
    description: "Reply All to a message and send it at once, with a comment or a whole body, and extra CC.",
  },
  inputs: responseInputs("replyAll"),
  perform: async (_context, params) => {
    const body = responseBody("replyAll", params);
    const mb = openMailbox(params.connection, params.mailbox);
    const outcome = await messages.respond(mb, itemRef("messageId", params.messageId), "replyAll", body);
    return { data: { sent: true, messageId: params.messageId, outcome } };
  },
});
