import type { Connection } from "@prismatic-io/spectral";
import { ArgumentError, PropertyNullError } from "../errors";
import { text } from "../inputs/common";
import { resolveConnection } from "../connections/resolve";
import { Graph } from "./client";
import { graphPath, type GraphPath } from "./path";

/** A user principal name / SMTP address, or a directory object id. */
const ADDRESS = /^[^\s@/\\?#<>()"',;:[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isObjectId(value: string): boolean {
  return GUID.test(value);
}

/** The mailbox an action works on: the Graph road to it and the root of every path in it. */
export interface MailboxRef {
  graph: Graph;
  /** "/me", or "/users/{address or object id}" (encoded). */
  root: GraphPath;
  /** The address or object id chosen (not encoded); undefined for the signed-in user ("/me"). */
  user?: string;
  /** The input that names the mailbox, blamed when Graph does not find it. */
  input: string;
}

const APP_ONLY_HINT =
  "An app-only connection acts on no mailbox of its own: set this action's Mailbox, or the connection's " +
  "User ID, to a user principal name, SMTP address or object ID.";

/**
 * The mailbox an action works on: the action's Mailbox input, else the connection's User ID, else
 * the signed-in user ("/me") for a delegated connection. An app-only connection with neither gets
 * a typed error before any request; the value becomes one encoded path segment and nothing more.
 */
export function openMailbox(connection: Connection, value: unknown, property = "mailbox"): MailboxRef {
  const conn = resolveConnection(connection);
  const given = text(property, value)?.trim();
  const chosen = given || conn.userId;
  const blame = given ? property : "connection.userId";
  if (!chosen) {
    if (conn.delegated) return { graph: new Graph(conn, { input: property }), root: graphPath`/me`, input: property };
    throw new PropertyNullError(property, APP_ONLY_HINT);
  }
  if ((!ADDRESS.test(chosen) && !GUID.test(chosen)) || chosen.length > 320) {
    throw new ArgumentError(
      blame,
      `'${blame}' must be a user principal name, SMTP address or object ID (got '${chosen.slice(0, 80)}').`,
    );
  }
  const graph = new Graph(conn, { user: chosen, input: blame });
  return { graph, root: graphPath`/users/${chosen}`, user: chosen, input: blame };
}
