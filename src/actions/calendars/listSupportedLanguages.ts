import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as outlookUser from "../../graph/outlookUser";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const listSupportedLanguages = action({
  display: {
    label: "List Supported Languages",
    description: "List the languages (locales) Outlook supports for the user.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await outlookUser.supportedLanguages(mb) };
  },
});
