import { buildMime } from "../mime";
import type { RouteContext } from "../router";
import { messageJson } from "../graph/serialize";
import type { Mailbox, SeedUser, StoredAttachment, StoredMessage } from "../store";
import { formatBytes, html, shortTime, uiPath, type Html } from "./html";
import { page, problemPage } from "./layout";
import { findUser, folderTree, recipientText, recipientsText } from "./mailboxes";
import { COMMON_HEADERS, sendDownload, sendHtml } from "./respond";
import type { UiState } from "./state";

/**
 * One message: its headers, its attachments to download byte for byte, its raw MIME, and its body.
 * An HTML body is shown in an iframe with the `sandbox` attribute (no scripts, no forms, no
 * navigation) whose own answer carries a CSP that forbids script and every other origin, so a
 * hostile body can neither run nor load anything, even when its URL is opened on its own.
 */

interface Found {
  user: SeedUser;
  mb: Mailbox;
  message: StoredMessage;
}

function findMessage(state: UiState, ctx: RouteContext): Found | undefined {
  const user = findUser(state, ctx.params.user);
  const mb = user && state.store.mailboxes.get(user.id);
  const message = mb?.messages.get(ctx.params.message);
  return user && mb && message ? { user, mb, message } : undefined;
}

function notFoundPage(state: UiState, ctx: RouteContext): void {
  const message = "The message is not in this mailbox (a moved message gets a new id, as in Outlook).";
  sendHtml(ctx.res, 404, problemPage(state, "No such message", message));
}

function headerRows(m: StoredMessage): Html {
  const rows: [string, string][] = [
    ["From", recipientText(m.from)],
    [
      "Sender",
      m.sender && m.sender.emailAddress.address !== m.from?.emailAddress.address ? recipientText(m.sender) : "",
    ],
    ["To", recipientsText(m.toRecipients)],
    ["Cc", recipientsText(m.ccRecipients)],
    ["Bcc", recipientsText(m.bccRecipients)],
    ["Reply-To", recipientsText(m.replyTo)],
    ["Sent", shortTime(m.sentDateTime)],
    ["Received", shortTime(m.receivedDateTime)],
    ["Importance", m.importance === "normal" ? "" : m.importance],
    ["Categories", m.categories.join(", ")],
    ["Flag", m.flag.flagStatus === "notFlagged" ? "" : m.flag.flagStatus],
    ["State", [m.isRead ? "read" : "unread", m.isDraft ? "draft" : ""].filter(Boolean).join(", ")],
    ["Message-ID", m.internetMessageId],
  ];
  return html`<table class="headers">
    ${rows
      .filter(([, v]) => v)
      .map(
        ([k, v]) =>
          html`<tr>
            <th>${k}</th>
            <td>${v}</td>
          </tr>`,
      )}
  </table>`;
}

function attachmentList(base: string, attachments: StoredAttachment[]): Html {
  if (!attachments.length) return html``;
  return html`<h2>Attachments</h2>
    <ul class="attachments">
      ${attachments.map(
        (a) =>
          html`<li>
            <a href="${base}/attachments/${encodeURIComponent(a.id)}" download="${a.name}">${a.name}</a>
            <span class="dim">${a.contentType}, ${formatBytes(a.size)}${a.isInline ? ", inline" : ""}</span>
          </li>`,
      )}
    </ul>`;
}

function bodyPart(base: string, m: StoredMessage): Html {
  if (m.body.contentType === "text") return html`<pre class="body">${m.body.content}</pre>`;
  return html`<iframe
    class="body"
    sandbox=""
    referrerpolicy="no-referrer"
    title="Message body"
    src="${base}/body"
  ></iframe>`;
}

function internetHeaders(m: StoredMessage): Html {
  if (!m.internetMessageHeaders.length) return html``;
  return html`<details>
    <summary>Internet message headers (${m.internetMessageHeaders.length})</summary>
    <table class="headers">
      ${m.internetMessageHeaders.map(
        (h) =>
          html`<tr>
            <th>${h.name}</th>
            <td>${h.value}</td>
          </tr>`,
      )}
    </table>
  </details>`;
}

/** The message page: folder tree, headers (live: read state, flags), attachments, body, Graph's JSON. */
export function messageView(state: UiState, ctx: RouteContext): void {
  const found = findMessage(state, ctx);
  if (!found) return notFoundPage(state, ctx);
  const { user, mb, message: m } = found;
  const base = uiPath("mailboxes", user.id, "messages", m.id);
  const json = { ...messageJson(m), internetMessageHeaders: m.internetMessageHeaders };
  const main = html`<div class="split">
    ${folderTree(mb, user.id, m.folderId)}
    <section class="message">
      <h1>${m.subject || "(no subject)"}</h1>
      <div id="message-headers" data-live>${headerRows(m)}</div>
      <p class="actions"><a href="${base}/mime">Download .eml (MIME)</a></p>
      ${attachmentList(base, m.attachments)}
      <h2>Body <span class="dim">(${m.body.contentType})</span></h2>
      ${bodyPart(base, m)} ${internetHeaders(m)}
      <details>
        <summary>As Graph returns it (JSON)</summary>
        <pre>${JSON.stringify(json, null, 2)}</pre>
      </details>
    </section>
  </div>`;
  sendHtml(ctx.res, 200, page(state, m.subject || "(no subject)", "mail", main));
}

/** Image types a browser shows without running anything (SVG can carry script: it is only downloaded). */
const SAFE_IMAGE = /^image\/(png|jpeg|gif|webp|bmp)$/i;

/** `cid:` references to inline images point at the UI's own copy of the attachment, when it is a safe image. */
function withInlineImages(content: string, base: string, m: StoredMessage): string {
  return content.replace(/(["'])cid:([^"']+)\1/gi, (whole, quote: string, cid: string) => {
    const a = m.attachments.find((x) => x.contentId && (x.contentId === cid || `<${cid}>` === x.contentId));
    if (!a || !SAFE_IMAGE.test(a.contentType)) return whole;
    return `${quote}${base}/attachments/${encodeURIComponent(a.id)}/image${quote}`;
  });
}

/** The HTML body alone, for the sandboxed iframe: the CSP's own `sandbox` keeps it inert even opened directly. */
export function messageBody(state: UiState, ctx: RouteContext): void {
  const found = findMessage(state, ctx);
  if (!found) return notFoundPage(state, ctx);
  const { user, message: m } = found;
  const base = `${ctx.origin}${uiPath("mailboxes", user.id, "messages", m.id)}`;
  const content = m.body.contentType === "html" ? withInlineImages(m.body.content, base, m) : m.body.content;
  const data = Buffer.from(content, "utf8");
  ctx.res.writeHead(200, {
    "Content-Type": `${m.body.contentType === "html" ? "text/html" : "text/plain"}; charset=utf-8`,
    "Content-Length": String(data.length),
    "Content-Security-Policy":
      `sandbox; default-src 'none'; img-src ${ctx.origin} data:; style-src 'unsafe-inline'; font-src data:; ` +
      `frame-ancestors ${ctx.origin}`,
    ...COMMON_HEADERS,
  });
  ctx.res.end(data);
}

function findAttachment(state: UiState, ctx: RouteContext): StoredAttachment | undefined {
  return findMessage(state, ctx)?.message.attachments.find((a) => a.id === ctx.params.attachment);
}

/** An attachment's bytes exactly as stored, always as a download (never rendered by the UI's origin). */
export function attachmentDownload(state: UiState, ctx: RouteContext): void {
  const a = findAttachment(state, ctx);
  if (!a) return notFoundPage(state, ctx);
  sendDownload(ctx, a.name, a.content);
}

/** An inline image for the body's iframe: only raster types a browser draws without running anything. */
export function inlineImage(state: UiState, ctx: RouteContext): void {
  const a = findAttachment(state, ctx);
  if (!a || !SAFE_IMAGE.test(a.contentType)) return notFoundPage(state, ctx);
  ctx.res.writeHead(200, {
    "Content-Type": a.contentType.toLowerCase(),
    "Content-Length": String(a.content.length),
    "Content-Security-Policy": "sandbox; default-src 'none'",
    ...COMMON_HEADERS,
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
  ctx.res.end(a.content);
}

/** The message's RFC 5322 form (as Graph's `$value` gives it), to open in a mail program. */
export async function messageMime(state: UiState, ctx: RouteContext): Promise<void> {
  const found = findMessage(state, ctx);
  if (!found) return notFoundPage(state, ctx);
  const name = `${(found.message.subject || "message").replace(/[\\/:*?"<>|\p{Cc}]/gu, "_").slice(0, 100)}.eml`;
  sendDownload(ctx, name, await buildMime(found.message));
}
