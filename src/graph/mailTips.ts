import type { MailTips } from "@microsoft/microsoft-graph-types";
import type { MailboxRef } from "./mailbox";
import { graphPath } from "./path";

/** MailTips (Graph's getMailTips): what a sender should know about recipients before sending. */

/** The tips asked for (Graph's MailTipsOptions names) about each address, in the order given. */
export async function get(mb: MailboxRef, addresses: string[], tips: string[]): Promise<MailTips[]> {
  const page = await mb.graph.call<{ value: MailTips[] }>({
    method: "POST",
    path: graphPath`${mb.root}/getMailTips`,
    body: { EmailAddresses: addresses, MailTipsOptions: tips.join(", ") },
  });
  return page.value;
}
