import { input } from "@prismatic-io/spectral";
import { ArgumentError } from "../errors";
import { defaultExpiration, MAX_LIFETIME_MINUTES, MAX_LIFETIME_WITH_DATA_MINUTES } from "../graph/subscriptions";
import { list, requiredText } from "./common";
import { instant } from "./times";

/** Inputs and checks of subscriptions: notification URL, change types, expiration. */

export const notificationUrlInput = input({
  label: "Notification URL",
  type: "string",
  required: true,
  comments: "URL to send this subscription's events to (https), usually a flow's webhook URL.",
});
export const expirationInput = input({
  label: "Expiration Date/Time",
  type: "string",
  required: false,
  comments:
    "Expiration date/time for subscription. If unspecified the default will be the current date/time plus " +
    "10070 minutes (close to the maximum permitted by the Graph API).",
});
export const subscriptionIdInput = input({
  label: "Subscription ID",
  type: "string",
  required: true,
  comments: "Subscription ID to manage.",
  dataSource: "selectSubscription",
});
export const allowDuplicatesInput = input({
  label: "Allow Duplicates",
  type: "boolean",
  default: "false",
  required: false,
  comments: "Enable to allow more than one webhook per endpoint.",
});

export const CHANGE_TYPES = ["created", "updated", "deleted"] as const;

/** Change types from a list or comma-separated text, checked; the fallback when none are given. */
export function changeTypes(value: unknown, fallback: string[]): string {
  const given = list("changeTypes", value);
  given.forEach((c, i) => {
    if (!(CHANGE_TYPES as readonly string[]).includes(c))
      throw new ArgumentError(`changeTypes[${i}]`, `'changeTypes' holds '${c}'; use created, updated or deleted.`);
  });
  return [...new Set(given.length ? given : fallback)].join(",");
}

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
