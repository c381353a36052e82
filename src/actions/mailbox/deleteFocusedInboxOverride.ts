import { action } from "@prismatic-io/spectral";
import * as overrides from "../../graph/focusedInboxOverrides";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { overrideIdInput } from "../../inputs/mailbox";

export const deleteFocusedInboxOverride = action({
  display: { label: "Delete Focused Inbox Override", description: "Stop overriding where a sender's mail goes." },
  inputs: { connection: connectionInput, mailbox: mailboxInput, overrideId: overrideIdInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    await overrides.remove(mb, itemRef("overrideId", params.overrideId));
    return { data: { deleted: true, overrideId: params.overrideId } };
  },
});
