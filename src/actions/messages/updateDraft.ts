import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { draftChange, draftChangeInputs, messageIdInput } from "../../inputs/messages";

export const updateDraft = action({
  display: {
    label: "Update Draft",
    description: "Change a draft's subject, body, recipients or importance; inputs left empty stay as they are.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, messageId: messageIdInput, ...draftChangeInputs },
  perform: async (_context, params) => {
    const patch = draftChange(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await messages.update(mb, itemRef("messageId", params.messageId), patch) };
  },
});
