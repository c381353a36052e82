import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { itemRef } from "../../inputs/ids";
import { responseBody, responseInputs } from "../../inputs/messages";

export const forwardMessage = action({
  display: {
    label: "Forward to Message",
    description: "Forward a message to the addresses in To and send it at once, with a comment or a whole body.",
  },
  inputs: responseInputs("forward"),
  perform: async (_context, params) => {
    const body = responseBody("forward", params);
    const mb = openMailbox(params.connection, params.mailbox);
    const outcome = await messages.respond(mb, itemRef("messageId", params.messageId), "forward", body);
    return { data: { sent: true, messageId: params.messageId, outcome } };
  },
});
