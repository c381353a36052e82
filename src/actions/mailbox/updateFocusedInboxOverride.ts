import { action } from "@prismatic-io/spectral";
import * as overrides from "../../graph/focusedInboxOverrides";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { classifyAs, classifyAsInput, overrideIdInput } from "../../inputs/mailbox";

export const updateFocusedInboxOverride = action({
  display: {
    label: "Update Focused Inbox Override",
    description: "Change where a sender's mail goes: Focused or Other.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    overrideId: overrideIdInput,
    classifyAs: classifyAsInput,
  },
  perform: async (_context, params) => {
    const as = classifyAs(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await overrides.update(mb, itemRef("overrideId", params.overrideId), as) };
  },
});
