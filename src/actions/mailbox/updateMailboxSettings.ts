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
      comments: "The mailbox's time zone: a Windows or IANA name (sent as the Windows name).",
      dataSource: "selectTimeZone",
    }),
    language: input({
      label: "Language (locale)",
      type: "string",
      required: false,
      example: "en-US",
      comments: "A locale Outlook supports, e.g. en-US (see List Supported Languages).",
      dataSource: "selectLanguage",
    }),
    dateFormat: input({
      label: "Date Format",
      type: "string",
      required: false,
      example: "dd/MM/yyyy",
      comments: "How Outlook shows dates to the mailbox's user.",
    }),
    timeFormat: input({
      label: "Time Format",
      type: "string",
      required: false,
      example: "HH:mm",
      comments: "How Outlook shows times to the mailbox's user.",
    }),
  },
  perform: async (_context, params) => {
    const patch = settingsChange(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await mailboxSettings.update(mb, patch) };
  },
});
