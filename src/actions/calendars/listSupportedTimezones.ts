import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as outlookUser from "../../graph/outlookUser";
import { cleanChoice } from "../../inputs/clean";
import { choice, connectionInput, mailboxInput } from "../../inputs/common";

const STANDARDS = ["windows", "iana"] as const;

export const listSupportedTimezones = action({
  display: {
    label: "List Supported Timezones",
    description: "List the time zones Outlook supports for the user, by Windows or IANA name.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    standard: input({
      label: "Standard",
      type: "string",
      model: [
        { label: "Windows", value: "windows" },
        { label: "IANA", value: "iana" },
      ],
      default: "windows",
      required: false,
      comments: "Name the zones by their Windows names (Pacific Standard Time) or IANA names (America/Los_Angeles).",
      clean: cleanChoice("standard", STANDARDS),
    }),
  },
  perform: async (_context, params) => {
    const standard = choice("standard", params.standard, STANDARDS, "windows");
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await outlookUser.supportedTimeZones(mb, standard) };
  },
});
