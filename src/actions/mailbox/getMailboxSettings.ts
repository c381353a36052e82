import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailboxSettings from "../../graph/mailboxSettings";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const getMailboxSettings = action({
  display: {
    label: "Get Mailbox Settings",
    description:
      "Get a mailbox's settings: time zone, language, date and time formats, working hours and automatic replies.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await mailboxSettings.get(mb) };
  },
});
