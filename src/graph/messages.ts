import type { Message } from "@microsoft/microsoft-graph-types";
import type { InputText, ItemRef } from "../inputs/ids";
import type { Paging } from "../inputs/paging";
import { withOutcome, type Outcome } from "./lostAnswers";
import type { MailboxRef } from "./mailbox";
import { folderPath } from "./mailFolders";
import { listPage, type Page } from "./paging";
import { graphPath, type GraphPath } from "./path";
import { confirmDraftSent, confirmStamped, newStamp, stamped } from "./stamps";

/** Messages (Graph's message resource): read, change, move, delete, reply and forward. */

/** A message by an input's id, or by an id Graph gave. */
export const messagePath = (mb: MailboxRef, message: ItemRef | string): GraphPath =>
  graphPath`${mb.root}/messages/${message}`;

/** The messages of a folder, or of the whole mailbox. */
export const messagesIn = (mb: MailboxRef, folder?: ItemRef): GraphPath =>
  folder ? graphPath`${folderPath(mb, folder)}/messages` : graphPath`${mb.root}/messages`;

/** Graph wants $search quoted; a bare term or KQL expression is wrapped, inner quotes escaped. */
function searchQuery(search: string): string {
  const s = search.trim();
  return /^".*"$/s.test(s) ? s : `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** What to list: a folder (or the whole mailbox), and the search, filter and select as the inputs gave them. */
export interface MessageQuery {
  folder?: ItemRef;
  search?: InputText;
  filter?: InputText;
  select?: InputText;
}

/** Messages of a folder (or the mailbox), searched or filtered, one page or all of them. */
export function list(mb: MailboxRef, q: MessageQuery, paging: Paging): Promise<Page<Message>> {
  return listPage<Message>(
    mb.graph,
    {
      method: "GET",
      path: messagesIn(mb, q.folder),
      query: {
        $search: q.search ? { ...q.search, text: searchQuery(q.search.text) } : undefined,
        $filter: q.filter,
        $select: q.select,
      },
    },
    paging,
  );
}

/** How many messages a picker offers: the most recent ones. */
export const PICKER_MESSAGES = 100;

/** The most recent messages of a folder (or of the whole mailbox), with only what a picker shows. */
export async function recentForPicker(mb: MailboxRef, folder?: ItemRef): Promise<Message[]> {
  const page = await mb.graph.call<{ value?: Message[] }>({
    method: "GET",
    path: messagesIn(mb, folder),
    query: {
      $top: PICKER_MESSAGES,
      $orderby: "receivedDateTime desc",
      $select: "id,subject,from,receivedDateTime",
    },
    notFound: folder?.input,
  });
  return page.value ?? [];
}

/** A message, and its raw MIME (RFC 822) bytes. */
export async function getWithMime(mb: MailboxRef, message: ItemRef): Promise<{ message: Message; mime: Buffer }> {
  const path = messagePath(mb, message);
  const found = await mb.graph.call<Message>({ method: "GET", path, notFound: message.input });
  const mime = await mb.graph.call<Buffer>({
    method: "GET",
    path: graphPath`${path}/$value`,
    responseType: "bytes",
    notFound: message.input,
  });
  return { message: found, mime };
}

/** A message's raw MIME (RFC 822) bytes, with the few properties that name it (`select`). */
export async function mimeOf(
  mb: MailboxRef,
  message: ItemRef,
  select: string,
): Promise<{ message: Message; mime: Buffer }> {
  const path = messagePath(mb, message);
  const found = await mb.graph.call<Message>({
    method: "GET",
    path,
    query: { $select: select },
    notFound: message.input,
  });
  // By the id Graph answered with (immutable), so both reads name the same message.
  const mime = await mb.graph.call<Buffer>({
    method: "GET",
    path: graphPath`${messagePath(mb, found.id!)}/$value`,
    responseType: "bytes",
    notFound: message.input,
  });
  return { message: found, mime };
}

/** Changes a message's (or a draft's) properties; Graph answers with the message. */
export function update(mb: MailboxRef, message: ItemRef, patch: Message): Promise<Message> {
  return mb.graph.call<Message>({
    method: "PATCH",
    path: messagePath(mb, message),
    body: patch,
    notFound: message.input,
  });
}

/** Moves a message to Deleted Items, or deletes it for good (recoverable by an admin only). */
export async function remove(mb: MailboxRef, message: ItemRef, permanent: boolean): Promise<void> {
  const path = messagePath(mb, message);
  if (permanent)
    await mb.graph.call({ method: "POST", path: graphPath`${path}/permanentDelete`, notFound: message.input });
  else await mb.graph.call({ method: "DELETE", path, notFound: message.input });
}

/**
 * Moves or copies a message to a folder; Graph answers with the message there (a moved message keeps its immutable
 * id, a copy has one of its own).
 */
export function moveOrCopy(
  mb: MailboxRef,
  message: ItemRef,
  kind: "move" | "copy",
  destination: ItemRef,
): Promise<Message> {
  return mb.graph.call<Message>({
    method: "POST",
    path: graphPath`${messagePath(mb, message)}/${kind}`,
    body: { destinationId: destination.id },
    // A 404 blames the message when it is gone (the path names it), else the destination.
    notFound: destination.input,
  });
}

export type ResponseKind = "reply" | "replyAll" | "forward";

/** The body of a reply or forward with its message stamped, so its Sent Items or Drafts copy can be found. */
function stampedResponse(body: Record<string, unknown>) {
  const stamp = newStamp();
  return { stamp, body: { ...body, message: stamped((body.message as Message | undefined) ?? {}, stamp) } };
}

/**
 * Replies, replies to all or forwards at once (Graph answers 202). Graph keeps a copy in Sent Items;
 * the reply is stamped, so after a lost answer that copy tells whether it went (else it is sent again).
 */
export async function respond(
  mb: MailboxRef,
  message: ItemRef,
  kind: ResponseKind,
  body: Record<string, unknown>,
): Promise<Outcome> {
  const response = stampedResponse(body);
  const { outcome } = await mb.graph.callWithOutcome({
    method: "POST",
    path: graphPath`${messagePath(mb, message)}/${kind}`,
    body: response.body,
    notFound: message.input,
    delivers: true,
    confirm: confirmStamped(mb, "sentitems", response.stamp, true),
  });
  return outcome;
}

/**
 * Creates a reply, reply-all or forward draft (createReply, createReplyAll, createForward), stamped
 * so that after a lost answer the draft is found in Drafts instead of made twice.
 */
export async function createResponseDraft(
  mb: MailboxRef,
  message: ItemRef,
  kind: ResponseKind,
  body: Record<string, unknown>,
): Promise<Message & { outcome?: Outcome }> {
  const action = `create${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
  const response = stampedResponse(body);
  const { result, outcome } = await mb.graph.callWithOutcome<Message>({
    method: "POST",
    path: graphPath`${messagePath(mb, message)}/${action}`,
    body: response.body,
    notFound: message.input,
    confirm: confirmStamped(mb, "drafts", response.stamp, false),
  });
  return withOutcome(result, outcome);
}

/**
 * Sends a draft; after a lost answer, the draft leaving Drafts tells whether it went (else it is sent again). The
 * draft is read first for its immutable id (which names the sent message in Sent Items, whatever id was given) and
 * its Message-ID header (kept when it is sent).
 */
export async function sendDraft(
  mb: MailboxRef,
  message: ItemRef,
): Promise<{ outcome: Outcome; messageId: string; internetMessageId: string | null }> {
  const draft = await mb.graph.call<Message>({
    method: "GET",
    path: messagePath(mb, message),
    query: { $select: "id,internetMessageId" },
    notFound: message.input,
  });
  const path = messagePath(mb, draft.id!);
  const { outcome } = await mb.graph.callWithOutcome({
    method: "POST",
    path: graphPath`${path}/send`,
    notFound: message.input,
    delivers: true,
    confirm: confirmDraftSent(mb, path),
  });
  return { outcome, messageId: draft.id!, internetMessageId: draft.internetMessageId ?? null };
}
