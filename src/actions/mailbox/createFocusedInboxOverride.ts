import { action, input } from "@prismatic-io/spectral";
import * as overrides from "../../graph/focusedInboxOverrides";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { classifyAs, classifyAsInput } from "../../inputs/mailbox";
import { parseOneRecipient } from "../../inputs/recipients";

export const createFocusedInboxOverride = action({
  display: {
    label: "Create Focused Inbox Override",
    description:
      "Always send a sender's mail to Focused or to Other: later mail from that sender is classified accordingly " +
      "(an existing override for the sender is updated).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    sender: input({
      label: "Sender",
      type: "string",
      required: true,
      placeholder: "Megan Bowen <meganb@contoso.com>",
      comments: "The sender's address (one), optionally 'Name <address>'.",
    }),
    classifyAs: classifyAsInput,
  },
  perform: async (_context, params) => {
    const sender = parseOneRecipient("sender", params.sender);
    const as = classifyAs(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await overrides.create(mb, sender.emailAddress!, as) };
  },
});
