import { GraphError, accessDenied, badRequest, notFound, sendEmpty, sendJson } from "../http";
import { itemId } from "../ids";
import type { RouteContext, Router } from "../router";
import type { InferenceOverride, Mailbox, SeedUser } from "../store";
import { mailboxOf, odataContext, readActionParameters, readJson, sendEntity, targetUser } from "./common";

/** Mailbox-wide settings: mailboxSettings (with automatic replies), Focused Inbox overrides, and MailTips. */

const SETTINGS_APP = ["MailboxSettings.Read", "MailboxSettings.ReadWrite"];

function settingsMailbox(ctx: RouteContext, write: boolean): { user: SeedUser; mailbox: Mailbox } {
  const user = targetUser(ctx, "mail");
  const mailbox = ctx.store.mailboxes.get(user.id);
  if (!mailbox)
    throw new GraphError(
      404,
      "MailboxNotEnabledForRESTAPI",
      "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    );
  const p = ctx.principal!;
  const held = p.kind === "app" ? p.roles : p.scopes;
  const needed = write ? ["MailboxSettings.ReadWrite"] : SETTINGS_APP;
  if (!needed.some((n) => held.includes(n)) || (p.kind === "user" && p.userId !== user.id)) throw accessDenied();
  return { user, mailbox };
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

export function registerMailboxRoutes(router: Router): void {
  router.add("graph", "GET", "/users/{user-id}/mailboxSettings", (ctx) => {
    const { mailbox } = settingsMailbox(ctx, false);
    sendJson(ctx.res, 200, {
      "@odata.context": odataContext(ctx, `users('${encodeURIComponent(ctx.params["user-id"])}')/mailboxSettings`),
      ...mailbox.settings,
    });
  });
  router.add("graph", "PATCH", "/users/{user-id}/mailboxSettings", (ctx) => {
    const { mailbox } = settingsMailbox(ctx, true);
    const patch = readJson(ctx, "microsoft.graph.mailboxSettings");
    for (const key of Object.keys(patch)) {
      if (!key.startsWith("@odata") && !WRITABLE_SETTINGS.includes(key))
        throw badRequest(`The property '${key}' of mailboxSettings cannot be updated.`, "ErrorInvalidPropertySet");
    }
    const replies = patch.automaticRepliesSetting as
      { status?: string; scheduledStartDateTime?: unknown; scheduledEndDateTime?: unknown } | undefined;
    if (replies?.status === "scheduled") {
      const merged = { ...(mailbox.settings.automaticRepliesSetting as object), ...replies } as {
        scheduledStartDateTime?: { dateTime?: string };
        scheduledEndDateTime?: { dateTime?: string };
      };
      if (
        !(
          Date.parse(merged.scheduledStartDateTime?.dateTime ?? "") <
          Date.parse(merged.scheduledEndDateTime?.dateTime ?? "")
        )
      ) {
        throw badRequest(
          "The scheduled end time of automatic replies must be after the start time.",
          "ErrorInvalidParameter",
        );
      }
    }
    mergeSettings(mailbox.settings, patch);
    if (replies) mailbox.autoRepliedTo.clear();
    sendJson(ctx.res, 200, {
      "@odata.context": odataContext(ctx, `users('${encodeURIComponent(ctx.params["user-id"])}')/mailboxSettings`),
      ...mailbox.settings,
    });
  });

  const overrides = "/users/{user-id}/inferenceClassification/overrides";
  router.add("graph", "GET", overrides, (ctx) => {
    const { mailbox } = mailboxOf(ctx, "read");
    sendJson(ctx.res, 200, {
      "@odata.context": odataContext(
        ctx,
        `users('${encodeURIComponent(ctx.params["user-id"])}')/inferenceClassification/overrides`,
      ),
      value: [...mailbox.overrides.values()].map(overrideJson),
    });
  });
  router.add("graph", "POST", overrides, (ctx) => {
    const { mailbox } = mailboxOf(ctx, "write");
    const body = readJson(ctx, "microsoft.graph.inferenceClassificationOverride");
    const address = (body.senderEmailAddress as { address?: string; name?: string } | undefined)?.address;
    if (!address) throw badRequest("senderEmailAddress.address is required.", "ErrorInvalidRequest");
    if (body.classifyAs !== "focused" && body.classifyAs !== "other")
      throw badRequest("classifyAs must be 'focused' or 'other'.", "ErrorInvalidRequest");
    // One override per sender: creating another for the same sender updates it, as Exchange does.
    const key = address.toLowerCase();
    const existing = mailbox.overrides.get(key);
    const o: InferenceOverride = {
      id: existing?.id ?? itemId(),
      classifyAs: body.classifyAs,
      senderEmailAddress: { name: (body.senderEmailAddress as { name?: string }).name, address },
    };
    mailbox.overrides.set(key, o);
    sendEntity(
      ctx,
      201,
      `users('${encodeURIComponent(ctx.params["user-id"])}')/inferenceClassification/overrides/$entity`,
      overrideJson(o),
    );
  });
  router.add("graph", "PATCH", `${overrides}/{override-id}`, (ctx) => {
    const { mailbox } = mailboxOf(ctx, "write");
    const o = findOverride(ctx, mailbox);
    const body = readJson(ctx, "microsoft.graph.inferenceClassificationOverride");
    for (const key of Object.keys(body))
      if (key !== "classifyAs")
        throw badRequest(`Only classifyAs can be updated on an override.`, "ErrorInvalidPropertySet");
    if (body.classifyAs !== "focused" && body.classifyAs !== "other")
      throw badRequest("classifyAs must be 'focused' or 'other'.", "ErrorInvalidRequest");
    o.classifyAs = body.classifyAs;
    sendEntity(
      ctx,
      200,
      `users('${encodeURIComponent(ctx.params["user-id"])}')/inferenceClassification/overrides/$entity`,
      overrideJson(o),
    );
  });
  router.add("graph", "DELETE", `${overrides}/{override-id}`, (ctx) => {
    const { mailbox } = mailboxOf(ctx, "write");
    const o = findOverride(ctx, mailbox);
    mailbox.overrides.delete(o.senderEmailAddress.address.toLowerCase());
    sendEmpty(ctx.res, 204);
  });

  router.add("graph", "POST", "/users/{user-id}/getMailTips", (ctx) => {
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
    const value = addresses.map((address) => {
      const recipient = ctx.store.findByAddress(address);
      const mb = recipient ? ctx.store.mailboxes.get(recipient.id) : undefined;
      const tip: Record<string, unknown> = { emailAddress: { name: recipient?.displayName ?? address, address } };
      const replies = mb?.settings.automaticRepliesSetting as
        { status: string; internalReplyMessage: string; externalReplyMessage: string } | undefined;
      const internal = recipient?.tenantId === user.tenantId;
      if (wanted.has("automaticReplies"))
        tip.automaticReplies = {
          message:
            replies && replies.status !== "disabled"
              ? internal
                ? replies.internalReplyMessage
                : replies.externalReplyMessage
              : "",
        };
      if (wanted.has("mailboxFullStatus")) tip.mailboxFull = false;
      if (wanted.has("customMailTip")) tip.customMailTip = "";
      if (wanted.has("externalMemberCount")) tip.externalMemberCount = 0;
      if (wanted.has("totalMemberCount")) tip.totalMemberCount = 1;
      if (wanted.has("maxMessageSize"))
        tip.maxMessageSize = ctx.store.tenantMaxMessageBytes(recipient?.tenantId ?? user.tenantId);
      if (wanted.has("deliveryRestriction")) tip.deliveryRestricted = false;
      if (wanted.has("moderationStatus")) tip.isModerated = false;
      if (wanted.has("recipientScope"))
        tip.recipientScope = recipient ? (internal ? "internal" : "external") : "external";
      if (wanted.has("recipientSuggestions")) tip.recipientSuggestions = [];
      if (!recipient && wanted.has("mailboxFullStatus"))
        tip.error = {
          code: "UnknownError",
          message: "The recipient is outside this organisation; its mailbox status is unknown.",
        };
      return tip;
    });
    sendJson(ctx.res, 200, { "@odata.context": odataContext(ctx, "Collection(microsoft.graph.mailTips)"), value });
  });
}
