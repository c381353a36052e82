import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailboxSettings from "../../graph/mailboxSettings";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const getAutomaticReplies = action({
  display: {
    label: "Get Automatic Replies",
    description: "Get a mailbox's automatic replies (out of office) setting.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await mailboxSettings.getAutomaticReplies(mb) };
  },
});
