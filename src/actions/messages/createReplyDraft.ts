import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { itemRef } from "../../inputs/ids";
import { responseBody, responseInputs } from "../../inputs/messages";

export const createReplyDraft = action({
  display: {
    label: "Create Reply Draft",
    description: "Create a draft reply to a message, to edit and send later.",
  },
  inputs: responseInputs("reply"),
  perform: async (_context, params) => {
    const body = responseBody("reply", params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await messages.createResponseDraft(mb, itemRef("messageId", params.messageId), "reply", body) };
  },
});
