import { GraphError, badRequest, notFound, sendEmpty, sendJson } from "../http";
import { itemId, opaqueToken } from "../ids";
import type { RouteContext, Router } from "../router";
import type { Mailbox, Store } from "../store";
import { readActionParameters, sendEntity } from "./common";

/**
 * Large attachments, as Outlook takes them: `createUploadSession` on a message's attachments
 * (3 MB to 150 MB) returns a pre-authenticated upload URL; the client PUTs the bytes in order,
 * each request with Content-Range and no Authorization header, in chunks of at most 4 MB. Middle
 * chunks get 200 with the next expected range, the last 201 with a Location header; GET on the URL
 * answers the session's status (its next expected range), so a client that lost an answer resumes
 * where the server stands; DELETE cancels.
 * Like Graph's (which point at outlook.office.com), the upload URLs are not Graph v1.0 paths.
 */

export const MIN_UPLOAD_SESSION_BYTES = 3 * 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 150 * 1024 * 1024;
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
const SESSION_LIFETIME_MS = 6 * 3600 * 1000;

interface UploadSession {
  id: string;
  token: string;
  userId: string;
  /** What the attachment joins: a message or an event (the upload URL names which). */
  parentKind: "messages" | "events";
  messageId: string;
  name: string;
  size: number;
  contentType: string;
  isInline: boolean;
  contentId: string | null;
  /**
   * The attachment's bytes, allocated at its full size when the first chunk arrives and filled in place: the
   * attachment is held once, never as a list of chunks joined into a second copy at the end.
   */
  content?: Buffer;
  received: number;
  expiresAt: number;
}

const sessions = new WeakMap<Store, Map<string, UploadSession>>();
function sessionsOf(store: Store): Map<string, UploadSession> {
  let s = sessions.get(store);
  if (!s) sessions.set(store, (s = new Map()));
  return s;
}

/** Upload sessions still open (for tests and the request log's readers). */
export function openUploadSessions(store: Store): number {
  return sessionsOf(store).size;
}

/** Bytes received by each open upload session, oldest first (for tests that act in the middle of an upload). */
export function uploadProgress(store: Store): { received: number; size: number }[] {
  return [...sessionsOf(store).values()].map((s) => ({ received: s.received, size: s.size }));
}

/** An item that takes attachments: a message or an event. */
export interface AttachmentParent {
  kind: "messages" | "events";
  id: string;
}

export function createUploadSession(ctx: RouteContext, mb: Mailbox, parent: AttachmentParent): void {
  const params = readActionParameters(ctx, "microsoft.graph.attachment", "createUploadSession");
  const item = params.attachmentItem as Record<string, unknown> | undefined;
  if (!item) throw badRequest("The parameter 'AttachmentItem' is required.", "ErrorInvalidRequest");
  if (item.attachmentType !== undefined && String(item.attachmentType).toLowerCase() !== "file") {
    throw badRequest(
      "The sandbox takes file attachments through upload sessions; attachmentType must be 'file'.",
      "ErrorInvalidRequest",
    );
  }
  if (typeof item.name !== "string" || !item.name)
    throw badRequest("The attachment's name is required.", "ErrorInvalidRequest");
  const size = item.size;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0)
    throw badRequest("The attachment's size is required and must be a whole number of bytes.", "ErrorInvalidRequest");
  if (size < MIN_UPLOAD_SESSION_BYTES) {
    throw badRequest(
      "Attachment size must be greater than the minimum size.",
      "ErrorAttachmentSizeShouldNotBeLessThanMinimumSize",
    );
  }
  if (size > MAX_ATTACHMENT_BYTES) {
    throw badRequest(
      `The attachment exceeds the maximum supported size of ${MAX_ATTACHMENT_BYTES} bytes.`,
      "ErrorMessageSizeExceeded",
    );
  }
  const session: UploadSession = {
    id: itemId(),
    token: opaqueToken(48),
    userId: mb.userId,
    parentKind: parent.kind,
    messageId: parent.id,
    name: item.name,
    size,
    contentType:
      typeof item.contentType === "string" && item.contentType ? item.contentType : "application/octet-stream",
    isInline: item.isInline === true,
    contentId: typeof item.contentId === "string" ? item.contentId : null,
    received: 0,
    expiresAt: ctx.clock.now() + SESSION_LIFETIME_MS,
  };
  sessionsOf(ctx.store).set(session.id, session);
  const uploadUrl =
    `${uploadOrigin(ctx)}/upload/users('${mb.userId}')/${parent.kind}('${encodeURIComponent(parent.id)}')` +
    `/attachmentSessions('${encodeURIComponent(session.id)}')?authtoken=${session.token}`;
  ctx.log.uploadSize = size;
  sendEntity(ctx, 201, "microsoft.graph.uploadSession", {
    uploadUrl,
    expirationDateTime: ctx.clock.iso(session.expiresAt),
    nextExpectedRanges: ["0-"],
  });
}

const GRAPH_HOSTS = [
  "graph.microsoft.com",
  "graph.microsoft.us",
  "dod-graph.microsoft.us",
  "microsoftgraph.chinacloudapi.cn",
];

/**
 * The origin of upload URLs: another name for the sandbox than the one Graph was called by, as Graph's
 * upload URLs point at outlook.office.com, so that Graph clients (which attach their token only to
 * Graph's hosts and their custom hosts) send the chunks without an Authorization header.
 */
function uploadOrigin(ctx: RouteContext): string {
  const u = new URL(ctx.origin);
  if (GRAPH_HOSTS.includes(u.hostname)) u.hostname = "outlook.office.com";
  else if (u.hostname === "127.0.0.1" || u.hostname === "[::1]") u.hostname = "localhost";
  else if (u.hostname === "localhost") u.hostname = "127.0.0.1";
  return u.origin;
}

function findSession(ctx: RouteContext): UploadSession {
  const s = sessionsOf(ctx.store).get(ctx.params["session-id"]);
  const parentId = ctx.params["message-id"] ?? ctx.params["event-id"];
  const parentKind = ctx.params["message-id"] !== undefined ? "messages" : "events";
  if (!s || s.userId !== ctx.params["user-id"] || s.messageId !== parentId || s.parentKind !== parentKind)
    throw notFound("The upload session was not found; it may have expired, been cancelled or completed.");
  if (s.expiresAt <= ctx.clock.now()) {
    sessionsOf(ctx.store).delete(s.id);
    throw notFound("The upload session has expired.");
  }
  if (ctx.query.get("authtoken") !== s.token)
    throw new GraphError(
      401,
      "InvalidAuthenticationToken",
      "The upload URL's authtoken is missing or does not match this upload session.",
    );
  if (ctx.req.headers.authorization) {
    throw new GraphError(
      401,
      "InvalidAuthenticationToken",
      "The upload URL is pre-authenticated; send the request without an Authorization header.",
    );
  }
  return s;
}

/** The chunk's Content-Range, checked against the session: in order, within the size, matching the bytes sent. */
function chunkRange(ctx: RouteContext, s: UploadSession): { start: number; end: number; total: number } {
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(ctx.req.headers["content-range"] ?? "").trim());
  if (!range)
    throw badRequest(
      "The Content-Range header is missing or malformed; expected 'bytes {start}-{end}/{total}'.",
      "ErrorInvalidRequest",
    );
  const [start, end, total] = range.slice(1).map(Number);
  if (total !== s.size)
    throw badRequest(
      `The Content-Range total ${total} does not match the session's attachment size ${s.size}.`,
      "ErrorInvalidRequest",
    );
  if (start !== s.received) {
    throw new GraphError(
      416,
      "ErrorInvalidRequest",
      `The range starting at ${start} is out of order; the next expected range starts at ${s.received}.`,
    );
  }
  if (end < start || end >= s.size || end - start + 1 !== ctx.body.length) {
    throw badRequest(
      `The Content-Range ${start}-${end} does not match the ${ctx.body.length} bytes sent.`,
      "ErrorInvalidRequest",
    );
  }
  return { start, end, total };
}

/** The last chunk is in: the attachment joins its message, and the answer names it. */
function completeUpload(ctx: RouteContext, s: UploadSession): void {
  sessionsOf(ctx.store).delete(s.id);
  const mb = ctx.store.mailboxes.get(s.userId);
  const m = s.parentKind === "messages" ? mb?.messages.get(s.messageId) : mb?.events.get(s.messageId);
  if (!mb || !m) throw notFound("The item this upload session belongs to no longer exists.");
  const attachment = {
    id: itemId(),
    name: s.name,
    contentType: s.contentType,
    size: s.size,
    isInline: s.isInline,
    contentId: s.contentId,
    lastModifiedDateTime: ctx.clock.iso(),
    content: s.content ?? Buffer.alloc(0),
  };
  if ("folderId" in m) {
    m.attachments.push(attachment);
    ctx.store.touchMessage(mb, m);
  } else (m.attachments ??= []).push(attachment);
  sendEmpty(ctx.res, 201, {
    Location:
      `${ctx.origin}/v1.0/users('${s.userId}')/${s.parentKind}('${encodeURIComponent(m.id)}')` +
      `/attachments('${encodeURIComponent(attachment.id)}')`,
  });
}

/**
 * The session as Outlook's upload URLs describe it (Outlook REST casing): when it expires and where the next
 * chunk must start ("{start}", a single value for Outlook attachments).
 */
function sendStatus(ctx: RouteContext, s: UploadSession): void {
  sendJson(ctx.res, 200, {
    "@odata.context": `${ctx.origin}/api/v2.0/$metadata#Microsoft.OutlookServices.UploadSession`,
    ExpirationDateTime: ctx.clock.iso(s.expiresAt),
    NextExpectedRanges: [String(s.received)],
  });
}

function putChunk(ctx: RouteContext): void {
  const s = findSession(ctx);
  const { start, end, total } = chunkRange(ctx, s);
  s.content ??= Buffer.allocUnsafeSlow(s.size);
  ctx.body.copy(s.content, start);
  s.received += ctx.body.length;
  s.expiresAt = ctx.clock.now() + SESSION_LIFETIME_MS;
  ctx.log.contentRange = `${start}-${end}/${total}`;
  ctx.log.chunkBytes = ctx.body.length;
  if (s.received < s.size) return sendStatus(ctx, s);
  completeUpload(ctx, s);
}

/** GET on the upload URL: the session's status; a completed, cancelled or expired session is gone (404). */
function getStatus(ctx: RouteContext): void {
  sendStatus(ctx, findSession(ctx));
}

function cancel(ctx: RouteContext): void {
  const s = findSession(ctx);
  sessionsOf(ctx.store).delete(s.id);
  sendEmpty(ctx.res, 204);
}

export function registerUploadRoutes(router: Router): void {
  for (const parent of ["messages/{message-id}", "events/{event-id}"]) {
    const template = `/upload/users/{user-id}/${parent}/attachmentSessions/{session-id}`;
    router.add("upload", "PUT", template, putChunk, { bodyLimit: MAX_CHUNK_BYTES, inSchema: false });
    router.add("upload", "GET", template, getStatus, { inSchema: false });
    router.add("upload", "DELETE", template, cancel, { inSchema: false });
  }
}
