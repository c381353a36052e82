import { action } from "@prismatic-io/spectral";
import * as overrides from "../../graph/focusedInboxOverrides";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const listFocusedInboxOverrides = action({
  display: {
    label: "List Focused Inbox Overrides",
    description: "List the senders whose mail always goes to Focused or to Other.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await overrides.list(mb) };
  },
});
