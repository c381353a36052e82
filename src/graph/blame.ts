import type { ResolvedConnection } from "../connections/resolve";
import type { GraphPath, NamedItem } from "./path";

/**
 * Which input Graph's refusal is about, so every error a user sees names what to fix: the mailbox for an unknown user
 * or a mailbox the connection may not use (with the grant that is missing), the id input that named the missing item
 * (probing the parent once, on the error path only, when a path names two), the folder input for a well-known folder
 * Graph will not change, the filter, search or select input Graph could not read.
 */

/** An error answer from Graph: its status, code, message and request-id. */
export interface GraphFailure {
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
  headers?: Headers;
}

/** The mailbox a Graph road works on: the user named (none for "/me") and the input that named it. */
export interface MailboxScope {
  user?: string;
  input: string;
}

/** What the blame needs to know about the call that failed. */
export interface FailedCall {
  path: GraphPath | { toString(): string; refs?: undefined };
  /** The input naming an item the body refers to (a destination folder), checked after the path's items. */
  notFound?: string;
  /** Which input each query option came from. */
  queryInputs: { key: string; input: string; text: string }[];
  delivers?: boolean;
  /** What the body is about, when it names a resource (a subscription's "users/{id}/events"). */
  resource?: string;
}

export interface Blame {
  property?: string;
  hint?: string;
}

/** Is this item there? true, false, or undefined when the probe could not tell. */
export type Probe = (path: GraphPath) => Promise<boolean | undefined>;

const MAILBOX_CODES = new Set(["ErrorInvalidUser", "MailboxNotEnabledForRESTAPI", "ErrorSendAsDenied"]);
const DENIED_CODES = new Set(["ErrorAccessDenied", "AccessDenied", "accessDenied", "Authorization_RequestDenied"]);
/** Graph will not change a well-known folder: the input that named the folder is at fault. */
const FOLDER_REFUSALS = new Set([
  "ErrorDeleteDistinguishedFolder",
  "ErrorMoveDistinguishedFolder",
  "ErrorCannotRenameDistinguishedFolder",
  "ErrorCannotDeleteObject",
]);
/** Graph cannot use the item the body names (a folder moved into itself). */
const BODY_REFUSALS = new Set(["ErrorMoveCopyFailed"]);

const PROPERTY_FOR_CODE: Record<string, string> = {
  ErrorInvalidRecipients: "to",
  ErrorMessageSizeExceeded: "attachments",
};

const HINT_FOR_CODE: Record<string, string> = {
  ErrorInvalidUser: " Check the mailbox (user principal name, SMTP address or object ID).",
  MailboxNotEnabledForRESTAPI: " The user has no Exchange Online mailbox.",
  ErrorSendAsDenied: " The mailbox may not send as that address; grant Send As, or send from that mailbox.",
  Request_ResourceNotFound: " Check the mailbox (user principal name, SMTP address or object ID).",
};

const isItemMissing = (f: GraphFailure) => f.statusCode === 404 || f.code === "ErrorInvalidIdMalformed";

/** The inputs that named items of the request: the path's, outermost first, then the body's. */
function candidates(call: FailedCall): { input: string; path?: GraphPath }[] {
  const inPath: NamedItem[] = [...(call.path.refs ?? [])];
  const out: { input: string; path?: GraphPath }[] = inPath.map((r) => ({ input: r.input, path: r.path }));
  if (call.notFound && !out.some((c) => c.input === call.notFound)) out.push({ input: call.notFound });
  return out;
}

/** The input that named the missing item: each parent is probed in turn; the last one is blamed when all are there. */
async function missingItem(call: FailedCall, probe: Probe): Promise<string | undefined> {
  const named = candidates(call);
  for (const c of named.slice(0, -1)) if (c.path && (await probe(c.path)) === false) return c.input;
  return named.at(-1)?.input;
}

function queryBlame(call: FailedCall, f: GraphFailure): string | undefined {
  const inputs = call.queryInputs;
  if (!inputs.length || ![400, 414, 431].includes(f.statusCode)) return undefined;
  if (inputs.length === 1) return inputs[0].input;
  const message = f.message.toLowerCase();
  const named = inputs.filter((q) => message.includes(q.key.replace(/^\$/, "").toLowerCase()));
  if (named.length === 1) return named[0].input;
  const quoted = /'([^']+)'/.exec(f.message)?.[1];
  const holding = quoted ? inputs.filter((q) => q.text.includes(quoted)) : [];
  return (holding[0] ?? inputs[0]).input;
}

/** Which Graph permission a call on another mailbox needs, and which grant that mailbox must give. */
function accessNeeds(call: FailedCall): { workload: string; scope?: string; grant: string; appRole: string } {
  const path = String(call.path);
  const about = call.resource ? `${path} /${call.resource}` : path;
  if (/\/(events|calendars?|calendarView|calendarGroups)(\/|\?|$)/.test(about))
    return {
      workload: "calendar",
      scope: "Calendars.ReadWrite.Shared",
      grant: "access to its calendar",
      appRole: "Calendars.ReadWrite",
    };
  if (/\/mailboxSettings(\/|\?|$)/.test(about))
    return { workload: "settings", grant: "nothing a delegate can be given", appRole: "MailboxSettings.ReadWrite" };
  if (/^\/users\/[^/]+$/.test(path.split("?")[0]))
    return { workload: "directory", scope: "User.ReadBasic.All", grant: "nothing", appRole: "User.Read.All" };
  if (call.delivers) return { workload: "mail", scope: "Mail.Send.Shared", grant: "Send As", appRole: "Mail.Send" };
  return { workload: "mail", scope: "Mail.ReadWrite.Shared", grant: "Full Access", appRole: "Mail.ReadWrite" };
}

/** An access denied on a mailbox the action named: which mailbox, and which grant or scope is missing. */
function deniedBlame(conn: ResolvedConnection, mailbox: MailboxScope | undefined, call: FailedCall): Blame {
  if (!mailbox?.user)
    return {
      property: "connection.scopes",
      hint: " The connection lacks the Graph permission this needs; add it to the app registration and its Scopes.",
    };
  const user = mailbox.user;
  const needs = accessNeeds(call);
  // An app-only connection reaches every mailbox through its application permission: that is what is missing.
  if (!conn.delegated)
    return {
      property: "connection.scopes",
      hint:
        ` The app may not use the mailbox '${user}': it needs the ${needs.appRole} application permission, and ` +
        "any application access policy of the tenant must include this mailbox.",
    };
  if (needs.workload === "settings")
    return {
      property: mailbox.input,
      hint: ` Graph lets a signed-in user use only their own mailbox settings, not those of '${user}'.`,
    };
  if (needs.workload === "directory")
    return {
      property: mailbox.input,
      hint: ` Reading the user '${user}' needs the ${needs.scope} scope on the connection.`,
    };
  const hasScope = conn.scopes.some((s) => s.endsWith(needs.scope!) || s.endsWith("/.default"));
  const grant = `'${user}' must grant the signed-in user ${needs.grant}`;
  const own = " (If it is the signed-in user's own mailbox, the connection lacks the scope this needs.)";
  return {
    property: mailbox.input,
    hint:
      (hasScope
        ? ` The signed-in user may not use the mailbox '${user}': ${grant} (the connection has the ${needs.scope} ` +
          "scope)."
        : ` The signed-in user may not use the mailbox '${user}': the connection needs the ${needs.scope} scope, ` +
          `and ${grant}.`) + own,
  };
}

/** The input Graph's refusal is about, and a hint on what to do; probing parents only when a path names two items. */
export async function blame(
  f: GraphFailure,
  call: FailedCall,
  conn: ResolvedConnection,
  mailbox: MailboxScope | undefined,
  probe: Probe,
): Promise<Blame> {
  const code = f.code ?? "";
  if (MAILBOX_CODES.has(code) || (code === "Request_ResourceNotFound" && mailbox?.user && !call.path.refs?.length))
    return { property: mailbox?.input, hint: HINT_FOR_CODE[code] };
  if (DENIED_CODES.has(code) || f.statusCode === 403) return deniedBlame(conn, mailbox, call);
  if (isItemMissing(f)) return { property: await missingItem(call, probe) };
  if (FOLDER_REFUSALS.has(code)) return { property: call.path.refs?.at(-1)?.input ?? call.notFound };
  if (BODY_REFUSALS.has(code)) return { property: call.notFound ?? call.path.refs?.at(-1)?.input };
  return { property: queryBlame(call, f) ?? PROPERTY_FOR_CODE[code], hint: HINT_FOR_CODE[code] };
}
