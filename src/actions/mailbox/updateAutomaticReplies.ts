import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailboxSettings from "../../graph/mailboxSettings";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { automaticReplies, automaticRepliesInputs } from "../../inputs/mailbox";

export const updateAutomaticReplies = action({
  display: {
    label: "Update Automatic Replies",
    description:
      "Turn automatic replies (out of office) on, off or on a schedule, with their messages. A schedule's start and " +
      "end are checked before any request: the end after the start.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ...automaticRepliesInputs },
  perform: async (_context, params) => {
    const setting = automaticReplies(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await mailboxSettings.updateAutomaticReplies(mb, setting) };
  },
});
