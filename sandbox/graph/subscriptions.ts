import { X509Certificate } from "node:crypto";
import { GraphError, accessDenied, badRequest, sendEmpty, sendJson } from "../http";
import { guid } from "../ids";
import type { Subscription } from "../notifier";
import { pathSegments, type RouteContext, type Router } from "../router";
import { mailboxOf, odataContext, readJson, sendEntity, wantsImmutableIds } from "./common";

/**
 * Graph's subscriptions for Outlook messages and events: created only after the notification
 * (and lifecycle) URL passes the validation handshake, limited to Graph's lifetimes (10,080
 * minutes; 1,440 with resource data), one per change type + resource + URL, renewed by PATCH,
 * reauthorized, deleted, and expiring on the sandbox's clock.
 */

const MAX_MINUTES = 10080;
const MAX_MINUTES_WITH_DATA = 1440;
const CHANGE_TYPES = ["created", "updated", "deleted"];

function subscriptionJson(s: Subscription): Record<string, unknown> {
  return {
    id: s.id,
    resource: s.resource,
    applicationId: s.applicationId,
    changeType: s.changeType,
    clientState: s.clientState,
    notificationUrl: s.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: s.lifecycleNotificationUrl,
    expirationDateTime: s.expirationDateTime,
    creatorId: s.creatorId,
    includeResourceData: s.includeResourceData,
    latestSupportedTlsVersion: "v1_2",
    encryptionCertificate: s.encryptionCertificate,
    encryptionCertificateId: s.encryptionCertificateId,
    notificationUrlAppId: null,
  };
}

/**
 * Resolves a subscription's resource ("me/mailFolders('inbox')/messages", "users/{id}/events", ...) and checks the
 * caller may read it.
 */
function resolveTarget(ctx: RouteContext, resource: string): Subscription["target"] {
  const segs = pathSegments(resource.replace(/^\/+/, "").replace(/^v1\.0\//i, ""));
  const p = ctx.principal!;
  let rest: string[];
  if (segs[0]?.toLowerCase() === "me") {
    if (p.kind === "app") throw badRequest("/me request is only valid with delegated authentication flow.");
    ctx.params["user-id"] = p.userId!;
    rest = segs.slice(1);
  } else if (segs[0]?.toLowerCase() === "users" && segs[1]) {
    ctx.params["user-id"] = segs[1];
    rest = segs.slice(2);
  } else
    throw badRequest(
      `Resource '${resource}' is not supported for subscriptions here: use me/... or users/{id}/... messages ` +
        "or events.",
      "InvalidRequest",
    );
  const names = rest.map((r) => r.toLowerCase());
  const unsupported = () =>
    badRequest(`Resource '${resource}' is not supported for subscriptions here.`, "InvalidRequest");
  if (names.length === 1 && names[0] === "messages") return { userId: mailboxOf(ctx, "read").user.id, kind: "message" };
  if (names.length === 3 && names[0] === "mailfolders" && names[2] === "messages") {
    const { user, mailbox } = mailboxOf(ctx, "read");
    const folder = ctx.store.findFolder(mailbox, rest[1]);
    if (!folder) throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    return { userId: user.id, kind: "message", containerId: folder.id };
  }
  if (names.length === 1 && names[0] === "events")
    return { userId: mailboxOf(ctx, "read", "calendar").user.id, kind: "event" };
  if (
    (names.length === 2 && names[0] === "calendar" && names[1] === "events") ||
    (names.length === 3 && names[0] === "calendars" && names[2] === "events")
  ) {
    const { user, mailbox } = mailboxOf(ctx, "read", "calendar");
    const calendar = names[0] === "calendar" ? ctx.store.defaultCalendar(mailbox) : mailbox.calendars.get(rest[1]);
    if (!calendar) throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    return { userId: user.id, kind: "event", containerId: calendar.id };
  }
  throw unsupported();
}

function expiration(ctx: RouteContext, value: unknown, includeResourceData: boolean): string {
  const at = typeof value === "string" ? Date.parse(value) : NaN;
  if (Number.isNaN(at))
    throw badRequest("expirationDateTime is required and must be a date and time.", "InvalidRequest");
  const now = ctx.clock.now();
  if (at <= now) throw badRequest("Subscription expiration must be in the future.", "InvalidRequest");
  const max = includeResourceData ? MAX_MINUTES_WITH_DATA : MAX_MINUTES;
  if (at > now + max * 60_000)
    throw badRequest(`Subscription expiration can only be ${max} minutes in the future.`, "InvalidRequest");
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, ".0000000Z");
}

function findOwn(ctx: RouteContext): Subscription {
  ctx.notifier.active();
  const s = ctx.notifier.subscriptions.get(ctx.params["subscription-id"]);
  if (!s || s.applicationId !== ctx.principal!.appId || s.tenantId !== ctx.principal!.tenantId) {
    throw new GraphError(404, "ResourceNotFound", `The object was not found.`);
  }
  return s;
}

function checkChangeType(changeType: string): void {
  if (!changeType || !changeType.split(",").every((t) => CHANGE_TYPES.includes(t.trim()))) {
    throw badRequest(
      `changeType must be created, updated, deleted or a comma-separated list of them (got '${changeType}').`,
      "InvalidRequest",
    );
  }
}

/** Notification URLs must be absolute https URLs. */
function checkNotificationUrls(urls: [name: string, url: string | null][]): void {
  for (const [name, url] of urls) {
    if (url === null) continue;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest(`${name} must be an absolute URL.`, "InvalidRequest");
    }
    if (parsed.protocol !== "https:") throw badRequest(`${name} must use https.`, "InvalidRequest");
  }
}

/** Rich notifications need the certificate to encrypt them with. */
function checkEncryption(body: Record<string, unknown>): void {
  if (typeof body.encryptionCertificate !== "string" || typeof body.encryptionCertificateId !== "string") {
    throw badRequest(
      "A subscription with includeResourceData needs encryptionCertificate and encryptionCertificateId.",
      "InvalidRequest",
    );
  }
  try {
    new X509Certificate(Buffer.from(body.encryptionCertificate, "base64"));
  } catch {
    throw badRequest("encryptionCertificate must be a base64-encoded X.509 certificate.", "InvalidRequest");
  }
}

/** Graph refuses a second subscription of the same app to the same resource, change type and URL (409). */
function checkDuplicate(ctx: RouteContext, resource: string, notificationUrl: string, changeType: string): void {
  const duplicate = ctx.notifier
    .active()
    .find(
      (s) =>
        s.applicationId === ctx.principal!.appId &&
        s.resource.toLowerCase() === resource.toLowerCase() &&
        s.notificationUrl === notificationUrl &&
        s.changeType === changeType,
    );
  if (duplicate)
    throw new GraphError(
      409,
      "Conflict",
      `A subscription for this resource, change type and notification URL already exists: ${duplicate.id}.`,
    );
}

/** The handshake: both URLs must echo a validation token before Graph keeps the subscription. */
async function validateEndpoints(ctx: RouteContext, urls: (string | null)[]): Promise<void> {
  for (const url of urls) {
    if (url && !(await ctx.notifier.validate(url))) {
      throw badRequest(
        "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation " +
          "request.",
        "InvalidRequest",
      );
    }
  }
}

async function createSubscription(ctx: RouteContext): Promise<void> {
  const body = readJson(ctx, "microsoft.graph.subscription");
  const p = ctx.principal!;
  const changeType = String(body.changeType ?? "");
  checkChangeType(changeType);
  const notificationUrl = String(body.notificationUrl ?? "");
  const lifecycleUrl = typeof body.lifecycleNotificationUrl === "string" ? body.lifecycleNotificationUrl : null;
  checkNotificationUrls([
    ["notificationUrl", notificationUrl],
    ["lifecycleNotificationUrl", lifecycleUrl],
  ]);
  const resource = String(body.resource ?? "");
  const target = resolveTarget(ctx, resource);
  const includeResourceData = body.includeResourceData === true;
  if (includeResourceData) checkEncryption(body);
  const expirationDateTime = expiration(ctx, body.expirationDateTime, includeResourceData);
  const clientState = typeof body.clientState === "string" ? body.clientState : null;
  if (clientState && clientState.length > 128)
    throw badRequest("clientState can be at most 128 characters.", "InvalidRequest");
  checkDuplicate(ctx, resource, notificationUrl, changeType);
  await validateEndpoints(ctx, [notificationUrl, lifecycleUrl]);
  const s: Subscription = {
    id: guid(),
    resource,
    applicationId: p.appId,
    tenantId: p.tenantId,
    changeType,
    clientState,
    notificationUrl,
    lifecycleNotificationUrl: lifecycleUrl,
    expirationDateTime,
    creatorId: p.userId ?? p.appId,
    includeResourceData,
    encryptionCertificate: includeResourceData ? String(body.encryptionCertificate) : null,
    encryptionCertificateId: includeResourceData ? String(body.encryptionCertificateId) : null,
    target,
    toLose: 0,
    missed: false,
    // Created with `Prefer: IdType="ImmutableId"`: its notifications name messages by their immutable ids.
    immutableIds: wantsImmutableIds(ctx),
  };
  ctx.notifier.subscriptions.set(s.id, s);
  sendEntity(ctx, 201, "subscriptions/$entity", subscriptionJson(s));
}

export function registerSubscriptionRoutes(router: Router): void {
  router.add("graph", "POST", "/subscriptions", createSubscription);
  router.add("graph", "GET", "/subscriptions", (ctx) => {
    const mine = ctx.notifier
      .active()
      .filter((s) => s.applicationId === ctx.principal!.appId && s.tenantId === ctx.principal!.tenantId);
    sendJson(ctx.res, 200, { "@odata.context": odataContext(ctx, "subscriptions"), value: mine.map(subscriptionJson) });
  });
  router.add("graph", "GET", "/subscriptions/{subscription-id}", (ctx) =>
    sendEntity(ctx, 200, "subscriptions/$entity", subscriptionJson(findOwn(ctx))),
  );
  router.add("graph", "PATCH", "/subscriptions/{subscription-id}", (ctx) => {
    const s = findOwn(ctx);
    const body = readJson(ctx, "microsoft.graph.subscription");
    for (const key of Object.keys(body))
      if (!["expirationDateTime", "notificationUrl"].includes(key))
        throw badRequest(
          `Only expirationDateTime and notificationUrl can be updated (got '${key}').`,
          "InvalidRequest",
        );
    if (body.expirationDateTime !== undefined)
      s.expirationDateTime = expiration(ctx, body.expirationDateTime, s.includeResourceData);
    if (typeof body.notificationUrl === "string") s.notificationUrl = body.notificationUrl;
    sendEntity(ctx, 200, "subscriptions/$entity", subscriptionJson(s));
  });
  router.add("graph", "DELETE", "/subscriptions/{subscription-id}", (ctx) => {
    const s = findOwn(ctx);
    ctx.notifier.subscriptions.delete(s.id);
    sendEmpty(ctx.res, 204);
  });
  router.add("graph", "POST", "/subscriptions/{subscription-id}/reauthorize", (ctx) => {
    const s = findOwn(ctx);
    if (ctx.principal!.kind === "user" && ctx.principal!.userId !== s.creatorId) throw accessDenied();
    sendEmpty(ctx.res, 204);
  });
}
