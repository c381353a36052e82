import { randomBytes, randomUUID } from "node:crypto";
import {
  DEFAULT_APP_ID,
  DEFAULT_TENANT_ID,
  USERS,
  type Mailbox,
  type MailFolder,
  type Sandbox,
  type StoredMessage,
} from "../../sandbox";
import type { Secrets } from "./secrets";

/**
 * Live objects for the baseline, written straight into the sandbox's store (no HTTP, so a case
 * costs microseconds to set up): messages, drafts, attachments, folders, events, calendars,
 * Focused Inbox overrides and subscriptions, all in the seeded user's mailbox.
 */

export type StoredEvent = Mailbox["events"] extends Map<string, infer E> ? E : never;
export type StoredCalendar = Mailbox["calendars"] extends Map<string, infer C> ? C : never;

/** The messages every query fixture folder holds: subjects that need encoding to be found. */
export const QUERY_SUBJECTS = [
  "Q&A",
  "Ticket #42",
  "C++ review",
  "100% done",
  "it's done",
  "a+b=c",
  "semi;colon, comma",
  "Plain subject",
] as const;

const ADELE = { name: "Adele Vance", address: USERS.adele.upn };
const MEGAN = { name: "Megan Bowen", address: USERS.megan.upn };
const ALEX = { name: "Alex Wilber", address: USERS.alex.upn };

const id = () => "AAMkA" + randomBytes(45).toString("base64url") + "=";
const key = () => "CQAAAB" + randomBytes(15).toString("base64url");

let serial = 0;
/** A name no fixture or case used before. */
export function unique(prefix: string): string {
  serial += 1;
  return `${prefix} ${serial}`;
}

/** What the fixtures are called: plain names for the fuzz suite, names a reader recognises for example payloads. */
export interface FixtureNames {
  subject: string;
  body: string;
  folder: string;
  calendar: string;
  event: string;
  attachment: string;
  attachmentText: string;
  rule: string;
  contact: string;
  contactAddress: string;
  contactFolder: string;
  category: string;
}

export const FUZZ_NAMES: FixtureNames = {
  subject: "Fuzz fixture",
  body: "fuzz fixture body",
  folder: "Fuzz folder",
  calendar: "Fuzz calendar",
  event: "Fuzz event",
  attachment: "fixture.txt",
  attachmentText: "fuzz attachment",
  rule: "Fuzz rule",
  contact: "Fuzz contact",
  contactAddress: "fixture@fabrikam.com",
  contactFolder: "Fuzz contacts",
  category: "Fuzz category",
};

export class Fixtures {
  constructor(
    private readonly sb: Sandbox,
    private readonly hookUrl: string,
    private readonly secrets: Secrets,
    private readonly names: FixtureNames = FUZZ_NAMES,
  ) {}

  get mailbox(): Mailbox {
    return this.sb.store.mailbox(USERS.adele.id);
  }

  private folderId(wellKnown: string): string {
    return this.sb.store.folderByWellKnown(this.mailbox, wellKnown).id;
  }

  /** A message received from Megan, or (draft) one Adele is writing to Alex. */
  message(kind: "received" | "draft", folderId?: string, subject = this.names.subject): StoredMessage {
    const now = this.sb.clock.iso();
    const draft = kind === "draft";
    const from = { emailAddress: draft ? ADELE : MEGAN };
    return this.sb.store.putMessage(this.mailbox, {
      folderId: folderId ?? this.folderId(draft ? "drafts" : "inbox"),
      createdDateTime: now,
      lastModifiedDateTime: now,
      receivedDateTime: now,
      sentDateTime: draft ? null : now,
      subject,
      body: { contentType: "text", content: this.names.body },
      importance: "normal",
      isRead: false,
      isDraft: draft,
      from,
      sender: from,
      toRecipients: [{ emailAddress: draft ? ALEX : ADELE }],
      ccRecipients: [],
      bccRecipients: [],
      replyTo: [],
      internetMessageId: `<${randomBytes(12).toString("hex")}@contoso.onmicrosoft.com>`,
      conversationId: "AAQkA" + randomBytes(30).toString("base64url") + "=",
      conversationIndex: Buffer.concat([Buffer.from([1]), randomBytes(21)]).toString("base64"),
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

  /** A file attachment, or (item) an attached message, on a message or an event. */
  attachment(holder: { attachments?: StoredMessage["attachments"] }, kind: "file" | "item" = "file"): string {
    const content = Buffer.from(this.names.attachmentText);
    const item = { "@odata.type": "#microsoft.graph.message", subject: "Fuzz attached message", attachments: [] };
    const attachment = {
      id: id(),
      name: kind === "item" ? "Fuzz attached message" : this.names.attachment,
      contentType: kind === "item" ? "" : "text/plain",
      size: content.length,
      isInline: false,
      contentId: null,
      lastModifiedDateTime: this.sb.clock.iso(),
      content,
      ...(kind === "item" ? { kind, item } : {}),
    };
    holder.attachments = [...(holder.attachments ?? []), attachment];
    return attachment.id;
  }

  /** A folder under the root, holding one message per query subject when asked. */
  folder(withQueryMessages = true): MailFolder {
    const folder = this.sb.store.addFolder(this.mailbox, unique(this.names.folder), this.folderId("msgfolderroot"));
    if (withQueryMessages) for (const subject of QUERY_SUBJECTS) this.message("received", folder.id, subject);
    return folder;
  }

  calendar(): StoredCalendar {
    const calendar = {
      id: id(),
      name: unique(this.names.calendar),
      color: "auto",
      isDefaultCalendar: false,
      changeKey: key(),
    };
    this.mailbox.calendars.set(calendar.id, calendar);
    return calendar;
  }

  /** An event on 2026-11-23 09:00-10:00 UTC: Adele's meeting with Alex, or (invited) Megan's with Adele. */
  event(kind: "organized" | "invited", calendarId?: string): StoredEvent {
    const organized = kind === "organized";
    const now = this.sb.clock.iso();
    const attendee = organized ? ALEX : ADELE;
    const event: StoredEvent = {
      id: id(),
      calendarId: calendarId ?? this.sb.store.defaultCalendar(this.mailbox).id,
      iCalUId: "040000008200E00074C5B7101A82E008" + randomBytes(28).toString("hex").toUpperCase(),
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeKey: key(),
      subject: this.names.event,
      body: { contentType: "html", content: "" },
      start: Date.parse("2026-11-23T09:00:00Z"),
      end: Date.parse("2026-11-23T10:00:00Z"),
      startTimeZone: "UTC",
      endTimeZone: "UTC",
      isAllDay: false,
      location: { displayName: "" },
      attendees: [
        { type: "required", status: { response: "none", time: "0001-01-01T00:00:00Z" }, emailAddress: attendee },
      ],
      organizer: { emailAddress: organized ? ADELE : MEGAN },
      isOrganizer: organized,
      responseStatus: { response: organized ? "organizer" : "notResponded", time: "0001-01-01T00:00:00Z" },
      showAs: "busy",
      importance: "normal",
      sensitivity: "normal",
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
      isOnlineMeeting: false,
      onlineMeetingProvider: "unknown",
      recurrence: null,
      isCancelled: false,
      categories: [],
      responseRequested: true,
      allowNewTimeProposals: true,
      transactionId: null,
    };
    this.mailbox.events.set(event.id, event);
    return event;
  }

  override(): string {
    const sender = `${unique("sender").replace(" ", "")}@fabrikam.com`;
    const o = { id: id(), classifyAs: "other" as const, senderEmailAddress: { address: sender } };
    this.mailbox.overrides.set(sender, o);
    return o.id;
  }

  /** An Inbox rule that marks mail from Megan read. */
  rule(): string {
    const rule = {
      id: "AQAAA" + randomBytes(6).toString("base64url") + "=",
      displayName: unique(this.names.rule),
      sequence: this.mailbox.rules.length + 1,
      isEnabled: true,
      conditions: { fromAddresses: [{ emailAddress: MEGAN }] },
      actions: { markAsRead: true },
      exceptions: {},
    };
    this.mailbox.rules.push(rule);
    return rule.id;
  }

  /** A contact in a contact folder (the default Contacts folder when none is named). */
  contact(folderId?: string): string {
    const now = this.sb.clock.iso();
    const seq = this.sb.store.nextSeq(this.mailbox);
    const contact = {
      id: id(),
      folderId: folderId ?? this.mailbox.defaultContactFolderId,
      changeKey: key(),
      createdDateTime: now,
      lastModifiedDateTime: now,
      fields: { displayName: unique(this.names.contact), emailAddresses: [{ address: this.names.contactAddress }] },
      seq,
      createdSeq: seq,
    };
    this.mailbox.contacts.set(contact.id, contact);
    return contact.id;
  }

  /** A contact folder under the default Contacts folder, holding one contact. */
  contactFolder(): string {
    const seq = this.sb.store.nextSeq(this.mailbox);
    const folder = {
      id: id(),
      displayName: unique(this.names.contactFolder),
      parentFolderId: this.mailbox.defaultContactFolderId,
      seq,
      createdSeq: seq,
    };
    this.mailbox.contactFolders.set(folder.id, folder);
    this.contact(folder.id);
    return folder.id;
  }

  /** A category of the master list. */
  category(): string {
    const category = { id: randomUUID(), displayName: unique(this.names.category), color: "preset3" };
    this.mailbox.categories.set(category.id, category);
    return category.id;
  }

  /** A subscription to Adele's inbox that the seeded app holds, with a fresh secret clientState. */
  subscription(): string {
    const s = {
      id: randomUUID(),
      resource: `users/${USERS.adele.upn}/mailFolders('inbox')/messages`,
      applicationId: DEFAULT_APP_ID,
      tenantId: DEFAULT_TENANT_ID,
      changeType: "created",
      clientState: randomBytes(24).toString("base64url"),
      notificationUrl: `${this.hookUrl}/${randomUUID()}`,
      lifecycleNotificationUrl: null,
      expirationDateTime: new Date(this.sb.clock.now() + 24 * 3600_000).toISOString(),
      creatorId: DEFAULT_APP_ID,
      includeResourceData: false,
      encryptionCertificate: null,
      encryptionCertificateId: null,
      target: { userId: USERS.adele.id, kind: "message" as const, containerId: this.folderId("inbox") },
      toLose: 0,
      missed: false,
    };
    this.secrets.add("clientState", s.clientState);
    (this.sb.notifier.subscriptions as Map<string, unknown>).set(s.id, s);
    return s.id;
  }
}
