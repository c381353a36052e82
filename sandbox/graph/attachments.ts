import { GraphError, notFound, sendBytes, sendEmpty, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import type { Mailbox, StoredMessage } from "../store";
import { mailboxOf, odataContext, readJson, sendEntity } from "./common";
import { MESSAGE_ITEMS, contextPath, fileAttachmentFrom, findMessage } from "./messages";
import { attachmentJson } from "./serialize";
import { createUploadSession } from "./uploads";

/** Largest attachment added in one POST (Graph takes them inline below 3 MB); larger ones need an upload session. */
export const INLINE_ATTACHMENT_LIMIT = 3 * 1024 * 1024;

function findAttachment(ctx: RouteContext, m: StoredMessage) {
  const a = m.attachments.find((x) => x.id === ctx.params["attachment-id"]);
  if (!a) throw notFound();
  return a;
}

function attachmentsContext(ctx: RouteContext): string {
  return `${contextPath(ctx, "messages")}('${encodeURIComponent(ctx.params["message-id"])}')/attachments`;
}

function withMessage(
  access: "read" | "write",
  fn: (ctx: RouteContext, mailbox: Mailbox, m: StoredMessage) => Promise<void> | void,
) {
  return (ctx: RouteContext) => {
    const { mailbox } = mailboxOf(ctx, access);
    return fn(ctx, mailbox, findMessage(ctx, mailbox));
  };
}

const listAttachments = withMessage("read", (ctx, _mb, m) => {
  sendJson(ctx.res, 200, {
    "@odata.context": odataContext(ctx, attachmentsContext(ctx)),
    value: m.attachments.map((a) => attachmentJson(a, true)),
  });
});

const addAttachment = withMessage("write", (ctx, mb, m) => {
  const a = fileAttachmentFrom(ctx, readJson(ctx, "microsoft.graph.attachment"));
  if (a.size >= INLINE_ATTACHMENT_LIMIT) {
    throw new GraphError(
      413,
      "RequestEntityTooLarge",
      `The attachment is ${a.size} bytes; attachments of 3 MB or more must be added through an upload session ` +
        "(createUploadSession).",
    );
  }
  m.attachments.push(a);
  ctx.store.touchMessage(mb, m);
  sendEntity(ctx, 201, `${attachmentsContext(ctx)}/$entity`, attachmentJson(a, true));
});

const getAttachment = withMessage("read", (ctx, _mb, m) => {
  sendEntity(ctx, 200, `${attachmentsContext(ctx)}/$entity`, attachmentJson(findAttachment(ctx, m), true));
});

const attachmentValue = withMessage("read", (ctx, _mb, m) => {
  const a = findAttachment(ctx, m);
  sendBytes(ctx.res, 200, a.contentType, a.content);
});

const deleteAttachment = withMessage("write", (ctx, mb, m) => {
  const a = findAttachment(ctx, m);
  m.attachments = m.attachments.filter((x) => x !== a);
  ctx.store.touchMessage(mb, m);
  sendEmpty(ctx.res, 204);
});

export function registerAttachmentRoutes(router: Router): void {
  for (const item of MESSAGE_ITEMS) {
    const collection = `${item}/attachments`;
    const one = `${collection}/{attachment-id}`;
    router.add("graph", "GET", collection, listAttachments);
    router.add("graph", "POST", collection, addAttachment);
    router.add("graph", "GET", one, getAttachment);
    router.add("graph", "GET", `${one}/$value`, attachmentValue);
    router.add("graph", "DELETE", one, deleteAttachment);
    router.add(
      "graph",
      "POST",
      `${collection}/createUploadSession`,
      withMessage("write", (ctx, mb, m) => createUploadSession(ctx, mb, m)),
    );
  }
}
