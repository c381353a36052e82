import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as mailTips from "../../graph/mailTips";
import { cleanChoices } from "../../inputs/clean";
import { connectionInput, mailboxInput, picklist } from "../../inputs/common";
import { mailTipsRequest, TIP_TYPES } from "../../inputs/mailbox";

export const getMailTips = action({
  display: {
    label: "Get MailTips",
    description:
      "Before sending, learn about recipients: automatic replies, full mailboxes, size limits, external recipients. " +
      "One mailTips per recipient.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    recipients: input({
      label: "Recipients",
      type: "string",
      required: true,
      placeholder: "alexw@contoso.com, sales@contoso.com",
      comments: "Comma-separated addresses (at most 100), each an address or 'Name <address>'.",
    }),
    tips: input({
      label: "MailTips",
      type: "string",
      collection: "valuelist",
      model: picklist(TIP_TYPES),
      required: false,
      comments: "Which tips to get; automaticReplies and mailboxFullStatus when empty.",
      clean: cleanChoices("tips", TIP_TYPES),
    }),
  },
  perform: async (_context, params) => {
    const { recipients, tips } = mailTipsRequest(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await mailTips.get(mb, recipients, tips) };
  },
});
