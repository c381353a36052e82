import type { ResolvedConnection } from "../connections/resolve";
import { ArgumentError, PropertyEmptyError, PropertyNullError } from "../errors";

/** A user principal name / SMTP address, or a directory object id. */
const ADDRESS = /^[^\s@/\\?#<>()"',;:[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isObjectId(value: string): boolean {
  return GUID.test(value);
}

/**
 * The mailbox an action works on, as a Graph path: the action's Mailbox input, else the
 * connection's User ID, else "/me" for a signed-in user. App-only connections with neither get a
 * typed error before any request. The value can never change the path beyond its one segment.
 */
export function mailboxPath(conn: ResolvedConnection, mailbox: unknown, property = "mailbox"): string {
  const given =
    typeof mailbox === "string"
      ? mailbox.trim()
      : mailbox === undefined || mailbox === null
        ? ""
        : String(mailbox).trim();
  const chosen = given || conn.userId;
  const blame = given ? property : "connection.userId";
  if (!chosen) {
    if (conn.delegated) return "/me";
    throw new PropertyNullError(
      property,
      "An app-only connection acts on no mailbox of its own: set this action's Mailbox, or the connection's User ID, to a user principal name, SMTP address or object ID.",
    );
  }
  if (!ADDRESS.test(chosen) && !GUID.test(chosen)) {
    throw new ArgumentError(
      blame,
      `'${blame}' must be a user principal name, SMTP address or object ID (got '${chosen}').`,
    );
  }
  return `/users/${encodeURIComponent(chosen)}`;
}

/**
 * A Graph item id (message, folder, attachment, event...) checked before it goes into a path:
 * required, and free of characters that could reach another resource ("/", "\", "?", "#", "..").
 */
export function itemId(property: string, value: unknown): string {
  if (value === undefined || value === null) throw new PropertyNullError(property);
  const id = String(value).trim();
  if (!id) throw new PropertyEmptyError(property);
  if (/[/\\?#\s]/.test(id) || id.includes("..") || id.length > 1024) {
    throw new ArgumentError(
      property,
      `'${property}' is not a valid Graph id: ids contain no '/', '\\', '?', '#', '..' or spaces (got '${id.slice(0, 80)}').`,
    );
  }
  return encodeURIComponent(id);
}
