import { badRequest, notFound, sendEmpty, sendJson } from "../http";
import { guid } from "../ids";
import type { RouteContext, Router } from "../router";
import type { Mailbox, Recipient, SeedUser, StoredMessage, StoredRule } from "../store";
import { settingsMailbox } from "./mailbox";
import { odataContext, readJson, sendEntity } from "./common";
import { deliver, messageFrom, moveMessage } from "./messages";

/**
 * Inbox rules (`mailFolders/inbox/messageRules`), kept in sequence order and applied to mail as it
 * arrives: every condition given must hold, no exception may; then the actions run (mark read, set
 * importance, categorise, forward, redirect, copy, move, delete), and `stopProcessingRules` ends the
 * run. Mail a rule forwarded is not run through rules again (Exchange's loop guard).
 */

const RULE = "microsoft.graph.messageRule";
const LOOP_HEADER = "X-MS-Exchange-Inbox-Rules-Loop";

function ruleJson(r: StoredRule): Record<string, unknown> {
  return {
    id: r.id,
    displayName: r.displayName,
    sequence: r.sequence,
    isEnabled: r.isEnabled,
    hasError: false,
    isReadOnly: false,
    conditions: r.conditions,
    actions: r.actions,
    ...(Object.keys(r.exceptions).length ? { exceptions: r.exceptions } : {}),
  };
}

const rulesPath = (ctx: RouteContext) =>
  `users('${encodeURIComponent(ctx.params["user-id"])}')/mailFolders('inbox')/messageRules`;

/** Rules live on the Inbox only. */
function inboxRules(ctx: RouteContext, write: boolean): Mailbox {
  const mb = settingsMailbox(ctx, write);
  const folder = ctx.store.findFolder(mb, ctx.params["mailFolder-id"]);
  if (!folder) throw notFound();
  if (folder.id !== mb.wellKnown.get("inbox"))
    throw badRequest("Message rules can only be managed on the Inbox folder.", "ErrorInvalidRequest");
  return mb;
}

function findRule(ctx: RouteContext, mb: Mailbox): StoredRule {
  const r = mb.rules.find((x) => x.id === ctx.params["messageRule-id"]);
  if (!r) throw notFound();
  return r;
}

/**
 * A rule's writable properties from a create or update body. Conditions, actions and exceptions are complex values:
 * one given in a PATCH replaces the whole group (OData 4.0 replaces complex values; clients that keep predicates they
 * did not change send the group whole, community), and null clears it.
 */
function applyBody(r: StoredRule, body: Record<string, unknown>): void {
  if (typeof body.displayName === "string") r.displayName = body.displayName;
  if (typeof body.sequence === "number") r.sequence = body.sequence;
  if (typeof body.isEnabled === "boolean") r.isEnabled = body.isEnabled;
  for (const key of ["conditions", "actions", "exceptions"] as const) {
    const v = body[key];
    if (v === null) r[key] = {};
    else if (v && typeof v === "object") r[key] = withoutNulls(v as Record<string, unknown>);
  }
}

/** A predicate or action set to null is not set (Graph answers with the ones that hold a value). */
const withoutNulls = (group: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(group).filter(([, value]) => value !== null && value !== undefined));

function createRule(ctx: RouteContext): void {
  const mb = inboxRules(ctx, true);
  const body = readJson(ctx, RULE);
  if (typeof body.displayName !== "string" || !body.displayName.trim())
    throw badRequest("A rule needs a displayName.", "ErrorInvalidRequest");
  const rule: StoredRule = {
    id: guid(),
    displayName: "",
    sequence: mb.rules.length + 1,
    isEnabled: true,
    conditions: {},
    actions: {},
    exceptions: {},
  };
  applyBody(rule, body);
  mb.rules.push(rule);
  sendEntity(ctx, 201, `${rulesPath(ctx)}/$entity`, ruleJson(rule));
}

export function registerMessageRuleRoutes(router: Router): void {
  const list = "/users/{user-id}/mailFolders/{mailFolder-id}/messageRules";
  const one = `${list}/{messageRule-id}`;
  router.add("graph", "GET", list, (ctx) => {
    const rules = [...inboxRules(ctx, false).rules].sort((a, b) => a.sequence - b.sequence);
    sendJson(ctx.res, 200, { "@odata.context": odataContext(ctx, rulesPath(ctx)), value: rules.map(ruleJson) });
  });
  router.add("graph", "POST", list, createRule);
  router.add("graph", "GET", one, (ctx) => {
    sendEntity(ctx, 200, `${rulesPath(ctx)}/$entity`, ruleJson(findRule(ctx, inboxRules(ctx, false))));
  });
  router.add("graph", "PATCH", one, (ctx) => {
    const r = findRule(ctx, inboxRules(ctx, true));
    applyBody(r, readJson(ctx, RULE));
    sendEntity(ctx, 200, `${rulesPath(ctx)}/$entity`, ruleJson(r));
  });
  router.add("graph", "DELETE", one, (ctx) => {
    const mb = inboxRules(ctx, true);
    const r = findRule(ctx, mb);
    mb.rules = mb.rules.filter((x) => x !== r);
    sendEmpty(ctx.res, 204);
  });
}

// ------------------------------------------------------------------------------------------------
// Applying rules to arriving mail.

const lower = (v: unknown) => String(v ?? "").toLowerCase();
const anyIn = (needles: unknown, haystacks: string[]) =>
  (needles as string[]).some((n) => haystacks.some((h) => lower(h).includes(lower(n))));
const addresses = (list: Recipient[]) => list.map((r) => r.emailAddress.address.toLowerCase());

/** A message's sensitivity, from its Sensitivity header (RFC 2156): normal when it has none. */
function sensitivityOf(m: StoredMessage): string {
  const header = m.internetMessageHeaders.find((h) => lower(h.name) === "sensitivity");
  const value = lower(header?.value).trim();
  return value === "company-confidential" ? "confidential" : ["personal", "private"].includes(value) ? value : "normal";
}

/**
 * Each predicate Graph defines for conditions and exceptions, on one arrived message; undefined for the few the
 * sandbox cannot tell (signed, encrypted, voicemail...), which then never hold: a rule that needs one does not run,
 * rather than running on all mail.
 */
function predicate(name: string, value: unknown, m: StoredMessage, owner: SeedUser): boolean | undefined {
  const me = owner.mail.toLowerCase();
  const to = addresses(m.toRecipients);
  const cc = addresses(m.ccRecipients);
  const sender = m.from ? [m.from.emailAddress.address, m.from.emailAddress.name ?? ""] : [];
  const headers = m.internetMessageHeaders.map((h) => `${h.name}: ${h.value}`);
  const checks: Record<string, () => boolean> = {
    subjectContains: () => anyIn(value, [m.subject]),
    bodyContains: () => anyIn(value, [m.body.content]),
    bodyOrSubjectContains: () => anyIn(value, [m.subject, m.body.content]),
    senderContains: () => anyIn(value, sender),
    recipientContains: () =>
      anyIn(
        value,
        [...m.toRecipients, ...m.ccRecipients].map((r) => r.emailAddress.address),
      ),
    headerContains: () => anyIn(value, headers),
    fromAddresses: () => addresses(value as Recipient[]).includes(lower(m.from?.emailAddress.address)),
    sentToAddresses: () => addresses(value as Recipient[]).some((a) => to.includes(a) || cc.includes(a)),
    sentToMe: () => (value === true) === to.includes(me),
    sentCcMe: () => (value === true) === cc.includes(me),
    sentToOrCcMe: () => (value === true) === (to.includes(me) || cc.includes(me)),
    notSentToMe: () => (value === true) === !to.includes(me),
    sentOnlyToMe: () => (value === true) === (to.length === 1 && to[0] === me && cc.length === 0),
    hasAttachments: () => (value === true) === m.attachments.some((a) => !a.isInline),
    importance: () => lower(value) === m.importance,
    sensitivity: () => lower(value) === sensitivityOf(m),
    categories: () => (value as string[]).some((c) => m.categories.some((x) => lower(x) === lower(c))),
    isMeetingRequest: () => (value === true) === (m.eventMessage?.odataType === "eventMessageRequest"),
    isMeetingResponse: () => (value === true) === (m.eventMessage?.odataType === "eventMessageResponse"),
    isAutomaticReply: () =>
      (value === true) === m.internetMessageHeaders.some((h) => lower(h.name) === "auto-submitted"),
    withinSizeRange: () => {
      const { minimumSize = 0, maximumSize = Infinity } = value as { minimumSize?: number; maximumSize?: number };
      const kb = (Buffer.byteLength(m.body.content) + m.attachments.reduce((n, a) => n + a.size, 0)) / 1024;
      return kb >= minimumSize && kb <= maximumSize;
    },
  };
  return checks[name]?.();
}

function holds(set: Record<string, unknown>, m: StoredMessage, owner: SeedUser, mode: "all" | "any"): boolean {
  const results = Object.entries(set)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => predicate(k, v, m, owner) ?? false);
  if (!results.length) return mode === "all";
  return mode === "all" ? results.every(Boolean) : results.some(Boolean);
}

/** Forwards (as a new message with FW:) or redirects (the original as it came) to the given recipients. */
function passOn(ctx: RouteContext, owner: SeedUser, m: StoredMessage, to: Recipient[], redirect: boolean): void {
  const base = messageFrom(
    ctx,
    {
      subject: redirect ? m.subject : `FW: ${m.subject}`,
      body: m.body,
      toRecipients: to,
      internetMessageHeaders: [{ name: LOOP_HEADER, value: owner.mail }],
    },
    owner,
    "",
    false,
  );
  base.attachments = m.attachments.map((a) => ({ ...a }));
  deliver(ctx, owner, base, false);
}

/** Runs one rule's actions; returns the message as it is now (a move gives it a new id), or undefined once deleted. */
function runActions(
  ctx: RouteContext,
  owner: SeedUser,
  mb: Mailbox,
  m: StoredMessage,
  actions: Record<string, unknown>,
): StoredMessage | undefined {
  if (actions.markAsRead === true) m.isRead = true;
  if (typeof actions.markImportance === "string") m.importance = actions.markImportance as StoredMessage["importance"];
  if (Array.isArray(actions.assignCategories))
    m.categories = [...new Set([...m.categories, ...(actions.assignCategories as string[])])];
  for (const key of ["forwardTo", "forwardAsAttachmentTo", "redirectTo"])
    if (Array.isArray(actions[key]) && (actions[key] as unknown[]).length)
      passOn(ctx, owner, m, actions[key] as Recipient[], key === "redirectTo");
  if (typeof actions.copyToFolder === "string") {
    const target = ctx.store.findFolder(mb, actions.copyToFolder);
    const { id: _id, seq: _s, changeKey: _c, createdSeq: _cs, ...rest } = m;
    if (target) ctx.store.putMessage(mb, { ...rest, immutableId: undefined, folderId: target.id });
  }
  if (actions.permanentDelete === true) {
    ctx.store.removeMessage(mb, m);
    return undefined;
  }
  const destination = actions.delete === true ? "deleteditems" : (actions.moveToFolder as string | undefined);
  const target = destination ? ctx.store.findFolder(mb, destination) : undefined;
  return target && target.id !== m.folderId ? moveMessage(ctx, mb, m, target.id) : m;
}

/** Runs the mailbox's enabled Inbox rules, in sequence order, on a message that just arrived. */
export function applyRules(ctx: RouteContext, owner: SeedUser, mb: Mailbox, arrived: StoredMessage): void {
  if (arrived.internetMessageHeaders.some((h) => h.name === LOOP_HEADER)) return;
  let m: StoredMessage | undefined = arrived;
  for (const rule of [...mb.rules].sort((a, b) => a.sequence - b.sequence)) {
    if (!m) return;
    if (!rule.isEnabled || !holds(rule.conditions, m, owner, "all")) continue;
    if (Object.keys(rule.exceptions).length && holds(rule.exceptions, m, owner, "any")) continue;
    m = runActions(ctx, owner, mb, m, rule.actions);
    if (m && mb.messages.has(m.id)) ctx.store.touchMessage(mb, m);
    if (rule.actions.stopProcessingRules === true) return;
  }
}
