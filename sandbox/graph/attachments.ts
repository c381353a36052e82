import { GraphError, notFound, sendBytes, sendEmpty, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import type { Mailbox, StoredAttachment } from "../store";
import { expandOption, mailboxOf, odataContext, readJson, serviceRoot, sendEntity } from "./common";
import { EVENT_ITEMS, eventChanged } from "./events";
import { MESSAGE_ITEMS, contextPath, fileAttachmentFrom, findMessage } from "./messages";
import { parseSelect, selectProperties } from "./odata";
import { attachmentJson } from "./serialize";
import { createUploadSession, type AttachmentParent } from "./uploads";

/**
 * Attachments of messages and events: file attachments (bytes), item attachments (an attached
 * message, event or contact, expandable with `$expand=microsoft.graph.itemAttachment/item`) and
 * reference attachments; `$select` on one or all, `$value` for raw content, and upload sessions
 * for large files.
 */

/** Largest attachment added in one POST (Graph takes them inline below 3 MB); larger ones need an upload session. */
export const INLINE_ATTACHMENT_LIMIT = 3 * 1024 * 1024;

const ATTACHMENT = "microsoft.graph.attachment";
const DERIVED = [
  "microsoft.graph.fileAttachment",
  "microsoft.graph.itemAttachment",
  "microsoft.graph.referenceAttachment",
];

/** A message or event, seen as what holds attachments. */
interface Holder {
  parent: AttachmentParent;
  attachments: StoredAttachment[];
  /** Records a change to the holder (new change key, notifications). */
  touch(): void;
  set(list: StoredAttachment[]): void;
}

function holderOf(ctx: RouteContext, access: "read" | "write"): { mb: Mailbox; holder: Holder } {
  if (ctx.params["event-id"] !== undefined) {
    const { mailbox: mb } = mailboxOf(ctx, access, "calendar");
    const ev = mb.events.get(ctx.params["event-id"]);
    if (!ev) throw notFound();
    return {
      mb,
      holder: {
        parent: { kind: "events", id: ev.id },
        attachments: ev.attachments ?? [],
        touch: () => eventChanged(ctx, mb, ev),
        set: (list) => (ev.attachments = list),
      },
    };
  }
  const { mailbox: mb } = mailboxOf(ctx, access);
  const m = findMessage(ctx, mb);
  return {
    mb,
    holder: {
      parent: { kind: "messages", id: m.id },
      attachments: m.attachments,
      touch: () => ctx.store.touchMessage(mb, m),
      set: (list) => (m.attachments = list),
    },
  };
}

function findAttachment(ctx: RouteContext, holder: Holder): StoredAttachment {
  const a = holder.attachments.find((x) => x.id === ctx.params["attachment-id"]);
  if (!a) throw notFound();
  return a;
}

function attachmentsContext(ctx: RouteContext): string {
  const parent = ctx.params["event-id"] !== undefined ? "events" : "messages";
  const id = ctx.params["event-id"] ?? ctx.params["message-id"];
  return `${contextPath(ctx, parent)}('${encodeURIComponent(id)}')/attachments`;
}

/** One attachment as asked: `$select`ed, with its item when `$expand` names it. */
function shaped(ctx: RouteContext, a: StoredAttachment): Record<string, unknown> {
  const select = parseSelect(ctx.query, ATTACHMENT, DERIVED);
  const json = selectProperties(attachmentJson(a, !select || select.includes("contentBytes")), select);
  if (select && !select.includes("contentBytes")) delete json.contentBytes;
  const expandItem = expandOption(ctx).some((e) => /^(microsoft\.graph\.itemattachment\/)?item$/i.test(e.name));
  if (expandItem && a.kind === "item") {
    const type = String(a.item?.["@odata.type"] ?? "microsoft.graph.message").replace(/^#/, "");
    json["item@odata.context"] = odataContext(
      ctx,
      `${attachmentsContext(ctx)}('${a.id}')/microsoft.graph.itemAttachment/item/$entity`,
    );
    json.item = { id: a.id, ...a.item, "@odata.type": `#${type}` };
  }
  return json;
}

function listAttachments(ctx: RouteContext): void {
  const { holder } = holderOf(ctx, "read");
  sendJson(ctx.res, 200, {
    "@odata.context": odataContext(ctx, attachmentsContext(ctx)),
    value: holder.attachments.map((a) => shaped(ctx, a)),
  });
}

function addAttachment(ctx: RouteContext): void {
  const { holder } = holderOf(ctx, "write");
  const a = fileAttachmentFrom(ctx, readJson(ctx, ATTACHMENT));
  if (a.size >= INLINE_ATTACHMENT_LIMIT) {
    throw new GraphError(
      413,
      "RequestEntityTooLarge",
      `The attachment is ${a.size} bytes; attachments of 3 MB or more must be added through an upload session ` +
        "(createUploadSession).",
    );
  }
  holder.set([...holder.attachments, a]);
  holder.touch();
  const id = `${serviceRoot(ctx)}/${attachmentsContext(ctx)}('${encodeURIComponent(a.id)}')`;
  sendEntity(ctx, 201, `${attachmentsContext(ctx)}/$entity`, { "@odata.id": id, ...attachmentJson(a, true) });
}

/** Raw content: a file's bytes, an attached message as MIME, an event as iCalendar, a contact as vCard. */
function attachmentValue(ctx: RouteContext): void {
  const { holder } = holderOf(ctx, "read");
  const a = findAttachment(ctx, holder);
  if (a.kind !== "item") return sendBytes(ctx.res, 200, a.contentType || "application/octet-stream", a.content);
  const item = a.item ?? {};
  const type = String(item["@odata.type"] ?? "").toLowerCase();
  if (type.endsWith("event")) return sendBytes(ctx.res, 200, "text/calendar", Buffer.from(iCalendar(item)));
  if (type.endsWith("contact")) return sendBytes(ctx.res, 200, "text/vcard", Buffer.from(vCard(item)));
  sendBytes(ctx.res, 200, "message/rfc822", Buffer.from(rfc822(item)));
}

const text = (v: unknown) => String((v as { content?: string } | undefined)?.content ?? v ?? "");

function rfc822(item: Record<string, unknown>): string {
  const to = ((item.toRecipients as { emailAddress?: { address?: string } }[] | undefined) ?? [])
    .map((r) => r.emailAddress?.address ?? "")
    .join(", ");
  return (
    `Subject: ${String(item.subject ?? "")}\r\nTo: ${to}\r\nMIME-Version: 1.0\r\n` +
    `Content-Type: text/plain; charset=utf-8\r\n\r\n${text(item.body)}\r\n`
  );
}

function iCalendar(item: Record<string, unknown>): string {
  const stamp = (d: unknown) =>
    String((d as { dateTime?: string } | undefined)?.dateTime ?? "")
      .replace(/[-:]/g, "")
      .slice(0, 15);
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "BEGIN:VEVENT",
    `SUMMARY:${String(item.subject ?? "")}`,
    `DTSTART:${stamp(item.start)}`,
    `DTEND:${stamp(item.end)}`,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

function vCard(item: Record<string, unknown>): string {
  const name = String(item.displayName ?? [item.givenName, item.surname].filter(Boolean).join(" "));
  return [
    "BEGIN:VCARD",
    "VERSION:3.0",
    `FN:${name}`,
    `N:${String(item.surname ?? "")};${String(item.givenName ?? "")}`,
    "END:VCARD",
    "",
  ].join("\r\n");
}

export function registerAttachmentRoutes(router: Router): void {
  for (const item of [...MESSAGE_ITEMS, ...EVENT_ITEMS]) {
    const collection = `${item}/attachments`;
    const one = `${collection}/{attachment-id}`;
    router.add("graph", "GET", collection, listAttachments);
    router.add("graph", "POST", collection, addAttachment);
    router.add("graph", "GET", one, (ctx) => {
      const { holder } = holderOf(ctx, "read");
      sendEntity(ctx, 200, `${attachmentsContext(ctx)}/$entity`, shaped(ctx, findAttachment(ctx, holder)));
    });
    router.add("graph", "GET", `${one}/$value`, attachmentValue);
    router.add("graph", "DELETE", one, (ctx) => {
      const { holder } = holderOf(ctx, "write");
      const a = findAttachment(ctx, holder);
      holder.set(holder.attachments.filter((x) => x !== a));
      holder.touch();
      sendEmpty(ctx.res, 204);
    });
    router.add("graph", "POST", `${collection}/createUploadSession`, (ctx) => {
      const { mb, holder } = holderOf(ctx, "write");
      createUploadSession(ctx, mb, holder.parent);
    });
  }
}
