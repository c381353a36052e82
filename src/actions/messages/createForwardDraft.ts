import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { itemRef } from "../../inputs/ids";
import { responseBody, responseInputs } from "../../inputs/messages";

export const createForwardDraft = action({
  display: {
    label: "Create Forward Draft",
    description: "Create a draft forward to a message, to edit and send later.",
  },
  inputs: responseInputs("forward"),
  perform: async (_context, params) => {
    const body = responseBody("forward", params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await messages.createResponseDraft(mb, itemRef("messageId", params.messageId), "forward", body) };
  },
});
