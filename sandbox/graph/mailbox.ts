import { GraphError, badRequest, notFound, sendEmpty, sendJson } from "../http";
import { itemId } from "../ids";
import { checkSettingsAccess } from "../permissions";
import type { RouteContext, Router } from "../router";
import type { InferenceOverride, Mailbox, SeedUser } from "../store";
import { mailboxOf, odataContext, readActionParameters, readJson, sendEntity, targetUser } from "./common";

/** Mailbox-wide settings: mailboxSettings (with automatic replies), Focused Inbox overrides, and MailTips. */

/** The mailbox whose settings (categories and rules too) a request works on, after the MailboxSettings checks. */
export function settingsMailbox(ctx: RouteContext, write: boolean): Mailbox {
  const user = targetUser(ctx, "mail");
  const mailbox = ctx.store.mailboxes.get(user.id);
  if (!mailbox)
    throw new GraphError(
      404,
      "MailboxNotEnabledForRESTAPI",
      "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    );
  checkSettingsAccess(ctx.principal!, user, write);
  return mailbox;
}

/** Settings Graph lets a PATCH change (userPurpose and archiveFolder are the server's). */
const WRITABLE_SETTINGS = [
  "automaticRepliesSetting",
  "timeZone",
  "language",
  "workingHours",
  "dateFormat",
  "timeFormat",
  "delegateMeetingMessageDeliveryOptions",
];

function mergeSettings(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("@odata")) continue;
    const current = target[k];
    if (v && typeof v === "object" && !Array.isArray(v) && current && typeof current === "object")
      mergeSettings(current as Record<string, unknown>, v as Record<string, unknown>);
    else target[k] = v;
  }
}

function overrideJson(o: InferenceOverride): Record<string, unknown> {
  return {
    id: o.id,
    classifyAs: o.classifyAs,
    senderEmailAddress: {
      name: o.senderEmailAddress.name ?? o.senderEmailAddress.address,
      address: o.senderEmailAddress.address,
    },
  };
}

function findOverride(ctx: RouteContext, mb: Mailbox): InferenceOverride {
  const o = [...mb.overrides.values()].find((x) => x.id === ctx.params["override-id"]);
  if (!o) throw notFound();
  return o;
}

const settingsContext = (ctx: RouteContext) =>
  odataContext(ctx, `users('${encodeURIComponent(ctx.params["user-id"])}')/mailboxSettings`);

const overridesContext = (ctx: RouteContext) =>
  `users('${encodeURIComponent(ctx.params["user-id"])}')/inferenceClassification/overrides`;

function getSettings(ctx: RouteContext): void {
  const mailbox = settingsMailbox(ctx, false);
  sendJson(ctx.res, 200, { "@odata.context": settingsContext(ctx), ...mailbox.settings });
}

/** A schedule for automatic replies must end after it starts. */
function checkReplySchedule(mailbox: Mailbox, replies: { status?: string } | undefined): void {
  if (replies?.status !== "scheduled") return;
  const merged = { ...(mailbox.settings.automaticRepliesSetting as object), ...replies } as {
    scheduledStartDateTime?: { dateTime?: string };
    scheduledEndDateTime?: { dateTime?: string };
  };
  const start = Date.parse(merged.scheduledStartDateTime?.dateTime ?? "");
  const end = Date.parse(merged.scheduledEndDateTime?.dateTime ?? "");
  if (!(start < end)) {
    throw badRequest(
      "The scheduled end time of automatic replies must be after the start time.",
      "ErrorInvalidParameter",
    );
  }
}

function updateSettings(ctx: RouteContext): void {
  const mailbox = settingsMailbox(ctx, true);
  const patch = readJson(ctx, "microsoft.graph.mailboxSettings");
  for (const key of Object.keys(patch)) {
    if (!key.startsWith("@odata") && !WRITABLE_SETTINGS.includes(key))
      throw badRequest(`The property '${key}' of mailboxSettings cannot be updated.`, "ErrorInvalidPropertySet");
  }
  const replies = patch.automaticRepliesSetting as { status?: string } | undefined;
  checkReplySchedule(mailbox, replies);
  mergeSettings(mailbox.settings, patch);
  if (replies) mailbox.autoRepliedTo.clear();
  sendJson(ctx.res, 200, { "@odata.context": settingsContext(ctx), ...mailbox.settings });
}

function listOverrides(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "read");
  sendJson(ctx.res, 200, {
    "@odata.context": odataContext(ctx, overridesContext(ctx)),
    value: [...mailbox.overrides.values()].map(overrideJson),
  });
}

function checkClassifyAs(value: unknown): asserts value is "focused" | "other" {
  if (value !== "focused" && value !== "other")
    throw badRequest("classifyAs must be 'focused' or 'other'.", "ErrorInvalidRequest");
}

function createOverride(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "write");
  const body = readJson(ctx, "microsoft.graph.inferenceClassificationOverride");
  const sender = body.senderEmailAddress as { address?: string; name?: string } | undefined;
  const address = sender?.address;
  if (!address) throw badRequest("senderEmailAddress.address is required.", "ErrorInvalidRequest");
  checkClassifyAs(body.classifyAs);
  // One override per sender: creating another for the same sender updates it, as Exchange does.
  const key = address.toLowerCase();
  const o: InferenceOverride = {
    id: mailbox.overrides.get(key)?.id ?? itemId(),
    classifyAs: body.classifyAs,
    senderEmailAddress: { name: sender?.name, address },
  };
  mailbox.overrides.set(key, o);
  sendEntity(ctx, 201, `${overridesContext(ctx)}/$entity`, overrideJson(o));
}

function updateOverride(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "write");
  const o = findOverride(ctx, mailbox);
  const body = readJson(ctx, "microsoft.graph.inferenceClassificationOverride");
  for (const key of Object.keys(body))
    if (key !== "classifyAs")
      throw badRequest(`Only classifyAs can be updated on an override.`, "ErrorInvalidPropertySet");
  checkClassifyAs(body.classifyAs);
  o.classifyAs = body.classifyAs;
  sendEntity(ctx, 200, `${overridesContext(ctx)}/$entity`, overrideJson(o));
}

function deleteOverride(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "write");
  const o = findOverride(ctx, mailbox);
  mailbox.overrides.delete(o.senderEmailAddress.address.toLowerCase());
  sendEmpty(ctx.res, 204);
}

type AutomaticReplies = { status: string; internalReplyMessage: string; externalReplyMessage: string };

/** One recipient's MailTips, limited to the kinds asked for. */
function mailTip(ctx: RouteContext, sender: SeedUser, address: string, wanted: Set<string>): Record<string, unknown> {
  const recipient = ctx.store.findByAddress(address);
  const mb = recipient ? ctx.store.mailboxes.get(recipient.id) : undefined;
  const tip: Record<string, unknown> = { emailAddress: { name: recipient?.displayName ?? address, address } };
  const replies = mb?.settings.automaticRepliesSetting as AutomaticReplies | undefined;
  const internal = recipient?.tenantId === sender.tenantId;
  const replying = replies && replies.status !== "disabled";
  const message = replying ? (internal ? replies.internalReplyMessage : replies.externalReplyMessage) : "";
  if (wanted.has("automaticReplies")) tip.automaticReplies = { message };
  if (wanted.has("mailboxFullStatus")) tip.mailboxFull = false;
  if (wanted.has("customMailTip")) tip.customMailTip = "";
  if (wanted.has("externalMemberCount")) tip.externalMemberCount = 0;
  if (wanted.has("totalMemberCount")) tip.totalMemberCount = 1;
  if (wanted.has("maxMessageSize"))
    tip.maxMessageSize = ctx.store.tenantMaxMessageBytes(recipient?.tenantId ?? sender.tenantId);
  if (wanted.has("deliveryRestriction")) tip.deliveryRestricted = false;
  if (wanted.has("moderationStatus")) tip.isModerated = false;
  if (wanted.has("recipientScope")) tip.recipientScope = recipient ? (internal ? "internal" : "external") : "external";
  if (wanted.has("recipientSuggestions")) tip.recipientSuggestions = [];
  if (!recipient && wanted.has("mailboxFullStatus"))
    tip.error = {
      code: "UnknownError",
      message: "The recipient is outside this organisation; its mailbox status is unknown.",
    };
  return tip;
}

function getMailTips(ctx: RouteContext): void {
  const { user } = mailboxOf(ctx, "read");
  const params = readActionParameters(ctx, "microsoft.graph.user", "getMailTips");
  const addresses = params.emailAddresses as string[] | undefined;
  if (!addresses?.length) throw badRequest("EmailAddresses must name at least one recipient.", "ErrorInvalidRequest");
  if (addresses.length > 100)
    throw badRequest("MailTips take at most 100 recipients per request.", "ErrorInvalidRequest");
  const wanted = new Set(
    String(params.mailTipsOptions ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const value = addresses.map((address) => mailTip(ctx, user, address, wanted));
  sendJson(ctx.res, 200, { "@odata.context": odataContext(ctx, "Collection(microsoft.graph.mailTips)"), value });
}

/** The settings Graph serves as resources of their own (`/mailboxSettings/automaticRepliesSetting`, ...). */
const SUB_SETTINGS: [string, string][] = [
  ["automaticRepliesSetting", "microsoft.graph.automaticRepliesSetting"],
  ["workingHours", "microsoft.graph.workingHours"],
  ["language", "microsoft.graph.localeInfo"],
];

function subSetting(name: string, type: string) {
  const context = (ctx: RouteContext) =>
    odataContext(ctx, `users('${encodeURIComponent(ctx.params["user-id"])}')/mailboxSettings/${name}`);
  return {
    get: (ctx: RouteContext) => {
      const mailbox = settingsMailbox(ctx, false);
      sendJson(ctx.res, 200, { "@odata.context": context(ctx), ...(mailbox.settings[name] as object) });
    },
    patch: (ctx: RouteContext) => {
      const mailbox = settingsMailbox(ctx, true);
      const patch = readJson(ctx, type);
      if (name === "automaticRepliesSetting") {
        checkReplySchedule(mailbox, patch as { status?: string });
        mailbox.autoRepliedTo.clear();
      }
      mergeSettings(mailbox.settings, { [name]: patch });
      sendJson(ctx.res, 200, { "@odata.context": context(ctx), ...(mailbox.settings[name] as object) });
    },
  };
}

export function registerMailboxRoutes(router: Router): void {
  router.add("graph", "GET", "/users/{user-id}/mailboxSettings", getSettings);
  router.add("graph", "PATCH", "/users/{user-id}/mailboxSettings", updateSettings);
  for (const [name, type] of SUB_SETTINGS) {
    const handlers = subSetting(name, type);
    router.add("graph", "GET", `/users/{user-id}/mailboxSettings/${name}`, handlers.get);
    router.add("graph", "PATCH", `/users/{user-id}/mailboxSettings/${name}`, handlers.patch);
  }
  const overrides = "/users/{user-id}/inferenceClassification/overrides";
  router.add("graph", "GET", overrides, listOverrides);
  router.add("graph", "POST", overrides, createOverride);
  router.add("graph", "PATCH", `${overrides}/{override-id}`, updateOverride);
  router.add("graph", "DELETE", `${overrides}/{override-id}`, deleteOverride);
  router.add("graph", "POST", "/users/{user-id}/getMailTips", getMailTips);
}
