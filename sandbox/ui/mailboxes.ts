import type { Mailbox, MailFolder, Recipient, SeedUser, StoredMessage } from "../store";
import type { RouteContext } from "../router";
import { html, queryString, shortTime, uiPath, type Html } from "./html";
import { page, problemPage } from "./layout";
import { sendHtml } from "./respond";
import type { UiState } from "./state";

/** Mailboxes, their folder trees and messages: what the flows under test put where. */

/** The most messages a folder view lists (newest first). */
const LIST_LIMIT = 200;

/** A user by object id, UPN or address (any tenant): the UI's links use ids, people type addresses. */
export function findUser(state: UiState, key: string): SeedUser | undefined {
  return state.store.users.get(key) ?? state.store.findByAddress(key);
}

export function recipientText(r: Recipient | null | undefined): string {
  if (!r) return "";
  const { name, address } = r.emailAddress;
  return name && name !== address ? `${name} <${address}>` : address;
}

export function recipientsText(list: Recipient[]): string {
  return list.map(recipientText).join(", ");
}

function folderMessages(mb: Mailbox, folderId: string): StoredMessage[] {
  return [...mb.messages.values()].filter((m) => m.folderId === folderId);
}

function mailboxRow(state: UiState, u: SeedUser): Html {
  const mb = state.store.mailboxes.get(u.id);
  if (!mb)
    return html`<tr class="dim">
      <td>${u.displayName}</td>
      <td>${u.userPrincipalName}</td>
      <td>no mailbox</td>
      <td></td>
      <td></td>
      <td></td>
    </tr>`;
  const inbox = folderMessages(mb, mb.wellKnown.get("inbox")!);
  const unread = inbox.filter((m) => !m.isRead).length;
  return html`<tr>
    <td><a href="${uiPath("mailboxes", u.id)}">${u.displayName}</a></td>
    <td>${u.userPrincipalName}</td>
    <td>${u.mailboxType === "shared" ? "shared" : "user"}</td>
    <td class="num">${inbox.length}${unread ? html` <b>(${unread} unread)</b>` : ""}</td>
    <td class="num">${mb.messages.size}</td>
    <td><a href="${uiPath("calendars", u.id)}">${mb.events.size} events</a></td>
  </tr>`;
}

function outboundTable(state: UiState): Html {
  const sent = [...state.store.outbound].reverse().slice(0, LIST_LIMIT);
  if (!sent.length) return html`<p class="dim">None yet.</p>`;
  return html`<table>
    <thead>
      <tr>
        <th>Sent</th>
        <th>From</th>
        <th>To</th>
        <th>Subject</th>
      </tr>
    </thead>
    <tbody>
      ${sent.map(
        (o) =>
          html`<tr>
            <td>${shortTime(o.sentDateTime)}</td>
            <td>${o.from}</td>
            <td>${o.to}</td>
            <td>${o.subject}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The start page: every mailbox with its Inbox, and mail that left for addresses outside the sandbox. */
export function overview(state: UiState, ctx: RouteContext): void {
  const users = [...state.store.users.values()];
  const main = html`<h1>Mailboxes</h1>
    <div id="mailboxes" data-live>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Address</th>
            <th>Type</th>
            <th>Inbox</th>
            <th>All messages</th>
            <th>Calendar</th>
          </tr>
        </thead>
        <tbody>
          ${users.map((u) => mailboxRow(state, u))}
        </tbody>
      </table>
      <h2>Mail to addresses outside the sandbox</h2>
      ${outboundTable(state)}
    </div>`;
  sendHtml(ctx.res, 200, page(state, "Mailboxes", "mail", main));
}

function folderLabel(mb: Mailbox, f: MailFolder): Html {
  const messages = folderMessages(mb, f.id);
  const unread = messages.filter((m) => !m.isRead).length;
  return html`${f.displayName} <span class="count">${unread ? html`<b>${unread}</b>/` : ""}${messages.length}</span>`;
}

function folderBranch(mb: Mailbox, userId: string, parentId: string, current: string, depth: number): Html {
  const children = [...mb.folders.values()].filter((f) => f.parentFolderId === parentId);
  if (!children.length || depth > 32) return html``;
  return html`<ul>
    ${children.map((f) => {
      const href = uiPath("mailboxes", userId) + queryString({ folder: f.id });
      const attrs = html`${f.id === current ? html` aria-current="true"` : ""}${f.isHidden ? html` class="dim"` : ""}`;
      return html`<li>
        <a href="${href}" ${attrs}>${folderLabel(mb, f)}</a>${folderBranch(mb, userId, f.id, current, depth + 1)}
      </li>`;
    })}
  </ul>`;
}

/** The folder tree under the mailbox's root (hidden folders dimmed), with unread and total counts. */
export function folderTree(mb: Mailbox, userId: string, currentFolderId: string): Html {
  const root = mb.wellKnown.get("msgfolderroot")!;
  return html`<aside class="folders" id="folders" data-live>
    ${folderBranch(mb, userId, root, currentFolderId, 0)}
  </aside>`;
}

function messageRow(userId: string, m: StoredMessage): Html {
  const href = uiPath("mailboxes", userId, "messages", m.id);
  const files = m.attachments.filter((a) => !a.isInline).length;
  return html`<tr class="${m.isRead ? "" : "unread"}">
    <td>${recipientText(m.from)}</td>
    <td>
      <a href="${href}">${m.subject || "(no subject)"}</a>${m.isDraft ? html` <span class="tag">draft</span>` : ""}
    </td>
    <td>${files ? html`<span class="tag" title="attachments">${files} attached</span>` : ""}</td>
    <td class="nowrap">${shortTime(m.receivedDateTime)}</td>
  </tr>`;
}

function messageTable(mb: Mailbox, userId: string, folderId: string): Html {
  const all = folderMessages(mb, folderId).sort((a, b) => b.receivedDateTime.localeCompare(a.receivedDateTime));
  const shown = all.slice(0, LIST_LIMIT);
  const note = all.length > shown.length ? html`<p class="dim">The newest ${shown.length} of ${all.length}.</p>` : "";
  if (!all.length) return html`<div id="messages" data-live><p class="dim">No messages in this folder.</p></div>`;
  return html`<div id="messages" data-live>
    <table class="messages">
      <thead>
        <tr>
          <th>From</th>
          <th>Subject</th>
          <th></th>
          <th>Received (UTC)</th>
        </tr>
      </thead>
      <tbody>
        ${shown.map((m) => messageRow(userId, m))}
      </tbody>
    </table>
    ${note}
  </div>`;
}

/** A mailbox: its folder tree, and the messages of one folder (the Inbox unless another is chosen). */
export function mailboxView(state: UiState, ctx: RouteContext): void {
  const user = findUser(state, ctx.params.user);
  const mb = user && state.store.mailboxes.get(user.id);
  if (!user || !mb) return sendHtml(ctx.res, 404, problemPage(state, "No such mailbox", ctx.params.user));
  const folder = state.store.findFolder(mb, ctx.query.get("folder") ?? "inbox");
  if (!folder) return sendHtml(ctx.res, 404, problemPage(state, "No such folder", ctx.query.get("folder") ?? ""));
  const main = html`<h1>${user.displayName} <span class="dim">${user.userPrincipalName}</span></h1>
    <div class="split">
      ${folderTree(mb, user.id, folder.id)}
      <section>
        <h2>${folder.displayName}</h2>
        ${messageTable(mb, user.id, folder.id)}
      </section>
    </div>`;
  sendHtml(ctx.res, 200, page(state, `${folder.displayName} · ${user.displayName}`, "mail", main));
}
