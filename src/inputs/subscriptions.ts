import { input } from "@prismatic-io/spectral";
import { ArgumentError } from "../errors";
import { defaultExpiration, MAX_LIFETIME_MINUTES, MAX_LIFETIME_WITH_DATA_MINUTES } from "../graph/subscriptions";
import { cleanId } from "./clean";
import { choices, cleanedBy, requiredText } from "./common";
import { instant } from "./times";

/** Inputs and checks of subscriptions: notification URL, change types, expiration. */

export const notificationUrlInput = input({
  label: "Notification URL",
  type: "string",
  required: true,
  placeholder: "https://hooks.example.com/trigger/…",
  comments:
    "URL to send this subscription's events to (https), usually a flow's webhook URL. Graph validates it on " +
    "creation: the Webhook trigger answers that validation.",
});
export const expirationInput = input({
  label: "Expiration Date/Time",
  type: "string",
  required: false,
  placeholder: "2026-11-29T09:00:00Z",
  comments:
    "Expiration date/time for subscription. If unspecified the default will be the current date/time plus " +
    "10070 minutes (close to the maximum permitted by the Graph API). A given one must be in the future and within " +
    "Graph's maximum for the resource (10,080 minutes; 1,440 with resource data), or it is refused before any " +
    "request.",
});
export const subscriptionIdInput = input({
  label: "Subscription ID",
  type: "string",
  required: true,
  comments: "Subscription ID to manage.",
  dataSource: "selectSubscription",
  clean: cleanId("subscriptionId"),
});
export const allowDuplicatesInput = input({
  label: "Allow Duplicates",
  type: "boolean",
  default: "false",
  required: false,
  comments:
    "Enable to allow more than one webhook per endpoint. Off: an existing subscription for the same URL and " +
    "resource is returned (existing: true) instead of a new one.",
});

export const CHANGE_TYPES = ["created", "updated", "deleted"] as const;

/** Change types from a list or comma-separated text, each a choice (any case); the fallback when none are given. */
export function readChangeTypes(value: unknown): string[] {
  return choices("changeTypes", value, CHANGE_TYPES);
}

/** Change types joined as Graph takes them, without repeats; the fallback when none are given. */
export function changeTypes(value: unknown, fallback: string[]): string {
  const given = readChangeTypes(value);
  return [...new Set(given.length ? given : fallback)].join(",");
}

/** Change types in their normal form, before perform (see clean.ts). */
export const cleanChangeTypes = () => cleanedBy(readChangeTypes);

/** An expiration: the given ISO time (checked to be ahead and within Graph's maximum) or the default. */
export function expirationFor(
  property: string,
  value: unknown,
  includeResourceData: boolean,
  now = Date.now(),
): string {
  const max = includeResourceData ? MAX_LIFETIME_WITH_DATA_MINUTES : MAX_LIFETIME_MINUTES;
  const at = instant(property, value);
  if (at === undefined) return defaultExpiration(includeResourceData, now);
  const raw = new Date(at).toISOString();
  if (at <= now) throw new ArgumentError(property, `'${property}' must be in the future (got '${raw}').`);
  if (at > now + max * 60_000)
    throw new ArgumentError(
      property,
      `'${property}' is beyond Graph's maximum for this resource: at most ${max} minutes ahead ` +
        `(until ${new Date(now + max * 60_000).toISOString()}).`,
    );
  return new Date(at).toISOString();
}

/** The https URL Graph posts notifications to. */
export function notificationUrl(value: unknown): string {
  const url = requiredText("notificationUrl", value, "The https URL Graph posts notifications to.").trim();
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ArgumentError("notificationUrl", `'notificationUrl' must be an absolute URL (got '${url}').`);
  }
  if (parsed.protocol !== "https:")
    throw new ArgumentError(
      "notificationUrl",
      "'notificationUrl' must use https: Graph delivers only to https endpoints.",
    );
  return url;
}
