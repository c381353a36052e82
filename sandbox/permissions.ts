import { GraphError, accessDenied } from "./http";
import type { Store, SeedUser } from "./store";
import type { Principal } from "./tokens";

/**
 * What Graph lets a token do, in one place: application roles for app-only tokens, delegated scopes
 * for user tokens, `*.Shared` scopes plus the mailbox's own full-access or send-as grant for someone
 * else's mailbox, and the directory permissions for reading users.
 */

/**
 * What a route needs of the token: any one of the application roles (app-only tokens) or of the
 * delegated scopes (user tokens). `sharedScopes` are what a delegated caller needs for someone
 * else's mailbox (Graph's *.Shared scopes); empty means delegated access to others is refused.
 */
export interface Permissions {
  app: string[];
  delegated: string[];
  sharedScopes?: string[];
}

/** Delegated and application permission names Graph defines that the sandbox knows of. */
export const GRAPH_PERMISSIONS = new Set([
  "User.Read",
  "User.ReadWrite",
  "User.ReadBasic.All",
  "User.Read.All",
  "User.ReadWrite.All",
  "Directory.Read.All",
  "Mail.Read",
  "Mail.ReadBasic",
  "Mail.ReadBasic.All",
  "Mail.ReadWrite",
  "Mail.Send",
  "Mail.Read.Shared",
  "Mail.ReadWrite.Shared",
  "Mail.Send.Shared",
  "Calendars.Read",
  "Calendars.ReadWrite",
  "Calendars.Read.Shared",
  "Calendars.ReadWrite.Shared",
  "MailboxSettings.Read",
  "MailboxSettings.ReadWrite",
  "Contacts.Read",
  "Contacts.ReadWrite",
  "Contacts.Read.Shared",
  "Contacts.ReadWrite.Shared",
  "Place.Read.All",
  "Place.ReadWrite.All",
]);

/** A route's own requirement: any one of its roles (app-only) or scopes (delegated). */
export function checkRoutePermissions(p: Principal, perms: Permissions): void {
  const held = p.kind === "app" ? p.roles : p.scopes;
  const needed = p.kind === "app" ? perms.app : perms.delegated;
  if (!needed.some((n) => held.includes(n))) throw accessDenied();
}

export type MailAccess = "read" | "write" | "send";
export type Workload = "mail" | "calendar" | "contacts";

type AccessTable = Record<"app" | "own" | "shared", Partial<Record<MailAccess, string[]>>>;

/**
 * The permissions each access needs, by workload: app roles, delegated scopes on one's own mailbox, and on someone
 * else's.
 */
const MAILBOX_PERMISSIONS: Record<Workload, AccessTable> = {
  mail: {
    app: {
      read: ["Mail.Read", "Mail.ReadWrite", "Mail.ReadBasic", "Mail.ReadBasic.All"],
      write: ["Mail.ReadWrite"],
      send: ["Mail.Send"],
    },
    own: {
      read: ["Mail.Read", "Mail.ReadWrite", "Mail.ReadBasic", "Mail.Read.Shared", "Mail.ReadWrite.Shared"],
      write: ["Mail.ReadWrite", "Mail.ReadWrite.Shared"],
      send: ["Mail.Send", "Mail.Send.Shared"],
    },
    shared: {
      read: ["Mail.Read.Shared", "Mail.ReadWrite.Shared"],
      write: ["Mail.ReadWrite.Shared"],
      send: ["Mail.Send.Shared"],
    },
  },
  calendar: {
    app: { read: ["Calendars.Read", "Calendars.ReadWrite", "Calendars.ReadBasic"], write: ["Calendars.ReadWrite"] },
    own: {
      read: [
        "Calendars.Read",
        "Calendars.ReadWrite",
        "Calendars.ReadBasic",
        "Calendars.Read.Shared",
        "Calendars.ReadWrite.Shared",
      ],
      write: ["Calendars.ReadWrite", "Calendars.ReadWrite.Shared"],
    },
    shared: { read: ["Calendars.Read.Shared", "Calendars.ReadWrite.Shared"], write: ["Calendars.ReadWrite.Shared"] },
  },
  contacts: {
    app: { read: ["Contacts.Read", "Contacts.ReadWrite"], write: ["Contacts.ReadWrite"] },
    own: {
      read: ["Contacts.Read", "Contacts.ReadWrite", "Contacts.Read.Shared", "Contacts.ReadWrite.Shared"],
      write: ["Contacts.ReadWrite", "Contacts.ReadWrite.Shared"],
    },
    shared: { read: ["Contacts.Read.Shared", "Contacts.ReadWrite.Shared"], write: ["Contacts.ReadWrite.Shared"] },
  },
};

/** Whether a grant list (user ids or UPNs, as seeded) names this user. */
function grants(list: string[] | undefined, user: { id: string; userPrincipalName: string } | undefined): boolean {
  if (!user) return false;
  return (list ?? []).some((r) => r === user.id || r.toLowerCase() === user.userPrincipalName.toLowerCase());
}

/**
 * Graph's check for working on `owner`'s mailbox: an app-only caller holds the application
 * permission; a delegated caller holds the scope, and for someone else's mailbox the *.Shared
 * scope plus that mailbox's full access (read, write) or send-as (send) grant.
 */
export function checkMailboxAccess(
  store: Store,
  p: Principal,
  owner: SeedUser,
  access: MailAccess,
  workload: Workload = "mail",
): void {
  const table = MAILBOX_PERMISSIONS[workload];
  if (p.kind === "app") {
    if (!(table.app[access] ?? []).some((r) => p.roles.includes(r))) throw accessDenied();
    return;
  }
  if (p.userId === owner.id) {
    if (!(table.own[access] ?? []).some((s) => p.scopes.includes(s))) throw accessDenied();
    return;
  }
  const granted = grants(access === "send" ? owner.sendAs : owner.fullAccess, store.users.get(p.userId!));
  if (!(table.shared[access] ?? []).some((s) => p.scopes.includes(s)) || !granted) throw accessDenied();
}

/** Whether `sender` may send as `address` (their own, or a mailbox granting them send-as). */
export function maySendAs(store: Store, sender: SeedUser, address: string): boolean {
  const wanted = address.toLowerCase();
  if (wanted === sender.mail.toLowerCase() || wanted === sender.userPrincipalName.toLowerCase()) return true;
  return grants(store.findByAddress(address)?.sendAs, sender);
}

const DIRECTORY_APP_ROLES = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const DIRECTORY_SCOPES = ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All"];
const OWN_PROFILE_SCOPES = ["User.Read", "User.ReadWrite", ...DIRECTORY_SCOPES];

/**
 * Reading users: an app needs a directory role; a signed-in user may always read themselves
 * (User.Read), others with User.ReadBasic.All or more.
 */
export function checkDirectoryAccess(p: Principal, targetId?: string): void {
  const ok =
    p.kind === "app"
      ? DIRECTORY_APP_ROLES.some((r) => p.roles.includes(r))
      : (targetId === p.userId && OWN_PROFILE_SCOPES.some((s) => p.scopes.includes(s))) ||
        DIRECTORY_SCOPES.some((s) => p.scopes.includes(s));
  if (!ok)
    throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

const SETTINGS_READ = ["MailboxSettings.Read", "MailboxSettings.ReadWrite"];

/** Mailbox settings: MailboxSettings.Read or ReadWrite (ReadWrite to change them), only one's own when delegated. */
export function checkSettingsAccess(p: Principal, owner: SeedUser, write: boolean): void {
  const held = p.kind === "app" ? p.roles : p.scopes;
  const needed = write ? ["MailboxSettings.ReadWrite"] : SETTINGS_READ;
  if (!needed.some((n) => held.includes(n)) || (p.kind === "user" && p.userId !== owner.id)) throw accessDenied();
}
