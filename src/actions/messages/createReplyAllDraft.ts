import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { itemRef } from "../../inputs/ids";
import { responseBody, responseInputs } from "../../inputs/messages";

export const createReplyAllDraft = action({
  display: {
    label: "Create Reply All Draft",
    description: "Create a draft reply all to a message, to edit and send later.",
  },
  inputs: responseInputs("replyAll"),
  perform: async (_context, params) => {
    const body = responseBody("replyAll", params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await messages.createResponseDraft(mb, itemRef("messageId", params.messageId), "replyAll", body) };
  },
});
