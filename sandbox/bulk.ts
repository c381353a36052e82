import type { Mailbox, MailFolder, Store } from "./store";

/**
 * Many received messages at once, for load and benchmark runs (`SandboxOptions.messages`,
 * `--messages`): each a small plain-text message from an outside sender, received one second
 * apart going back from the sandbox clock's now (the newest first, as a folder lists them), put
 * straight into the folder without a send.
 */

export interface BulkMessages {
  /** The mailbox's owner: object id, user principal name or address. */
  mailbox: string;
  /** A well-known folder name, a folder id, or the display name of a folder under the root (made when missing). */
  folder?: string;
  count: number;
  /** Subjects are "{subjectPrefix} {n}" (default "Message"), n from 1 (the newest). */
  subjectPrefix?: string;
}

/** The most messages one entry may add (a guard against a typo that would exhaust memory). */
export const MAX_BULK_MESSAGES = 1_000_000;

/** The folder named by a well-known name, an id, or a display name under the root (created when no folder has it). */
function targetFolder(store: Store, mb: Mailbox, name: string): MailFolder {
  const found = store.findFolder(mb, name);
  if (found) return found;
  const root = store.folderByWellKnown(mb, "msgfolderroot");
  const named = [...mb.folders.values()].find(
    (f) => f.parentFolderId === root.id && f.displayName.toLowerCase() === name.toLowerCase(),
  );
  return named ?? store.addFolder(mb, name, root.id);
}

/** Adds `count` messages to the folder and returns it; throws for an unknown mailbox or a count out of range. */
export function addBulkMessages(store: Store, spec: BulkMessages): MailFolder {
  if (!Number.isInteger(spec.count) || spec.count < 0 || spec.count > MAX_BULK_MESSAGES)
    throw new Error(`bulk messages: count must be a whole number from 0 to ${MAX_BULK_MESSAGES} (got ${spec.count})`);
  const user = store.findByAddress(spec.mailbox) ?? store.users.get(spec.mailbox);
  const mb = user ? store.mailboxes.get(user.id) : undefined;
  if (!user || !mb) throw new Error(`bulk messages: no mailbox '${spec.mailbox}' in the sandbox`);
  const folder = targetFolder(store, mb, spec.folder ?? "inbox");
  const now = store.clock.now();
  const prefix = spec.subjectPrefix ?? "Message";
  for (let n = 1; n <= spec.count; n++) {
    const t = new Date(now - n * 1000).toISOString();
    // Objects of its own for every message: handlers may change a message's parts in place.
    const sender = { emailAddress: { name: "Bulk Sender", address: "bulk@fabrikam.example" } };
    store.putMessage(mb, {
      folderId: folder.id,
      createdDateTime: t,
      lastModifiedDateTime: t,
      receivedDateTime: t,
      sentDateTime: t,
      subject: `${prefix} ${n}`,
      body: { contentType: "text", content: `Body of ${prefix.toLowerCase()} ${n}.` },
      importance: "normal",
      isRead: false,
      isDraft: false,
      from: sender,
      sender,
      toRecipients: [{ emailAddress: { name: user.displayName, address: user.mail } }],
      ccRecipients: [],
      bccRecipients: [],
      replyTo: [],
      internetMessageId: `<bulk.${folder.seq}.${n}.${now}@fabrikam.example>`,
      conversationId: `bulk-${n}`,
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
  return folder;
}
