import { randomBytes } from "node:crypto";
import { GraphError, badRequest, notFound, sendBytes, sendEmpty, sendJson } from "../http";
import { itemId } from "../ids";
import { buildMime, parseMime } from "../mime";
import { maySendAs } from "../permissions";
import type { RouteContext, Router } from "../router";
import type { Mailbox, Recipient, SeedUser, StoredAttachment, StoredMessage } from "../store";
import {
  applyPreference,
  expandOption,
  mailboxOf,
  odataContext,
  pageSizeOf,
  readActionParameters,
  readJson,
  sendEntity,
  wantsImmutableIds,
} from "./common";
import { applyQueryToStored, compileFilter, nextPageLink, parseSelect, selectProperties } from "./odata";
import { applyRules } from "./messageRules";
import { checkIfMatch } from "./preconditions";
import { folderMessages } from "./searchFolders";
import {
  attachmentJson,
  extendedPropertiesJson,
  messageJson,
  messageSize,
  stripSelectOnly,
  type BodyPreference,
} from "./serialize";

const MESSAGE = "microsoft.graph.message";

/** Prefixes under which a message collection is reachable: the mailbox, a folder, a child folder. */
export const MESSAGE_COLLECTIONS = [
  "/users/{user-id}/messages",
  "/users/{user-id}/mailFolders/{mailFolder-id}/messages",
  "/users/{user-id}/mailFolders/{mailFolder-id}/childFolders/{childFolder-id}/messages",
];
export const MESSAGE_ITEMS = MESSAGE_COLLECTIONS.map((c) => `${c}/{message-id}`);

/** A simple, permissive addr-spec check (Exchange resolves anything shaped like local@domain). */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

/** What the request's `Prefer` header asks of message answers: a body type, immutable ids (each said applied). */
export function bodyPreference(ctx: RouteContext): BodyPreference {
  const prefer = String(ctx.req.headers.prefer ?? "");
  const m = /outlook\.body-content-type\s*=\s*"?(text|html)"?/i.exec(prefer);
  const immutableIds = wantsImmutableIds(ctx);
  if (!m) return { immutableIds };
  applyPreference(ctx, `outlook.body-content-type="${m[1].toLowerCase()}"`);
  return { bodyType: m[1].toLowerCase() as "text" | "html", immutableIds };
}

/** The folder a folder-scoped path names (the deepest folder segment), or undefined for the whole mailbox. */
export function scopedFolderId(ctx: RouteContext, mb: Mailbox): string | undefined {
  const key = ctx.params["childFolder-id"] ?? ctx.params["mailFolder-id"];
  if (key === undefined) return undefined;
  const folder = ctx.store.findFolder(mb, key);
  if (!folder) throw notFound();
  return folder.id;
}

/** The message a path names, by its id or its immutable id (Graph takes either). */
export function findMessage(ctx: RouteContext, mb: Mailbox): StoredMessage {
  return messageById(mb, ctx.params["message-id"]);
}

/** The message an immutable id names, through the mailbox's index of them. */
export function findByImmutableId(mb: Mailbox, id: string): StoredMessage | undefined {
  const key = mb.immutableIds.get(id);
  return key === undefined ? undefined : mb.messages.get(key);
}

export function messageById(mb: Mailbox, id: string): StoredMessage {
  const m = mb.messages.get(id) ?? findByImmutableId(mb, id);
  if (!m) throw notFound();
  return m;
}

function recipientsFrom(value: unknown): Recipient[] {
  return ((value as Recipient[] | undefined) ?? []).map((r) => ({
    emailAddress: { name: r?.emailAddress?.name, address: String(r?.emailAddress?.address ?? "") },
  }));
}

function attachmentsFrom(ctx: RouteContext, value: unknown): StoredAttachment[] {
  return ((value as Record<string, unknown>[] | undefined) ?? []).map((a) => fileAttachmentFrom(ctx, a));
}

/**
 * An attachment from its JSON: a file (its bytes), an item (an attached message, event or contact,
 * kept as JSON; its size is the item's), or a reference (a link to a file stored elsewhere).
 */
export function fileAttachmentFrom(ctx: RouteContext, a: Record<string, unknown>): StoredAttachment {
  const type = String(a["@odata.type"] ?? "").replace(/^#/, "");
  const kind =
    { "microsoft.graph.fileAttachment": "file", "microsoft.graph.itemAttachment": "item" }[type] ??
    (type === "microsoft.graph.referenceAttachment" ? "reference" : undefined);
  if (!kind)
    throw badRequest(
      `'@odata.type' must name a file, item or reference attachment (got '${type || "none"}').`,
      "ErrorInvalidRequest",
    );
  if (typeof a.name !== "string" || !a.name)
    throw badRequest("The attachment's name is required.", "ErrorInvalidRequest");
  const item = kind === "item" ? ((a.item as Record<string, unknown> | undefined) ?? {}) : undefined;
  const content =
    kind === "file" ? Buffer.from(String(a.contentBytes ?? ""), "base64") : Buffer.from(JSON.stringify(item ?? {}));
  const fallbackType = kind === "item" ? "" : "application/octet-stream";
  return {
    id: itemId(),
    kind: kind as StoredAttachment["kind"],
    item,
    name: a.name,
    contentType: typeof a.contentType === "string" && a.contentType ? a.contentType : fallbackType,
    size: kind === "reference" ? 0 : content.length,
    isInline: a.isInline === true,
    contentId: typeof a.contentId === "string" ? a.contentId : null,
    lastModifiedDateTime: ctx.clock.iso(),
    content,
  };
}

/** A new message from a Graph message body (create draft, or the message of sendMail). */
export type NewMessage = Omit<StoredMessage, "id" | "seq" | "changeKey" | "createdSeq">;

export function messageFrom(
  ctx: RouteContext,
  body: Record<string, unknown>,
  owner: SeedUser,
  folderId: string,
  isDraft: boolean,
): NewMessage {
  const now = ctx.clock.iso();
  const b = body.body as { contentType?: string; content?: string } | undefined;
  const domain = owner.mail.split("@")[1] ?? "sandbox.local";
  const from = body.from ? recipientsFrom([body.from])[0] : null;
  return {
    folderId,
    createdDateTime: now,
    lastModifiedDateTime: now,
    receivedDateTime: now,
    sentDateTime: isDraft ? null : now,
    subject: typeof body.subject === "string" ? body.subject : "",
    body: { contentType: b?.contentType?.toLowerCase() === "html" ? "html" : "text", content: b?.content ?? "" },
    importance: String(body.importance ?? "normal").toLowerCase() as StoredMessage["importance"],
    isRead: typeof body.isRead === "boolean" ? body.isRead : true,
    isDraft,
    from,
    sender: body.sender ? recipientsFrom([body.sender])[0] : from,
    toRecipients: recipientsFrom(body.toRecipients),
    ccRecipients: recipientsFrom(body.ccRecipients),
    bccRecipients: recipientsFrom(body.bccRecipients),
    replyTo: recipientsFrom(body.replyTo),
    internetMessageId:
      typeof body.internetMessageId === "string"
        ? body.internetMessageId
        : `<${randomBytes(12).toString("hex")}@${domain}>`,
    conversationId: "AAQkA" + randomBytes(30).toString("base64url") + "=",
    conversationIndex: Buffer.concat([Buffer.from([1]), randomBytes(21)]).toString("base64"),
    categories: Array.isArray(body.categories) ? (body.categories as string[]) : [],
    flag: {
      flagStatus:
        ((body.flag as { flagStatus?: string } | undefined)?.flagStatus as StoredMessage["flag"]["flagStatus"]) ??
        "notFlagged",
    },
    inferenceClassification: (body.inferenceClassification as StoredMessage["inferenceClassification"]) ?? "focused",
    isDeliveryReceiptRequested: body.isDeliveryReceiptRequested === true,
    isReadReceiptRequested: body.isReadReceiptRequested === true,
    internetMessageHeaders: ((body.internetMessageHeaders as { name: string; value: string }[] | undefined) ?? []).map(
      (h) => ({ name: h.name, value: h.value }),
    ),
    extendedProperties: ((body.singleValueExtendedProperties as { id: string; value: string }[] | undefined) ?? []).map(
      (p) => ({ id: String(p.id), value: String(p.value) }),
    ),
    attachments: attachmentsFrom(ctx, body.attachments),
  };
}

/** The message as it leaves: checked (recipients, send-as rights, size), with its sender and times. */
function readyToSend(ctx: RouteContext, owner: SeedUser, message: NewMessage) {
  checkSendable(ctx, owner, message, recipientsOf(message));
  const from = senderOf(ctx, message.from?.emailAddress.address ?? owner.mail, message.from?.emailAddress.name);
  const now = ctx.clock.iso();
  return { ...message, from, sender: from, sentDateTime: now, receivedDateTime: now, isDraft: false };
}

const recipientsOf = (m: NewMessage) => [...m.toRecipients, ...m.ccRecipients, ...m.bccRecipients];

type Sent = ReturnType<typeof readyToSend>;

/** The sender's copy in Sent Items. */
function fileSentCopy(ctx: RouteContext, owner: SeedUser, sent: Sent, immutableId?: string): void {
  const mb = ctx.store.mailbox(owner.id);
  ctx.store.putMessage(mb, {
    ...sent,
    ...(immutableId ? { immutableId } : {}),
    folderId: ctx.store.folderByWellKnown(mb, "sentitems").id,
    isRead: true,
    createdDateTime: sent.sentDateTime,
    lastModifiedDateTime: sent.sentDateTime,
  });
}

/** A copy in each sandbox recipient's Inbox (once per address, without Bcc); other addresses go outbound. */
function distribute(ctx: RouteContext, sent: Sent): void {
  const seen = new Set<string>();
  for (const r of recipientsOf(sent)) {
    const address = r.emailAddress.address.toLowerCase();
    if (seen.has(address)) continue;
    seen.add(address);
    deliverTo(ctx, sent, r.emailAddress.address);
  }
}

/**
 * Mail Exchange itself sends from `owner`'s mailbox (automatic replies, rules' forwards and redirects):
 * checked as any send, delivered, and filed in Sent Items when `saveToSentItems`.
 */
export function deliver(ctx: RouteContext, owner: SeedUser, message: NewMessage, saveToSentItems: boolean): void {
  const sent = readyToSend(ctx, owner, message);
  if (saveToSentItems) fileSentCopy(ctx, owner, sent);
  distribute(ctx, sent);
}

/**
 * A send the mailbox's owner asks for (sendMail, reply, forward, a draft's send), as Exchange makes it:
 * the message is saved in Drafts (a new one, unless `draft` is the draft being sent), then submitted:
 * it leaves Drafts, a copy lands in Sent Items (keeping the draft's immutable id) unless none is kept,
 * and it is delivered. So change notifications show what Graph shows for one send: a message created
 * in Drafts and one created in Sent Items, the mailbox's own echoes of what it sent.
 */
export function submit(
  ctx: RouteContext,
  owner: SeedUser,
  message: NewMessage,
  saveToSentItems: boolean,
  draft?: StoredMessage,
): void {
  const sent = readyToSend(ctx, owner, message);
  const mb = ctx.store.mailbox(owner.id);
  const staged =
    draft ??
    ctx.store.putMessage(mb, {
      ...sent,
      isDraft: true,
      folderId: ctx.store.folderByWellKnown(mb, "drafts").id,
      isRead: true,
      createdDateTime: sent.sentDateTime,
      lastModifiedDateTime: sent.sentDateTime,
    });
  ctx.store.removeMessage(mb, staged);
  if (saveToSentItems) fileSentCopy(ctx, owner, sent, staged.immutableId);
  distribute(ctx, sent);
}

const unresolved = (address: string) =>
  new GraphError(
    400,
    "ErrorInvalidRecipients",
    `At least one recipient is not valid., Recipient '${address}' is not resolved. All recipients must be ` +
      "resolved before a message can be submitted.",
  );

/** Exchange's checks before a message leaves: recipients, send-as rights, the tenant's size limit. */
function checkSendable(ctx: RouteContext, owner: SeedUser, message: NewMessage, all: Recipient[]): void {
  if (all.length === 0) throw unresolved("");
  for (const r of [...all, ...message.replyTo]) {
    if (!ADDRESS.test(r.emailAddress.address)) throw unresolved(r.emailAddress.address);
  }
  if (!maySendAs(ctx.store, owner, message.from?.emailAddress.address ?? owner.mail)) {
    throw new GraphError(
      403,
      "ErrorSendAsDenied",
      "The user account which was used to submit this request does not have the right to send mail on behalf of " +
        "the specified sending account., Cannot submit message.",
    );
  }
  const size = messageSize({ ...message } as StoredMessage);
  const limit = ctx.store.tenantMaxMessageBytes(owner.tenantId);
  if (size > limit) {
    throw new GraphError(
      400,
      "ErrorMessageSizeExceeded",
      `The message exceeds the maximum supported size of ${limit} bytes.`,
    );
  }
}

/** The From of the sent copies: the sandbox user owning the address when there is one. */
function senderOf(ctx: RouteContext, fromAddress: string, name: string | undefined): Recipient {
  const fromUser = ctx.store.findByAddress(fromAddress);
  return {
    emailAddress: { name: name || fromUser?.displayName || fromAddress, address: fromUser?.mail ?? fromAddress },
  };
}

type SentMessage = NewMessage & { from: Recipient; sender: Recipient; sentDateTime: string; receivedDateTime: string };

/** One recipient's copy: into their Inbox (no Bcc), or recorded as outbound when no mailbox here owns the address. */
function deliverTo(ctx: RouteContext, sent: SentMessage, address: string): void {
  const recipient = ctx.store.findByAddress(address);
  const mb = recipient ? ctx.store.mailboxes.get(recipient.id) : undefined;
  const fromAddress = sent.from.emailAddress.address;
  if (!mb) {
    ctx.store.outbound.push({
      from: fromAddress,
      to: address,
      internetMessageId: sent.internetMessageId,
      subject: sent.subject,
      sentDateTime: sent.sentDateTime,
    });
    return;
  }
  const delivered = ctx.store.putMessage(mb, {
    ...sent,
    immutableId: undefined,
    folderId: ctx.store.folderByWellKnown(mb, "inbox").id,
    bccRecipients: [],
    isRead: false,
    createdDateTime: sent.sentDateTime,
    lastModifiedDateTime: sent.sentDateTime,
    flag: { flagStatus: "notFlagged" },
    categories: [],
    // Focused Inbox: an override for the sender decides; without one, mail lands in Focused.
    inferenceClassification: mb.overrides.get(fromAddress.toLowerCase())?.classifyAs ?? "focused",
  });
  autoReply(ctx, recipient!, mb, delivered, fromAddress);
  applyRules(ctx, recipient!, mb, delivered);
}

interface AutomaticReplies {
  status: "disabled" | "alwaysEnabled" | "scheduled";
  externalAudience: "none" | "contactsOnly" | "all";
  internalReplyMessage: string;
  externalReplyMessage: string;
  scheduledStartDateTime: { dateTime: string; timeZone: string };
  scheduledEndDateTime: { dateTime: string; timeZone: string };
}

/** A scheduled window's bound as an instant (the sandbox reads dateTimeTimeZone values in UTC). */
const instant = (d: { dateTime: string }) =>
  Date.parse(/Z|[+-]\d\d:\d\d$/.test(d.dateTime) ? d.dateTime : `${d.dateTime}Z`);

/**
 * Exchange's automatic replies: while they are on, each sender gets one reply per period
 * (internal or external message by the sender's organisation); auto-replies are never answered.
 */
function autoReply(
  ctx: RouteContext,
  owner: SeedUser,
  mb: Mailbox,
  received: StoredMessage,
  senderAddress: string,
): void {
  const s = mb.settings.automaticRepliesSetting as AutomaticReplies | undefined;
  if (!s || s.status === "disabled") return;
  const now = ctx.clock.now();
  if (s.status === "scheduled" && !(instant(s.scheduledStartDateTime) <= now && now < instant(s.scheduledEndDateTime)))
    return;
  if (received.internetMessageHeaders.some((h) => h.name.toLowerCase() === "auto-submitted")) return;
  const sender = ctx.store.findByAddress(senderAddress);
  const internal = sender?.tenantId === owner.tenantId;
  if (!internal && s.externalAudience !== "all") return;
  const key = senderAddress.toLowerCase();
  if (mb.autoRepliedTo.has(key) || key === owner.mail.toLowerCase()) return;
  mb.autoRepliedTo.add(key);
  const reply = messageFrom(
    ctx,
    {
      subject: `Automatic reply: ${received.subject}`,
      body: { contentType: "html", content: internal ? s.internalReplyMessage : s.externalReplyMessage },
      toRecipients: [{ emailAddress: { address: senderAddress } }],
      internetMessageHeaders: [{ name: "Auto-Submitted", value: "auto-replied" }],
    },
    owner,
    "",
    false,
  );
  deliver(ctx, owner, { ...reply, conversationId: received.conversationId }, false);
}

/** Whether the request body is base64 MIME (`Content-Type: text/plain`) rather than JSON. */
export function isMimeBody(ctx: RouteContext): boolean {
  return /^text\/plain\b/i.test(String(ctx.req.headers["content-type"] ?? ""));
}

/** A message from a base64 MIME body (sendMail, create draft, and the reply and forward actions). */
export async function mimeMessage(
  ctx: RouteContext,
  owner: SeedUser,
  folderId: string,
  isDraft: boolean,
): Promise<NewMessage> {
  const raw = ctx.body.toString("latin1").replace(/\s/g, "");
  if (!raw || !/^[A-Za-z0-9+/]*={0,2}$/.test(raw))
    throw new GraphError(400, "ErrorMimeContentInvalidBase64String", "Invalid base64 string for MIME content.");
  const parsed = await parseMime(Buffer.from(raw, "base64"));
  const message = messageFrom(
    ctx,
    {
      subject: parsed.subject,
      body: parsed.body,
      importance: parsed.importance,
      toRecipients: parsed.toRecipients,
      ccRecipients: parsed.ccRecipients,
      bccRecipients: parsed.bccRecipients,
      replyTo: parsed.replyTo,
      from: parsed.from,
      internetMessageHeaders: parsed.headers,
      ...(isDraft ? {} : { internetMessageId: parsed.internetMessageId }),
    },
    owner,
    folderId,
    isDraft,
  );
  message.attachments = parsed.attachments.map((a) => ({
    id: itemId(),
    name: a.name,
    contentType: a.contentType,
    size: a.content.length,
    isInline: a.isInline,
    contentId: a.contentId ?? null,
    lastModifiedDateTime: ctx.clock.iso(),
    content: a.content,
  }));
  return message;
}

async function handleSendMail(ctx: RouteContext): Promise<void> {
  const { user } = mailboxOf(ctx, "send");
  if (isMimeBody(ctx)) {
    submit(ctx, user, await mimeMessage(ctx, user, "", false), true);
    sendEmpty(ctx.res, 202);
    return;
  }
  const params = readActionParameters(ctx, "microsoft.graph.user", "sendMail");
  if (!params.message) throw badRequest("The parameter 'Message' is required.", "ErrorInvalidRequest");
  const message = messageFrom(ctx, params.message as Record<string, unknown>, user, "", false);
  submit(ctx, user, message, params.saveToSentItems !== false);
  sendEmpty(ctx.res, 202);
}

const MESSAGE_QUERY = {
  typeName: MESSAGE,
  maxTop: 1000,
  defaultOrder: [{ path: ["receivedDateTime"], desc: true }],
  searchText: (m: Record<string, unknown>) => {
    const from = m.from as Recipient | null;
    const to = (m.toRecipients as Recipient[]).flatMap((r) => [r.emailAddress.address, r.emailAddress.name ?? ""]);
    return [
      String(m.subject),
      String((m.body as { content: string }).content),
      String(m.bodyPreview),
      from?.emailAddress.address ?? "",
      from?.emailAddress.name ?? "",
      ...to,
    ];
  },
};

/** The page of messages the query asks for, newest first unless it orders otherwise. */
function queryMessages(ctx: RouteContext, stored: StoredMessage[], pref: ReturnType<typeof bodyPreference>) {
  return applyQueryToStored(
    {
      stored,
      // $filter may test extended properties (a stamp the caller set); answers carry them only when expanded.
      toJson: (m): Record<string, unknown> => ({
        ...messageJson(m, pref),
        singleValueExtendedProperties: extendedPropertiesJson(m),
      }),
      defaultKey: (m) => (m.receivedDateTime == null ? null : Date.parse(m.receivedDateTime)),
    },
    ctx.query,
    { ...MESSAGE_QUERY, defaultTop: pageSizeOf(ctx, 10) },
  );
}

function listMessages(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "read");
  const folderId = scopedFolderId(ctx, mailbox);
  const pref = bodyPreference(ctx);
  const hidden = ctx.store.folderByWellKnown(mailbox, "recoverableitemsdeletions").id;
  const folder = folderId ? mailbox.folders.get(folderId) : undefined;
  const stored = folder
    ? folderMessages(mailbox, folder)
    : [...mailbox.messages.values()].filter((m) => m.folderId !== hidden);
  const select = parseSelect(ctx.query, MESSAGE);
  const result = queryMessages(ctx, stored, pref);
  const page: Record<string, unknown> = { "@odata.context": odataContext(ctx, contextPath(ctx, "messages", select)) };
  if (/^true$/i.test(ctx.query.get("$count") ?? ctx.query.get("count") ?? "")) page["@odata.count"] = result.total;
  const expanding = expandOption(ctx).length > 0;
  page.value = result.items.map((m) => {
    const { singleValueExtendedProperties: _tested, ...shown } = m;
    const json = stripSelectOnly(shown, select);
    return expanding ? withExpansions(ctx, messageById(mailbox, String(m.id)), json) : json;
  });
  if (result.nextSkip !== undefined) page["@odata.nextLink"] = nextPageLink(ctx, result.nextSkip);
  ctx.log.returned = result.items.length;
  sendJson(ctx.res, 200, page);
}

/** The @odata.context fragment of a collection under the addressed user, e.g. users('id')/messages(subject,id). */
export function contextPath(ctx: RouteContext, collection: string, select?: string[]): string {
  return `users('${encodeURIComponent(ctx.params["user-id"])}')/${collection}${select ? `(${select.join(",")})` : ""}`;
}

function getMessage(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "read");
  const m = findMessage(ctx, mailbox);
  const select = parseSelect(ctx.query, MESSAGE);
  const json = messageJson(m, bodyPreference(ctx));
  const out = select ? selectProperties(json, select) : stripSelectOnly(json, undefined);
  sendEntity(ctx, 200, `${contextPath(ctx, "messages", select)}/$entity`, withExpansions(ctx, m, out));
}

/**
 * What `$expand` adds to a message: its attachments (each with its content), and the extended
 * properties asked for (`singleValueExtendedProperties($filter=id eq '…')`, or all of them).
 */
export function withExpansions(
  ctx: RouteContext,
  m: StoredMessage,
  json: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...json };
  for (const e of expandOption(ctx)) {
    const name = e.name.toLowerCase();
    if (name === "attachments") out.attachments = m.attachments.map((a) => attachmentJson(a, true));
    else if (name === "singlevalueextendedproperties" || name === "multivalueextendedproperties") {
      // Only a $filter is read inside the parentheses, checked like any filter on Graph's property type.
      const filter = /^\s*\$?filter\s*=\s*(.*)$/is.exec(e.options)?.[1];
      const test = filter ? compileFilter(filter, "microsoft.graph.singleValueLegacyExtendedProperty") : () => true;
      const props = name.startsWith("single") ? m.extendedProperties.filter((p) => test({ ...p })) : [];
      out[name.startsWith("single") ? "singleValueExtendedProperties" : "multiValueExtendedProperties"] = props.map(
        (p) => ({ id: p.id, value: p.value }),
      );
    } else throw parseUriErrorFor(e.name, MESSAGE);
  }
  return out;
}

function parseUriErrorFor(property: string, typeName: string): GraphError {
  return new GraphError(
    400,
    "RequestBroker--ParseUri",
    `Could not find a property named '${property}' on type '${typeName}'.`,
  );
}

async function getMessageMime(ctx: RouteContext): Promise<void> {
  const { mailbox } = mailboxOf(ctx, "read");
  const m = findMessage(ctx, mailbox);
  sendBytes(ctx.res, 200, "text/plain", await buildMime(m));
}

async function createMessage(ctx: RouteContext): Promise<void> {
  const { user, mailbox } = mailboxOf(ctx, "write");
  const folderId = scopedFolderId(ctx, mailbox) ?? ctx.store.folderByWellKnown(mailbox, "drafts").id;
  const draft = isMimeBody(ctx)
    ? await mimeMessage(ctx, user, folderId, true)
    : messageFrom(ctx, readJson(ctx, MESSAGE, { required: false }), user, folderId, true);
  if (!draft.from) draft.from = draft.sender = { emailAddress: { name: user.displayName, address: user.mail } };
  const stored = ctx.store.putMessage(mailbox, draft);
  sendEntity(
    ctx,
    201,
    `${contextPath(ctx, "messages")}/$entity`,
    stripSelectOnly(messageJson(stored, bodyPreference(ctx)), undefined),
  );
}

/** Properties Graph lets you change on a message that has been sent or received (the rest only on drafts). */
const UPDATABLE_AFTER_SEND = new Set([
  "categories",
  "importance",
  "inferenceClassification",
  "isDeliveryReceiptRequested",
  "isRead",
  "isReadReceiptRequested",
  "flag",
]);

/** Graph's refusals of a message PATCH: read-only properties, and most properties once a message was sent. */
function checkMessagePatch(m: StoredMessage, patch: Record<string, unknown>): void {
  const readOnly = [
    "id",
    "createdDateTime",
    "lastModifiedDateTime",
    "changeKey",
    "receivedDateTime",
    "sentDateTime",
    "hasAttachments",
    "bodyPreview",
    "parentFolderId",
    "conversationId",
    "conversationIndex",
    "isDraft",
    "webLink",
    "uniqueBody",
  ];
  for (const key of Object.keys(patch)) {
    if (key.startsWith("@odata")) continue;
    if (readOnly.includes(key))
      throw badRequest(`The property '${key}' is read-only and cannot be set.`, "ErrorInvalidPropertySet");
    if (!m.isDraft && !UPDATABLE_AFTER_SEND.has(key)) {
      throw badRequest(
        `The property '${key}' can only be updated on a draft message.`,
        "ErrorInvalidPropertyUpdateSentMessage",
      );
    }
  }
}

function updateMessage(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "write");
  const m = findMessage(ctx, mailbox);
  checkIfMatch(ctx, m.changeKey);
  const patch = readJson(ctx, MESSAGE);
  checkMessagePatch(m, patch);
  const next = messageFrom(
    ctx,
    { ...patch, internetMessageId: m.internetMessageId },
    ctx.store.users.get(mailbox.userId)!,
    m.folderId,
    m.isDraft,
  );
  for (const key of Object.keys(patch)) {
    if (key.startsWith("@odata")) continue;
    if (key === "attachments") {
      m.attachments.push(...next.attachments);
      continue;
    }
    if (key === "singleValueExtendedProperties") {
      for (const p of next.extendedProperties) {
        m.extendedProperties = [...m.extendedProperties.filter((x) => x.id.toLowerCase() !== p.id.toLowerCase()), p];
      }
      continue;
    }
    (m as unknown as Record<string, unknown>)[key] = (next as unknown as Record<string, unknown>)[key];
  }
  ctx.store.touchMessage(mailbox, m);
  sendEntity(
    ctx,
    200,
    `${contextPath(ctx, "messages")}/$entity`,
    stripSelectOnly(messageJson(m, bodyPreference(ctx)), undefined),
  );
}

/** Moves a message into a folder: Exchange gives the moved item a new id. */
export function moveMessage(ctx: RouteContext, mb: Mailbox, m: StoredMessage, folderId: string): StoredMessage {
  ctx.store.removeMessage(mb, m);
  const { id: _old, seq: _seq, changeKey: _ck, createdSeq: _cs, ...rest } = m;
  return ctx.store.putMessage(mb, { ...rest, folderId, lastModifiedDateTime: ctx.clock.iso() });
}

function deleteMessage(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "write");
  const m = findMessage(ctx, mailbox);
  checkIfMatch(ctx, m.changeKey);
  const deleted = ctx.store.folderByWellKnown(mailbox, "deleteditems").id;
  const recoverable = ctx.store.folderByWellKnown(mailbox, "recoverableitemsdeletions").id;
  if (m.folderId === recoverable) ctx.store.removeMessage(mailbox, m);
  else moveMessage(ctx, mailbox, m, m.folderId === deleted ? recoverable : deleted);
  sendEmpty(ctx.res, 204);
}

function permanentDelete(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "write");
  ctx.store.removeMessage(mailbox, findMessage(ctx, mailbox));
  sendEmpty(ctx.res, 204);
}

function sendDraft(ctx: RouteContext): void {
  const { user, mailbox } = mailboxOf(ctx, "send");
  const m = findMessage(ctx, mailbox);
  if (!m.isDraft)
    throw badRequest("Only a draft message can be sent; this message has been sent already.", "ErrorInvalidRequest");
  const { id: _id, seq: _seq, changeKey: _ck, createdSeq: _cs, ...message } = m;
  // PR_DELETE_AFTER_SUBMIT (0x0E01) set on the draft: Exchange keeps no copy in Sent Items.
  const deleteAfterSubmit = m.extendedProperties.some(
    (p) => p.id.toLowerCase() === "boolean 0x0e01" && p.value.toLowerCase() === "true",
  );
  submit(ctx, user, message, !deleteAfterSubmit, m);
  sendEmpty(ctx.res, 202);
}

export function registerMessageRoutes(router: Router): void {
  router.add("graph", "POST", "/users/{user-id}/sendMail", handleSendMail);
  for (const c of MESSAGE_COLLECTIONS) {
    router.add("graph", "GET", c, listMessages);
    router.add("graph", "POST", c, createMessage);
  }
  for (const item of MESSAGE_ITEMS) {
    router.add("graph", "GET", item, getMessage);
    router.add("graph", "PATCH", item, updateMessage);
    router.add("graph", "DELETE", item, deleteMessage);
    router.add("graph", "GET", `${item}/$value`, getMessageMime);
    router.add("graph", "POST", `${item}/send`, sendDraft);
    router.add("graph", "POST", `${item}/permanentDelete`, permanentDelete);
  }
}
