import { randomBytes } from "node:crypto";
import { GraphError, badRequest, notFound, sendEmpty } from "../http";
import type { RouteContext, Router } from "../router";
import type { Recipient, SeedUser, StoredMessage } from "../store";
import { mailboxOf, readActionParameters, sendEntity } from "./common";
import {
  MESSAGE_ITEMS,
  bodyPreference,
  contextPath,
  submit,
  findMessage,
  isMimeBody,
  messageFrom,
  mimeMessage,
  moveMessage,
  type NewMessage,
} from "./messages";
import { messageJson, stripSelectOnly } from "./serialize";

/**
 * Reply, reply all and forward (sent at once, 202), their create* variants (a draft, 201), and
 * move / copy of messages (201 with the message; a move gives it a new id, as Exchange does).
 */

type Kind = "reply" | "replyAll" | "forward";
const PREFIX: Record<Kind, string> = { reply: "RE: ", replyAll: "RE: ", forward: "FW: " };

const sameAddress = (a: Recipient, b: string) => a.emailAddress.address.toLowerCase() === b.toLowerCase();

/** The original message below a reply or forward, as Outlook quotes it. */
function quotedOriginal(original: StoredMessage): string {
  const from = original.from?.emailAddress;
  const content =
    original.body.contentType === "html"
      ? original.body.content
      : original.body.content.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return (
    `<hr><div><b>From:</b> ${from?.name ?? ""} &lt;${from?.address ?? ""}&gt;<br>` +
    `<b>Sent:</b> ${original.sentDateTime ?? ""}<br><b>Subject:</b> ${original.subject}</div><div>${content}</div>`
  );
}

/** The draft a reply, reply all or forward starts from, before the caller's changes. */
function responseDraft(
  ctx: RouteContext,
  kind: Kind,
  owner: SeedUser,
  original: StoredMessage,
  folderId: string,
  params: Record<string, unknown>,
): NewMessage {
  const message = (params.message as Record<string, unknown> | undefined) ?? {};
  const comment = typeof params.comment === "string" ? params.comment : undefined;
  const body = message.body as { content?: string } | undefined;
  if (comment !== undefined && body?.content) {
    throw badRequest("Provide either Comment or Message.body, not both.", "ErrorInvalidRequest");
  }
  const base = messageFrom(ctx, message, owner, folderId, true);
  const self = owner.mail;
  const author = original.replyTo.length ? original.replyTo : original.from ? [original.from] : [];
  if (kind !== "forward" && !message.toRecipients) {
    base.toRecipients =
      kind === "reply"
        ? author
        : [
            ...author,
            ...original.toRecipients.filter(
              (r) => !sameAddress(r, self) && !author.some((a) => sameAddress(a, r.emailAddress.address)),
            ),
          ];
  }
  if (kind === "replyAll" && !message.ccRecipients)
    base.ccRecipients = original.ccRecipients.filter((r) => !sameAddress(r, self));
  if (kind === "forward" && params.toRecipients)
    base.toRecipients = (params.toRecipients as Recipient[]).map((r) => ({
      emailAddress: { name: r.emailAddress?.name, address: String(r.emailAddress?.address ?? "") },
    }));
  if (typeof message.subject !== "string") base.subject = `${PREFIX[kind]}${original.subject}`;
  const quoted = quotedOriginal(original);
  const lead = body?.content ?? comment ?? "";
  base.body = { contentType: "html", content: `<html><body><div>${lead}</div>${quoted}</body></html>` };
  base.conversationId = original.conversationId;
  base.conversationIndex = Buffer.concat([Buffer.from(original.conversationIndex, "base64"), randomBytes(5)]).toString(
    "base64",
  );
  base.from = base.sender = { emailAddress: { name: owner.displayName, address: owner.mail } };
  if (kind === "forward") base.attachments = [...original.attachments.map((a) => ({ ...a })), ...base.attachments];
  return base;
}

/**
 * A reply or forward written as base64 MIME: the MIME message's own subject, body, recipients and
 * attachments, in the conversation of the original; what the MIME leaves out is filled in as for JSON.
 */
async function mimeResponse(
  ctx: RouteContext,
  kind: Kind,
  owner: SeedUser,
  original: StoredMessage,
  folderId: string,
): Promise<NewMessage> {
  const base = responseDraft(ctx, kind, owner, original, folderId, {});
  const mime = await mimeMessage(ctx, owner, folderId, true);
  return {
    ...base,
    subject: mime.subject || base.subject,
    body: mime.body.content ? mime.body : base.body,
    toRecipients: mime.toRecipients.length ? mime.toRecipients : base.toRecipients,
    ccRecipients: mime.ccRecipients.length ? mime.ccRecipients : base.ccRecipients,
    bccRecipients: mime.bccRecipients,
    attachments: [...(kind === "forward" ? base.attachments : []), ...mime.attachments],
  };
}

function respond(kind: Kind, sendNow: boolean) {
  return async (ctx: RouteContext) => {
    const { user, mailbox } = mailboxOf(ctx, sendNow ? "send" : "write");
    const original = findMessage(ctx, mailbox);
    const action = sendNow ? kind : `create${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
    const drafts = ctx.store.folderByWellKnown(mailbox, "drafts").id;
    const draft = isMimeBody(ctx)
      ? await mimeResponse(ctx, kind, user, original, drafts)
      : responseDraft(
          ctx,
          kind,
          user,
          original,
          drafts,
          readActionParameters(ctx, "microsoft.graph.message", action, { required: false }),
        );
    if (sendNow) {
      if (kind === "forward" && draft.toRecipients.length === 0) {
        throw new GraphError(
          400,
          "ErrorInvalidRecipients",
          "At least one recipient is not valid., A message can't be sent because it contains no recipients.",
        );
      }
      submit(ctx, user, draft, true);
      sendEmpty(ctx.res, 202);
      return;
    }
    const stored = ctx.store.putMessage(mailbox, draft);
    const json = messageJson(stored, bodyPreference(ctx));
    sendEntity(ctx, 201, `${contextPath(ctx, "messages")}/$entity`, stripSelectOnly(json, undefined));
  };
}

function moveOrCopy(action: "move" | "copy") {
  return (ctx: RouteContext) => {
    const { mailbox } = mailboxOf(ctx, "write");
    const m = findMessage(ctx, mailbox);
    const pref = bodyPreference(ctx);
    const params = readActionParameters(ctx, "microsoft.graph.message", action);
    if (typeof params.destinationId !== "string" || !params.destinationId)
      throw badRequest("The parameter 'DestinationId' is required.", "ErrorInvalidRequest");
    const target = ctx.store.findFolder(mailbox, params.destinationId);
    if (!target) throw notFound();
    let result: StoredMessage;
    if (action === "move") result = moveMessage(ctx, mailbox, m, target.id);
    else {
      const { id: _id, seq: _seq, changeKey: _ck, createdSeq: _cs, ...rest } = m;
      result = ctx.store.putMessage(mailbox, {
        ...rest,
        immutableId: undefined,
        folderId: target.id,
        attachments: m.attachments.map((a) => ({ ...a })),
        createdDateTime: ctx.clock.iso(),
        lastModifiedDateTime: ctx.clock.iso(),
      });
    }
    const json = {
      "@odata.type": "#microsoft.graph.message",
      ...stripSelectOnly(messageJson(result, pref), undefined),
    };
    sendEntity(ctx, 201, `${contextPath(ctx, "messages")}/$entity`, json);
  };
}

export function registerMailActionRoutes(router: Router): void {
  for (const item of MESSAGE_ITEMS) {
    for (const kind of ["reply", "replyAll", "forward"] as Kind[]) {
      router.add("graph", "POST", `${item}/${kind}`, respond(kind, true));
      router.add(
        "graph",
        "POST",
        `${item}/create${kind.charAt(0).toUpperCase()}${kind.slice(1)}`,
        respond(kind, false),
      );
    }
    router.add("graph", "POST", `${item}/move`, moveOrCopy("move"));
    router.add("graph", "POST", `${item}/copy`, moveOrCopy("copy"));
  }
}
