import type { Mailbox, MailFolder, Recipient, SeedUser, StoredAttachment, StoredMessage } from "../store";
import { htmlToText } from "../mime";
import { folderMessages } from "./searchFolders";

/** Graph's JSON for a recipient: the name defaults to the address, as Exchange fills it in. */
export function recipientJson(r: Recipient): Recipient {
  return { emailAddress: { name: r.emailAddress.name || r.emailAddress.address, address: r.emailAddress.address } };
}

/** Properties Graph returns only when $select asks for them. */
export const SELECT_ONLY_MESSAGE_PROPERTIES = ["uniqueBody", "internetMessageHeaders"];

export interface BodyPreference {
  /** From `Prefer: outlook.body-content-type="text"|"html"`. */
  bodyType?: "text" | "html";
  /** From `Prefer: IdType="ImmutableId"`: ids that survive moves and sends. */
  immutableIds?: boolean;
}

/**
 * The plain text of each HTML body, kept beside the body it was made from: html-to-text takes about a quarter of a
 * millisecond a body, and a filtered listing serializes every message of the folder (twice over for a text body).
 */
const bodyTexts = new WeakMap<StoredMessage["body"], { html: string; text: string }>();

function textOf(body: StoredMessage["body"]): string {
  const known = bodyTexts.get(body);
  if (known?.html === body.content) return known.text;
  const text = htmlToText(body.content);
  bodyTexts.set(body, { html: body.content, text });
  return text;
}

function bodyAs(body: StoredMessage["body"], pref: BodyPreference): StoredMessage["body"] {
  if (!pref.bodyType || pref.bodyType === body.contentType) return body;
  if (pref.bodyType === "text") return { contentType: "text", content: textOf(body) };
  const escaped = body.content
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r?\n/g, "<br>\r\n");
  return {
    contentType: "html",
    content:
      '<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>' +
      `<body><div>${escaped}</div></body></html>`,
  };
}

/** A message as Graph returns it (every property, select-only ones included; callers strip those unless selected). */
export function messageJson(m: StoredMessage, pref: BodyPreference = {}): Record<string, unknown> {
  const body = bodyAs(m.body, pref);
  const preview = (m.body.contentType === "html" ? textOf(m.body) : m.body.content)
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 255);
  return {
    "@odata.etag": `W/"${m.changeKey}"`,
    id: pref.immutableIds ? (m.immutableId ?? m.id) : m.id,
    createdDateTime: m.createdDateTime,
    lastModifiedDateTime: m.lastModifiedDateTime,
    changeKey: m.changeKey,
    categories: [...m.categories],
    receivedDateTime: m.receivedDateTime,
    sentDateTime: m.sentDateTime,
    hasAttachments: m.attachments.some((a) => !a.isInline),
    internetMessageId: m.internetMessageId,
    subject: m.subject,
    bodyPreview: preview,
    importance: m.importance,
    parentFolderId: m.folderId,
    conversationId: m.conversationId,
    conversationIndex: m.conversationIndex,
    isDeliveryReceiptRequested: m.isDeliveryReceiptRequested,
    isReadReceiptRequested: m.isReadReceiptRequested,
    isRead: m.isRead,
    isDraft: m.isDraft,
    webLink:
      `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(m.id)}` + "&exvsurl=1&viewmodel=ReadMessageItem",
    inferenceClassification: m.inferenceClassification,
    body,
    sender: m.sender ? recipientJson(m.sender) : null,
    from: m.from ? recipientJson(m.from) : null,
    toRecipients: m.toRecipients.map(recipientJson),
    ccRecipients: m.ccRecipients.map(recipientJson),
    bccRecipients: m.bccRecipients.map(recipientJson),
    replyTo: m.replyTo.map(recipientJson),
    flag: { flagStatus: m.flag.flagStatus },
    uniqueBody: body,
    internetMessageHeaders: m.internetMessageHeaders.map((h) => ({ ...h })),
    ...(m.eventMessage ? eventMessageFields(m.eventMessage) : {}),
  };
}

/** The eventMessage subtype's own properties (meeting requests, responses, cancellations). */
function eventMessageFields(e: NonNullable<StoredMessage["eventMessage"]>): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    "@odata.type": `#microsoft.graph.${e.odataType}`,
    meetingMessageType: e.meetingMessageType,
    startDateTime: e.start,
    endDateTime: e.end,
    location: { displayName: e.location, locationType: "default", uniqueIdType: "unknown" },
    type: e.type,
    isOutOfDate: false,
    isAllDay: e.isAllDay,
    isDelegated: false,
  };
  if (e.odataType === "eventMessageRequest")
    Object.assign(fields, {
      responseRequested: true,
      allowNewTimeProposals: true,
      meetingRequestType: "newMeetingRequest",
    });
  if (e.odataType === "eventMessageResponse") fields.responseType = e.responseType;
  return fields;
}

/** A message's single-value extended properties as Graph returns them under $expand. */
export function extendedPropertiesJson(m: StoredMessage): { id: string; value: string }[] {
  return m.extendedProperties.map((p) => ({ id: p.id, value: p.value }));
}

export function stripSelectOnly(json: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (select) return json;
  const out = { ...json };
  for (const k of SELECT_ONLY_MESSAGE_PROPERTIES) delete out[k];
  return out;
}

export function folderJson(mb: Mailbox, f: MailFolder): Record<string, unknown> {
  const messages = folderMessages(mb, f);
  const children = [...mb.folders.values()].filter((c) => c.parentFolderId === f.id);
  return {
    id: f.id,
    displayName: f.displayName,
    parentFolderId: f.parentFolderId,
    childFolderCount: children.length,
    unreadItemCount: messages.filter((m) => !m.isRead).length,
    totalItemCount: messages.length,
    isHidden: f.isHidden,
    ...(f.search
      ? {
          "@odata.type": "#microsoft.graph.mailSearchFolder",
          isSupported: true,
          includeNestedFolders: f.search.includeNestedFolders,
          sourceFolderIds: [...f.search.sourceFolderIds],
          filterQuery: f.search.filterQuery,
        }
      : {}),
  };
}

/** Approximate stored size of a message: body and attachments. */
export function messageSize(m: StoredMessage): number {
  return Buffer.byteLength(m.body.content) + m.attachments.reduce((n, a) => n + a.size, 0);
}

const ATTACHMENT_TYPES = {
  file: "#microsoft.graph.fileAttachment",
  item: "#microsoft.graph.itemAttachment",
  reference: "#microsoft.graph.referenceAttachment",
};

/** An attachment as Graph returns it; file attachments carry their bytes when `withContent`. */
export function attachmentJson(a: StoredAttachment, withContent: boolean): Record<string, unknown> {
  const kind = a.kind ?? "file";
  const common = {
    "@odata.type": ATTACHMENT_TYPES[kind],
    id: a.id,
    lastModifiedDateTime: a.lastModifiedDateTime,
    name: a.name,
    contentType: kind === "item" ? null : a.contentType,
    size: a.size,
    isInline: a.isInline,
  };
  if (kind !== "file") return common;
  const json: Record<string, unknown> = {
    ...common,
    "@odata.mediaContentType": a.contentType,
    contentId: a.contentId ?? null,
    contentLocation: null,
  };
  if (withContent) json.contentBytes = a.content.toString("base64");
  return json;
}

export function userJson(u: SeedUser): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.givenName ?? null,
    jobTitle: u.jobTitle ?? null,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: "en-US",
    surname: u.surname ?? null,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
  };
}

/** Properties of users that Graph returns only when $select names them (a $filter may test them all the same). */
export function userDirectoryJson(u: SeedUser, tenantDomain: string): Record<string, unknown> {
  const person = (u.mailboxType ?? "user") === "user";
  return {
    ...userJson(u),
    accountEnabled: person,
    mailNickname: u.mail.split("@")[0],
    otherMails: [],
    proxyAddresses: [`SMTP:${u.mail}`],
    userType: "Member",
    usageLocation: person ? "US" : null,
    identities: [{ signInType: "userPrincipalName", issuer: tenantDomain, issuerAssignedId: u.userPrincipalName }],
    assignedLicenses: (u.assignedLicenses ?? []).map((skuId) => ({ skuId, disabledPlans: [] })),
  };
}
