import { badRequest, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import type { Mailbox, MailFolder } from "../store";
import { mailboxOf, odataContext, readActionParameters } from "./common";
import { answerDelta, roundOf, type DeltaSource } from "./deltaRounds";
import { findByImmutableId } from "./messages";
import { folderJson } from "./serialize";

/** Delta over a mailbox's folder tree, and translateExchangeIds between Outlook's id formats. */

/** Every folder under the mailbox's folder tree (msgfolderroot), nested ones included. */
function treeFolders(mb: Mailbox): MailFolder[] {
  const root = mb.wellKnown.get("msgfolderroot")!;
  const out: MailFolder[] = [];
  const walk = (parent: string) => {
    for (const f of mb.folders.values())
      if (f.parentFolderId === parent) {
        out.push(f);
        walk(f.id);
      }
  };
  walk(root);
  return out;
}

function mailFolderDelta(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "read");
  const source: DeltaSource = {
    scope: `${mailbox.userId}|mailFolders`,
    odataType: "#microsoft.graph.mailFolder",
    context: "Collection(mailFolder)",
    items: () => treeFolders(mailbox).map((f) => ({ id: f.id, seq: f.seq, json: folderJson(mailbox, f) })),
    removed: () => mailbox.removals.filter((r) => r.kind === "mailFolder"),
  };
  answerDelta(ctx, mailbox, source, roundOf(ctx, mailbox, source.scope));
}

type IdFormat = "entryId" | "ewsId" | "immutableEntryId" | "restId" | "restImmutableEntryId";

/** The item an id names in a format: [rest id, immutable id], or undefined when it names none. */
function resolveId(mb: Mailbox, id: string, format: IdFormat): [string, string] | undefined {
  const unwrap = (prefix: string) => {
    const text = Buffer.from(id, "base64url").toString("utf8");
    return text.startsWith(prefix) ? text.slice(prefix.length) : undefined;
  };
  const rest =
    format === "restId"
      ? id
      : format === "ewsId"
        ? id.replace(/\//g, "-").replace(/\+/g, "_")
        : format === "entryId"
          ? unwrap("EID:")
          : undefined;
  const immutable =
    format === "restImmutableEntryId" ? id : format === "immutableEntryId" ? unwrap("IEID:") : undefined;
  const m = rest !== undefined ? mb.messages.get(rest) : immutable ? findByImmutableId(mb, immutable) : undefined;
  if (m) return [m.id, m.immutableId ?? m.id];
  for (const key of [rest, immutable]) {
    if (key && (mb.events.has(key) || mb.contacts.has(key))) return [key, key];
  }
  return undefined;
}

function formatId([rest, immutable]: [string, string], format: IdFormat): string {
  switch (format) {
    case "restId":
      return rest;
    case "restImmutableEntryId":
      return immutable;
    case "ewsId":
      return rest.replace(/-/g, "/").replace(/_/g, "+");
    case "entryId":
      return Buffer.from(`EID:${rest}`).toString("base64url");
    default:
      return Buffer.from(`IEID:${immutable}`).toString("base64url");
  }
}

function translateExchangeIds(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "read");
  const params = readActionParameters(ctx, "microsoft.graph.user", "translateExchangeIds");
  const ids = params.inputIds as string[] | undefined;
  if (!ids?.length) throw badRequest("InputIds must name at least one id.", "ErrorInvalidParameter");
  if (ids.length > 1000) throw badRequest("At most 1,000 ids can be translated at once.", "ErrorInvalidParameter");
  const source = (params.sourceIdType as IdFormat | undefined) ?? "restId";
  const target = params.targetIdType as IdFormat | undefined;
  if (!target) throw badRequest("TargetIdType is required.", "ErrorInvalidParameter");
  const value = ids.map((sourceId) => {
    const found = resolveId(mailbox, sourceId, source);
    if (!found)
      return {
        sourceId,
        errorDetails: { code: "ErrorInvalidIdMalformed", message: "The id is malformed or names no item." },
      };
    return { sourceId, targetId: formatId(found, target) };
  });
  sendJson(ctx.res, 200, { "@odata.context": odataContext(ctx, "Collection(microsoft.graph.convertIdResult)"), value });
}

export function registerMailExtraRoutes(router: Router): void {
  router.add("graph", "GET", "/users/{user-id}/mailFolders/delta", mailFolderDelta);
  router.add("graph", "POST", "/users/{user-id}/translateExchangeIds", translateExchangeIds);
}
