import { EventEmitter } from "node:events";
import { Clock } from "./clock";
import { changeKey, guid, immutableItemId, itemId } from "./ids";

/** The seed file's shape (tenants, apps, users), with optional fields beyond the documented minimum. */
export interface Seed {
  tenants: SeedTenant[];
  apps: SeedApp[];
  users: SeedUser[];
  /** Refresh tokens already issued, e.g. to a person's personal account, so a connection can start from one. */
  refreshTokens?: SeedRefreshToken[];
  /**
   * Rooms and room lists (Graph's places). Each room also gets a room mailbox (its calendar gives its
   * free/busy); a room list names its rooms by address in `rooms`.
   */
  places?: SeedPlace[];
}

/** A refresh token issued before the sandbox started: its value, app, user (id or UPN) and granted scopes. */
export interface SeedRefreshToken {
  token: string;
  clientId: string;
  user: string;
  /** Delegated permissions and OpenID scopes; offline_access is implied. Default: the app's consented ones. */
  scopes?: string[];
}

export interface SeedPlace {
  "@odata.type": "microsoft.graph.room" | "microsoft.graph.roomList";
  id: string;
  tenantId: string;
  emailAddress: string;
  displayName: string;
  /** A room list's rooms, by address. */
  rooms?: string[];
  /** Any other property Graph declares for rooms or room lists (capacity, building, address, ...). */
  [property: string]: unknown;
}

export interface SeedTenant {
  id: string;
  domain: string;
  displayName?: string;
  /**
   * Largest message the tenant accepts, attachments included (Exchange's default is 35 MB; admins raise it to 150 MB).
   */
  maxMessageSizeBytes?: number;
}

/** A client secret: its value, or the value with an end date (an expired secret gets AADSTS7000222). */
export type SeedSecret = string | { value: string; endDateTime: string };

export interface SeedApp {
  clientId: string;
  tenantId: string;
  displayName: string;
  secrets?: SeedSecret[];
  /** PEM certificates whose private keys may sign client assertions. */
  certificates?: string[];
  applicationPermissions?: string[];
  delegatedPermissions?: string[];
  redirectUris?: string[];
  publicClient?: boolean;
  /**
   * Who may sign in, as Entra's "Supported account types": work or school accounts only (the default,
   * "AzureADMultipleOrgs"; "AzureADMyOrg" too), also personal Microsoft accounts
   * ("AzureADandPersonalMicrosoftAccount"), or personal accounts only ("PersonalMicrosoftAccount").
   */
  signInAudience?:
    "AzureADMyOrg" | "AzureADMultipleOrgs" | "AzureADandPersonalMicrosoftAccount" | "PersonalMicrosoftAccount";
}

export interface SeedUser {
  id: string;
  tenantId: string;
  userPrincipalName: string;
  mail: string;
  displayName: string;
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  /**
   * "shared" mailboxes have no sign-in; "room" is a room's mailbox (no sign-in, a calendar that is booked);
   * "none" means no Exchange mailbox (MailboxNotEnabledForRESTAPI).
   */
  mailboxType?: "user" | "shared" | "room" | "none";
  /** Users (id or UPN) with full access to this mailbox (read and manage it with *.Shared delegated scopes). */
  fullAccess?: string[];
  /** Users (id or UPN) who may send as this mailbox. */
  sendAs?: string[];
  /** SKU ids of the licences assigned to the user. */
  assignedLicenses?: string[];
}

export interface Recipient {
  emailAddress: { name?: string; address: string };
}

export interface ItemBody {
  contentType: "text" | "html";
  content: string;
}

export interface StoredAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  isInline: boolean;
  contentId?: string | null;
  lastModifiedDateTime: string;
  content: Buffer;
  /** Item attachments (an attached message, event or contact) keep the item's JSON; reference attachments a link. */
  kind?: "file" | "item" | "reference";
  item?: Record<string, unknown>;
}

export interface StoredMessage {
  id: string;
  /**
   * The id `Prefer: IdType="ImmutableId"` shows: it stays the same while the item stays in its mailbox
   * (moves, and a draft's copy in Sent Items once sent); stamped when the message is stored.
   */
  immutableId?: string;
  folderId: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  receivedDateTime: string;
  sentDateTime: string | null;
  subject: string;
  body: ItemBody;
  importance: "low" | "normal" | "high";
  isRead: boolean;
  isDraft: boolean;
  from: Recipient | null;
  sender: Recipient | null;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  internetMessageId: string;
  conversationId: string;
  conversationIndex: string;
  categories: string[];
  flag: { flagStatus: "notFlagged" | "flagged" | "complete" };
  inferenceClassification: "focused" | "other";
  isDeliveryReceiptRequested: boolean;
  isReadReceiptRequested: boolean;
  internetMessageHeaders: { name: string; value: string }[];
  /** Set on meeting requests, responses and cancellations (Graph's eventMessage types). */
  eventMessage?: EventMessageInfo;
  /** singleValueExtendedProperties set on the item (e.g. PR_DELETE_AFTER_SUBMIT, "Boolean 0x0E01"). */
  extendedProperties: { id: string; value: string }[];
  attachments: StoredAttachment[];
  /** Monotonic per mailbox: the change sequence of the last write (for delta). */
  seq: number;
  /** The sequence at which the message appeared in its folder (delta's "created"). */
  createdSeq: number;
}

export interface EventMessageInfo {
  odataType: "eventMessageRequest" | "eventMessageResponse" | "eventMessage";
  meetingMessageType:
    "meetingRequest" | "meetingCancelled" | "meetingAccepted" | "meetingTenativelyAccepted" | "meetingDeclined";
  responseType?: "accepted" | "tentativelyAccepted" | "declined";
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  location: string;
  isAllDay: boolean;
  type: string;
  /** The iCalendar UID of the meeting it is about. */
  iCalUId: string;
}

export interface MailFolder {
  id: string;
  displayName: string;
  parentFolderId: string;
  /** Graph's well-known folder name ("inbox", "sentitems", "msgfolderroot", ...), when it is one. */
  wellKnownName?: string;
  isHidden: boolean;
  seq: number;
  /** Set on search folders (mailSearchFolder): the folders searched and the filter that picks messages. */
  search?: { sourceFolderIds: string[]; includeNestedFolders: boolean; filterQuery: string };
}

export interface Tombstone {
  id: string;
  /** The removed message's immutable id: delta asked for immutable ids names the removal by it. */
  immutableId?: string;
  folderId: string;
  seq: number;
}

export interface Calendar {
  id: string;
  name: string;
  color: string;
  isDefaultCalendar: boolean;
  changeKey: string;
}

export interface Attendee {
  type: "required" | "optional" | "resource";
  status: { response: string; time: string };
  emailAddress: { name?: string; address: string };
}

/** An event. Times are instants (ms since epoch); the zones they were given in are kept for recurrence and output. */
export interface StoredEvent {
  id: string;
  calendarId: string;
  iCalUId: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  subject: string;
  body: ItemBody;
  start: number;
  end: number;
  startTimeZone: string;
  endTimeZone: string;
  isAllDay: boolean;
  location: { displayName: string };
  attendees: Attendee[];
  organizer: Recipient;
  isOrganizer: boolean;
  responseStatus: { response: string; time: string };
  showAs: string;
  importance: "low" | "normal" | "high";
  sensitivity: string;
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  recurrence: Record<string, unknown> | null;
  isCancelled: boolean;
  categories: string[];
  responseRequested: boolean;
  allowNewTimeProposals: boolean;
  transactionId: string | null;
  /** Change sequence of the last write and of creation (for delta rounds); stamped when it is announced. */
  seq?: number;
  createdSeq?: number;
  /** When a snoozed or dismissed reminder fires next (ms), or null once dismissed; unset: start minus the lead. */
  reminderAt?: number | null;
  /** The same for single occurrences of a series, by their start (ms, as text). */
  occurrenceReminders?: Record<string, number | null>;
  /** Attachments, as messages carry them. */
  attachments?: StoredAttachment[];
}

/** A contact, kept as Graph's JSON (its own properties), with what delta and ETags need. */
export interface StoredContact {
  id: string;
  folderId: string;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  /** Graph's contact properties as given (displayName, emailAddresses, phones, addresses, ...). */
  fields: Record<string, unknown>;
  seq: number;
  createdSeq: number;
}

export interface ContactFolder {
  id: string;
  displayName: string;
  parentFolderId: string;
  seq: number;
  createdSeq: number;
}

/** A master category (outlookCategory): a name and one of Outlook's preset colours. */
export interface OutlookCategory {
  id: string;
  displayName: string;
  color: string;
}

/** An Inbox rule (messageRule), applied to mail as it arrives. */
export interface StoredRule {
  id: string;
  displayName: string;
  sequence: number;
  isEnabled: boolean;
  conditions: Record<string, unknown>;
  actions: Record<string, unknown>;
  exceptions: Record<string, unknown>;
}

/** Something removed that delta rounds report as `@removed`: a contact, a contact or mail folder, an event. */
export interface Removal {
  kind: "contact" | "contactFolder" | "mailFolder" | "event";
  id: string;
  /** The folder or calendar it was in. */
  scope: string;
  seq: number;
}

export interface InferenceOverride {
  id: string;
  classifyAs: "focused" | "other";
  senderEmailAddress: { name?: string; address: string };
}

export interface Mailbox {
  userId: string;
  folders: Map<string, MailFolder>;
  messages: Map<string, StoredMessage>;
  /** Each message's immutable id to the id it is kept under (kept by putMessage and removeMessage). */
  immutableIds: Map<string, string>;
  wellKnown: Map<string, string>;
  tombstones: Tombstone[];
  seq: number;
  /** Focused Inbox overrides, by lower-cased sender address. */
  overrides: Map<string, InferenceOverride>;
  /** Graph's mailboxSettings, as JSON. */
  settings: Record<string, unknown>;
  /** Senders who got this period's automatic reply (Exchange answers each sender once). */
  autoRepliedTo: Set<string>;
  calendars: Map<string, Calendar>;
  events: Map<string, StoredEvent>;
  contacts: Map<string, StoredContact>;
  contactFolders: Map<string, ContactFolder>;
  /** The default Contacts folder (the parent of every contact folder a client lists). */
  defaultContactFolderId: string;
  categories: Map<string, OutlookCategory>;
  rules: StoredRule[];
  /** Removals of items other than messages, for delta rounds. */
  removals: Removal[];
}

/** A message that left the sandbox for an address no mailbox here owns. */
export interface OutboundMail {
  from: string;
  to: string;
  internetMessageId: string;
  subject: string;
  sentDateTime: string;
}

export interface ChangeEvent {
  userId: string;
  resource: "message" | "mailFolder" | "event";
  changeType: "created" | "updated" | "deleted";
  id: string;
  folderId: string;
  /** A message's immutable id, for subscriptions that name messages by it. */
  immutableId?: string;
}

/** Well-known folders every mailbox starts with, in Outlook's display names. */
const WELL_KNOWN_FOLDERS: [string, string, boolean][] = [
  ["inbox", "Inbox", false],
  ["drafts", "Drafts", false],
  ["sentitems", "Sent Items", false],
  ["deleteditems", "Deleted Items", false],
  ["junkemail", "Junk Email", false],
  ["outbox", "Outbox", false],
  ["archive", "Archive", false],
  ["conversationhistory", "Conversation History", false],
  ["conflicts", "Conflicts", true],
  ["syncissues", "Sync Issues", true],
  ["recoverableitemsdeletions", "Deletions", true],
];

/** The master categories a new Outlook mailbox starts with. */
const DEFAULT_CATEGORIES: [string, string][] = [
  ["Red category", "preset0"],
  ["Orange category", "preset1"],
  ["Yellow category", "preset3"],
  ["Green category", "preset4"],
  ["Blue category", "preset7"],
  ["Purple category", "preset8"],
];

export const DEFAULT_MAX_MESSAGE_BYTES = 35 * 1024 * 1024;

/** How long a delta link stays usable unless the sandbox is told otherwise: 30 days on its clock. */
export const DEFAULT_DELTA_TOKEN_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/**
 * The state of delta links: each token carries the generation and the time it was issued; tokens of
 * an older generation than `expiredBelow`, or older than `lifetimeMs`, are answered 410.
 */
export interface DeltaTokenState {
  generation: number;
  expiredBelow: number;
  /** Tokens of an older generation than this are answered with a Location to restart from. */
  locationBelow: number;
  /** Infinity keeps tokens forever. */
  lifetimeMs: number;
}

export class Store extends EventEmitter {
  readonly tenants = new Map<string, SeedTenant>();
  readonly apps = new Map<string, SeedApp>();
  readonly users = new Map<string, SeedUser>();
  readonly mailboxes = new Map<string, Mailbox>();
  readonly outbound: OutboundMail[] = [];
  readonly places: SeedPlace[] = [];
  readonly delta: DeltaTokenState = {
    generation: 1,
    expiredBelow: 0,
    locationBelow: 0,
    lifetimeMs: DEFAULT_DELTA_TOKEN_LIFETIME_MS,
  };

  constructor(
    seed: Seed,
    readonly clock: Clock,
  ) {
    super();
    for (const t of seed.tenants) this.tenants.set(t.id, t);
    for (const a of seed.apps) this.apps.set(a.clientId, a);
    for (const u of seed.users) this.addUser(u);
    for (const place of seed.places ?? []) this.addPlace(place);
  }

  /** A room or room list; a room gets a room mailbox unless a user already owns its address. */
  addPlace(place: SeedPlace): void {
    this.places.push(place);
    if (place["@odata.type"] !== "microsoft.graph.room" || this.findByAddress(place.emailAddress)) return;
    this.addUser({
      id: place.id,
      tenantId: place.tenantId,
      userPrincipalName: place.emailAddress,
      mail: place.emailAddress,
      displayName: place.displayName,
      mailboxType: "room",
    });
  }

  addUser(user: SeedUser): void {
    this.users.set(user.id, user);
    if (user.mailboxType !== "none")
      this.mailboxes.set(
        user.id,
        this.newMailbox(user.id, user.mailboxType === "shared" || user.mailboxType === "room"),
      );
  }

  /** A tenant by id or verified domain, case-insensitively. */
  findTenant(idOrDomain: string): SeedTenant | undefined {
    const key = idOrDomain.toLowerCase();
    for (const t of this.tenants.values()) {
      if (t.id.toLowerCase() === key || t.domain.toLowerCase() === key) return t;
    }
    return undefined;
  }

  /** A user of the tenant by object id, user principal name or primary SMTP address. */
  findUser(tenantId: string, key: string): SeedUser | undefined {
    const k = key.toLowerCase();
    for (const u of this.users.values()) {
      if (u.tenantId !== tenantId) continue;
      if (u.id.toLowerCase() === k || u.userPrincipalName.toLowerCase() === k || u.mail.toLowerCase() === k) return u;
    }
    return undefined;
  }

  /** Any user in the sandbox owning this SMTP address (mail delivery crosses tenants). */
  findByAddress(address: string): SeedUser | undefined {
    const k = address.toLowerCase();
    for (const u of this.users.values()) {
      if (u.mail.toLowerCase() === k || u.userPrincipalName.toLowerCase() === k) return u;
    }
    return undefined;
  }

  mailbox(userId: string): Mailbox {
    const mb = this.mailboxes.get(userId);
    if (!mb) throw new Error(`user ${userId} has no mailbox`);
    return mb;
  }

  folderByWellKnown(mb: Mailbox, name: string): MailFolder {
    return mb.folders.get(mb.wellKnown.get(name)!)!;
  }

  /** A folder by id or well-known name (case-insensitive), as Graph resolves `mailFolders/{id}`. */
  findFolder(mb: Mailbox, idOrName: string): MailFolder | undefined {
    const wk = mb.wellKnown.get(idOrName.toLowerCase());
    return mb.folders.get(wk ?? idOrName);
  }

  nextSeq(mb: Mailbox): number {
    mb.seq += 1;
    return mb.seq;
  }

  addFolder(mb: Mailbox, displayName: string, parentFolderId: string, isHidden = false): MailFolder {
    const folder: MailFolder = { id: itemId(), displayName, parentFolderId, isHidden, seq: this.nextSeq(mb) };
    mb.folders.set(folder.id, folder);
    this.emitChange({
      userId: mb.userId,
      resource: "mailFolder",
      changeType: "created",
      id: folder.id,
      folderId: parentFolderId,
    });
    return folder;
  }

  /** Puts a message into a folder, stamping id, change key and sequence. */
  putMessage(
    mb: Mailbox,
    message: Omit<StoredMessage, "id" | "seq" | "changeKey" | "createdSeq"> & { id?: string; createdSeq?: number },
  ): StoredMessage {
    const seq = this.nextSeq(mb);
    const stored: StoredMessage = {
      ...message,
      id: message.id ?? itemId(),
      immutableId: message.immutableId ?? immutableItemId(),
      changeKey: changeKey(),
      seq,
      createdSeq: seq,
    };
    mb.messages.set(stored.id, stored);
    mb.immutableIds.set(stored.immutableId!, stored.id);
    this.emitChange({
      userId: mb.userId,
      resource: "message",
      changeType: "created",
      id: stored.id,
      folderId: stored.folderId,
      immutableId: stored.immutableId,
    });
    return stored;
  }

  defaultCalendar(mb: Mailbox): Calendar {
    return [...mb.calendars.values()].find((c) => c.isDefaultCalendar)!;
  }

  /** Records a change to a message: new change key, modified time and sequence. */
  touchMessage(mb: Mailbox, message: StoredMessage): void {
    message.changeKey = changeKey();
    message.lastModifiedDateTime = this.clock.iso();
    message.seq = this.nextSeq(mb);
    this.emitChange({
      userId: mb.userId,
      resource: "message",
      changeType: "updated",
      id: message.id,
      folderId: message.folderId,
      immutableId: message.immutableId,
    });
  }

  removeMessage(mb: Mailbox, message: StoredMessage): void {
    mb.messages.delete(message.id);
    if (message.immutableId && mb.immutableIds.get(message.immutableId) === message.id)
      mb.immutableIds.delete(message.immutableId);
    mb.tombstones.push({
      id: message.id,
      immutableId: message.immutableId,
      folderId: message.folderId,
      seq: this.nextSeq(mb),
    });
    this.emitChange({
      userId: mb.userId,
      resource: "message",
      changeType: "deleted",
      id: message.id,
      folderId: message.folderId,
      immutableId: message.immutableId,
    });
  }

  /** Deletes a folder with everything under it. */
  removeFolder(mb: Mailbox, folder: MailFolder): void {
    mb.removals.push({ kind: "mailFolder", id: folder.id, scope: folder.parentFolderId, seq: this.nextSeq(mb) });
    for (const child of [...mb.folders.values()].filter((f) => f.parentFolderId === folder.id))
      this.removeFolder(mb, child);
    for (const m of [...mb.messages.values()].filter((m) => m.folderId === folder.id)) this.removeMessage(mb, m);
    mb.folders.delete(folder.id);
    this.emitChange({
      userId: mb.userId,
      resource: "mailFolder",
      changeType: "deleted",
      id: folder.id,
      folderId: folder.parentFolderId,
    });
  }

  /**
   * Expires every delta and skip token issued so far: the next request with one gets 410
   * SyncStateNotFound, as Outlook answers a sync state it no longer has; with `location`, the answer
   * also carries a Location to restart from (Graph's documented "synchronization reset").
   */
  expireDeltaTokens(options: { location?: boolean } = {}): void {
    this.delta.generation += 1;
    this.delta.expiredBelow = this.delta.generation;
    if (options.location) this.delta.locationBelow = this.delta.generation;
  }

  tenantMaxMessageBytes(tenantId: string): number {
    return this.tenants.get(tenantId)?.maxMessageSizeBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  /** Announces a change (notifications for subscriptions are raised from these). */
  emitChange(change: ChangeEvent): void {
    this.emit("change", change);
  }

  private newMailbox(userId: string, shared: boolean): Mailbox {
    const mb: Mailbox = {
      userId,
      folders: new Map(),
      messages: new Map(),
      immutableIds: new Map(),
      wellKnown: new Map(),
      tombstones: [],
      seq: 0,
      overrides: new Map(),
      settings: {},
      autoRepliedTo: new Set(),
      calendars: new Map(),
      events: new Map(),
      contacts: new Map(),
      contactFolders: new Map(),
      defaultContactFolderId: itemId(),
      categories: new Map(),
      rules: [],
      removals: [],
    };
    const root: MailFolder = {
      id: itemId(),
      displayName: "Top of Information Store",
      parentFolderId: itemId(),
      wellKnownName: "msgfolderroot",
      isHidden: false,
      seq: ++mb.seq,
    };
    mb.folders.set(root.id, root);
    mb.wellKnown.set("msgfolderroot", root.id);
    for (const [name, displayName, hidden] of WELL_KNOWN_FOLDERS) {
      const f: MailFolder = {
        id: itemId(),
        displayName,
        parentFolderId: root.id,
        wellKnownName: name,
        isHidden: hidden,
        seq: ++mb.seq,
      };
      mb.folders.set(f.id, f);
      mb.wellKnown.set(name, f.id);
    }
    addSearchFoldersRoot(mb, root.parentFolderId);
    mb.settings = defaultMailboxSettings(mb.wellKnown.get("archive")!, shared);
    const calendar: Calendar = {
      id: itemId(),
      name: "Calendar",
      color: "auto",
      isDefaultCalendar: true,
      changeKey: changeKey(),
    };
    mb.calendars.set(calendar.id, calendar);
    for (const [displayName, color] of DEFAULT_CATEGORIES) {
      const id = guid();
      mb.categories.set(id, { id, displayName, color });
    }
    return mb;
  }
}

/** Search folders live outside the folder tree a client lists, under the mailbox's own root. */
function addSearchFoldersRoot(mb: Mailbox, mailboxRootId: string): void {
  const finder: MailFolder = {
    id: itemId(),
    displayName: "Finder",
    parentFolderId: mailboxRootId,
    wellKnownName: "searchfolders",
    isHidden: true,
    seq: 0,
  };
  mb.folders.set(finder.id, finder);
  mb.wellKnown.set("searchfolders", finder.id);
}

/** A new mailbox's settings, as Exchange Online sets them up. */
function defaultMailboxSettings(archiveFolderId: string, shared: boolean): Record<string, unknown> {
  const noon = { dateTime: "2026-01-01T00:00:00.0000000", timeZone: "UTC" };
  return {
    archiveFolder: archiveFolderId,
    timeZone: "UTC",
    automaticRepliesSetting: {
      status: "disabled",
      externalAudience: "all",
      internalReplyMessage: "",
      externalReplyMessage: "",
      scheduledStartDateTime: noon,
      scheduledEndDateTime: { ...noon, dateTime: "2026-01-02T00:00:00.0000000" },
    },
    language: { locale: "en-US", displayName: "English (United States)" },
    dateFormat: "M/d/yyyy",
    timeFormat: "h:mm tt",
    workingHours: {
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      startTime: "08:00:00.0000000",
      endTime: "17:00:00.0000000",
      timeZone: { name: "UTC" },
    },
    userPurpose: shared ? "shared" : "user",
    delegateMeetingMessageDeliveryOptions: "sendToDelegateOnly",
  };
}
