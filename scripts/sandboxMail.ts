import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import type { Sandbox } from "../sandbox";

/**
 * Mail arriving in a sandbox mailbox and the platform's scheduled polls, shared by `npm run reliability`
 * and the component tests.
 */

/**
 * Mail arriving in a sandbox mailbox without a send: a received message put straight into a folder
 * (a well-known name or an id; the inbox by default), stamped with the sandbox clock, as delivery
 * would stamp it.
 */
export function deliver(sb: Sandbox, userId: string, subject: string, folder = "inbox") {
  const mb = sb.store.mailbox(userId);
  const t = sb.clock.iso();
  return sb.store.putMessage(mb, {
    folderId: sb.store.findFolder(mb, folder)!.id,
    createdDateTime: t,
    lastModifiedDateTime: t,
    receivedDateTime: t,
    sentDateTime: t,
    subject,
    body: { contentType: "text", content: `About ${subject}` },
    importance: "normal",
    isRead: false,
    isDraft: false,
    from: { emailAddress: { name: "Sender", address: "sender@fabrikam.example" } },
    sender: { emailAddress: { name: "Sender", address: "sender@fabrikam.example" } },
    toRecipients: [],
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    internetMessageId: `<${subject.replace(/\W/g, "")}.${Math.random().toString(36).slice(2)}@fabrikam.example>`,
    conversationId: "c",
    conversationIndex: "AQ==",
    categories: [],
    flag: { flagStatus: "notFlagged" },
    inferenceClassification: "focused",
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    internetMessageHeaders: [],
    extendedProperties: [],
    attachments: [],
  });
}

/**
 * The platform's scheduled invocation of a trigger: no HTTP request behind it, so no headers, no
 * query parameters and no body.
 */
export function scheduledPayload() {
  return {
    ...defaultTriggerPayload(),
    headers: {},
    queryParameters: {},
    rawBody: { data: null },
    body: { data: null },
  };
}
