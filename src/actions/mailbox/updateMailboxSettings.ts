import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailboxSettings from "../../graph/mailboxSettings";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { settingsChange } from "../../inputs/mailbox";

export const updateMailboxSettings = action({
  display: {
    label: "Update Mailbox Settings",
    description:
      "Change a mailbox's time zone, language, or date and time formats; inputs left empty stay as they are.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    timeZone: input({
      label: "Time Zone",
      type: "string",
      required: false,
      example: "Pacific Standard Time",
      dataSource: "selectTimeZone",
    }),
    language: input({
      label: "Language (locale)",
      type: "string",
      required: false,
      example: "en-US",
      dataSource: "selectLanguage",
    }),
    dateFormat: input({ label: "Date Format", type: "string", required: false, example: "dd/MM/yyyy" }),
    timeFormat: input({ label: "Time Format", type: "string", required: false, example: "HH:mm" }),
  },
  perform: async (_context, params) => {
    const patch = settingsChange(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await mailboxSettings.update(mb, patch) };
  },
});
