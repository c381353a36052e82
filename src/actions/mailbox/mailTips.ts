import { action, input } from "@prismatic-io/spectral";
import type { MailTips } from "@microsoft/microsoft-graph-types";
import { ArgumentError } from "../../errors";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { mailbox } from "../../inputs/mail";
import { parseRecipients } from "../../inputs/recipients";

const TIP_TYPES = [
  "automaticReplies",
  "mailboxFullStatus",
  "customMailTip",
  "externalMemberCount",
  "totalMemberCount",
  "maxMessageSize",
  "deliveryRestriction",
  "moderationStatus",
  "recipientScope",
  "recipientSuggestions",
] as const;

export const getMailTips = action({
  display: {
    label: "Get MailTips",
    description:
      "Before sending, learn about recipients: automatic replies, full mailboxes, size limits, external recipients.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    recipients: input({
      label: "Recipients",
      type: "string",
      required: true,
      comments: "Comma-separated addresses (at most 100).",
    }),
    tips: input({
      label: "MailTips",
      type: "string",
      collection: "valuelist",
      model: TIP_TYPES.map((v) => ({ label: v, value: v })),
      required: false,
      comments: "Which tips to get; automaticReplies and mailboxFullStatus when empty.",
    }),
  },
  perform: async (_context, params) => {
    const recipients = parseRecipients("recipients", params.recipients, true).map((r) => r.emailAddress!.address!);
    if (recipients.length > 100)
      throw new ArgumentError("recipients", `'recipients' may hold at most 100 addresses (got ${recipients.length}).`);
    const wanted = (Array.isArray(params.tips) ? params.tips : []).map(String).filter(Boolean);
    for (const t of wanted)
      if (!(TIP_TYPES as readonly string[]).includes(t))
        throw new ArgumentError("tips", `'tips' holds '${t}', which is not one of ${TIP_TYPES.join(", ")}.`);
    const { graph, path } = mailbox(params);
    const page = await graph.call<{ value: MailTips[] }>({
      method: "POST",
      path: `${path}/getMailTips`,
      body: {
        EmailAddresses: recipients,
        MailTipsOptions: (wanted.length ? wanted : ["automaticReplies", "mailboxFullStatus"]).join(", "),
      },
    });
    return { data: page.value };
  },
});
