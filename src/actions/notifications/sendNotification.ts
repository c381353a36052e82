import { action, input } from "@prismatic-io/spectral";
import { appriseUrlOf } from "../../connections/appriseUrl";
import { ArgumentError } from "../../errors";
import { isObjectId, openMailbox, type MailboxRef } from "../../graph/mailbox";
import { sendNewMessage } from "../../graph/send";
import * as users from "../../graph/users";
import { addresses } from "../../inputs/compose";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { composeNotification, notificationInputs } from "../../inputs/notifications";

/**
 * The mailbox to send from, named by address: a source given as an object ID is looked up once (User.Read.All),
 * and its address is both the From and, when the notification has no recipient, the To.
 */
async function senderByAddress(
  connection: unknown,
  mb: MailboxRef,
  known?: string,
): Promise<{ mb: MailboxRef; address: string }> {
  if (known) return { mb, address: known };
  if (mb.user && !isObjectId(mb.user)) return { mb, address: mb.user };
  const address = await users.address(mb);
  if (!address) throw new ArgumentError("to", "The sender has no email address to send the notification to; give To.");
  return { mb: mb.user ? openMailbox(connection as never, address, mb.input) : mb, address };
}

export const sendNotification = action({
  display: {
    label: "Send Notification",
    description:
      "Send a notification as Apprise does, and better: one message to every recipient (Apprise sends one per To), " +
      "attachments of any size (inline, or a draft and upload sessions above 3 MB, as Send Message). With an Apprise " +
      "URL connection, the URL's targets (or its source when it has none), cc, bcc, reply_to, format and savesent " +
      "are the defaults; with another connection, no To means the sender.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: input({
      ...mailboxInput,
      label: "Send From (Mailbox)",
      comments: "Defaults to the Apprise URL's source, the connection's User ID, or the signed-in account.",
    }),
    ...notificationInputs,
  },
  perform: async (_context, params) => {
    // Everything is checked before the first request.
    const url = appriseUrlOf(params.connection);
    const { message, attachments, format, saveToSentItems } = composeNotification(params, url);
    const opened = openMailbox(params.connection, params.mailbox);
    const needsAddress = !message.toRecipients?.length || Boolean(opened.user && isObjectId(opened.user));
    const sender = needsAddress ? await senderByAddress(params.connection, opened, url?.source.address) : undefined;
    if (!message.toRecipients?.length) message.toRecipients = [{ emailAddress: { address: sender!.address } }];
    const mb = sender?.mb ?? opened;
    // A notification is fire and forget, as Apprise's: no lookup of the sent copy's ids.
    const sent = await sendNewMessage(mb, message, attachments, saveToSentItems, "Send Notification", false);
    const data = {
      mailbox: sent.mailbox,
      subject: message.subject,
      format,
      to: addresses(message.toRecipients),
      cc: addresses(message.ccRecipients),
      bcc: addresses(message.bccRecipients),
      replyTo: addresses(message.replyTo),
      attachments: sent.attachments,
      saveToSentItems,
    };
    return { data: { ...data, sent: true, via: sent.via } };
  },
});
