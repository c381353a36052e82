import { action, input, type ActionContext } from "@prismatic-io/spectral";
import type { Subscription } from "@microsoft/microsoft-graph-types";
import { ArgumentError } from "../../errors";
import { graphFor } from "../../graph/client";
import { itemId } from "../../graph/paths";
import { connectionInput, flag, mailboxInput, text } from "../../inputs/common";
import { mailbox } from "../../inputs/mail";
import {
  CHANGE_TYPES,
  changeTypes,
  expirationFor,
  records,
  resourceOf,
  subscribe,
  type SubscriptionRecord,
} from "../../webhooks/subscriptions";

/** Seed 003's subscription actions. Subscriptions they make are recorded so this instance's Webhook trigger can verify their notifications. */

const notificationUrlInput = input({
  label: "Notification URL",
  type: "string",
  required: true,
  comments: "URL to send this subscription's events to (https), usually a flow's webhook URL.",
});
const expirationInput = input({
  label: "Expiration Date/Time",
  type: "string",
  required: false,
  comments:
    "Expiration date/time for subscription. If unspecified the default will be the current date/time plus 10070 minutes (close to the maximum permitted by the Graph API).",
});
const subscriptionIdInput = input({
  label: "Subscription ID",
  type: "string",
  required: true,
  comments: "Subscription ID to manage.",
});

function notificationUrl(value: unknown): string {
  const url = text(value)?.trim();
  if (!url)
    throw new ArgumentError(
      "notificationUrl",
      "'notificationUrl' is required: the https URL Graph posts notifications to.",
    );
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

/** A subscription as an action returns it: never the clientState secret. */
function publicView(s: Subscription | SubscriptionRecord): Record<string, unknown> {
  const { clientState: _secret, ...rest } = s as Record<string, unknown>;
  return rest;
}

function instanceUrls(context: ActionContext): string[] {
  return Object.values(context.webhookUrls ?? {});
}

async function createSubscription(
  context: ActionContext,
  params: Record<string, unknown> & { connection: Parameters<typeof graphFor>[0] },
  kind: "message" | "event",
) {
  const url = notificationUrl(params.notificationUrl);
  const expirationDateTime = expirationFor("expiration", params.expiration, false);
  const types = changeTypes(params.changeTypes, kind === "message" ? ["created"] : ["created", "updated", "deleted"]);
  const allowDuplicates = flag("allowDuplicates", params.allowDuplicates, false);
  const { graph, path } = mailbox(params);
  const containerPath =
    kind === "message"
      ? `${path}/mailFolders/${itemId("folderId", text(params.folderId) ?? "inbox")}`
      : text(params.calendarId)
        ? `${path}/calendars/${itemId("calendarId", params.calendarId)}`
        : `${path}/calendar`;
  const resource = resourceOf(containerPath, kind === "message" ? "messages" : "events");
  if (!allowDuplicates) {
    const existing = (await graph.all<Subscription>({ method: "GET", path: "/subscriptions" })).find(
      (s) => s.notificationUrl === url && s.resource?.toLowerCase() === resource.toLowerCase(),
    );
    if (existing) return { data: { ...publicView(existing), existing: true } };
  }
  const record = await subscribe(graph, context, {
    resource,
    changeType: types,
    notificationUrl: url,
    lifecycleNotificationUrl: url,
    expirationDateTime,
    kind,
    containerPath,
    owner: "action",
  });
  return { data: publicView(record), crossFlowState: context.crossFlowState };
}

export const createMailFolderSubscription = action({
  display: {
    label: "Create Mail Folder Subscription",
    description: "Create a Mail Folder subscription for Microsoft Outlook.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: input({
      label: "Folder ID",
      type: "string",
      default: "inbox",
      required: false,
      dataSource: "selectMailFolder",
    }),
    changeTypes: input({
      label: "Mail Change Types",
      type: "string",
      collection: "valuelist",
      model: CHANGE_TYPES.map((v) => ({ label: v, value: v })),
      required: false,
      comments: "The type of change to listen for; created when empty.",
    }),
    notificationUrl: notificationUrlInput,
    expiration: expirationInput,
    allowDuplicates: input({
      label: "Allow Duplicates",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Enable to allow more than one webhook per endpoint.",
    }),
  },
  perform: async (context, params) => createSubscription(context, params, "message"),
});

export const createEventSubscription = action({
  display: { label: "Create Event Subscription", description: "Create an Event subscription for Microsoft Outlook." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: input({
      label: "Calendar ID",
      type: "string",
      required: false,
      comments: "The default calendar when empty.",
      dataSource: "selectCalendar",
    }),
    changeTypes: input({
      label: "Change Types",
      type: "string",
      collection: "valuelist",
      model: CHANGE_TYPES.map((v) => ({ label: v, value: v })),
      required: false,
      comments: "created, updated and deleted when empty.",
    }),
    notificationUrl: notificationUrlInput,
    expiration: expirationInput,
    allowDuplicates: input({
      label: "Allow Duplicates",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Enable to allow more than one webhook per endpoint.",
    }),
  },
  perform: async (context, params) => createSubscription(context, params, "event"),
});

export const listSubscriptions = action({
  display: { label: "List Subscriptions", description: "List all subscriptions for Microsoft Outlook." },
  inputs: {
    connection: connectionInput,
    showInstanceWebhooks: input({
      label: "Show Instance Webhooks",
      type: "boolean",
      default: "true",
      required: false,
      comments: "Show only subscriptions for this Instance's webhooks.",
    }),
  },
  perform: async (context, params) => {
    const onlyMine = flag("showInstanceWebhooks", params.showInstanceWebhooks, true);
    const graph = graphFor(params.connection);
    const all = await graph.all<Subscription>({ method: "GET", path: "/subscriptions" });
    const urls = instanceUrls(context);
    return { data: all.filter((s) => !onlyMine || urls.includes(String(s.notificationUrl))).map(publicView) };
  },
});

export const updateEventSubscriptionExpiration = action({
  display: {
    label: "Update Event Subscription Expiration",
    description: "Update existing Event subscription expiration for Microsoft Outlook.",
  },
  inputs: { connection: connectionInput, subscriptionId: subscriptionIdInput, expiration: expirationInput },
  perform: async (context, params) => {
    const id = itemId("subscriptionId", params.subscriptionId);
    const record = records(context)[decodeURIComponent(id)];
    const expirationDateTime = expirationFor("expiration", params.expiration, Boolean(record?.includeResourceData));
    const graph = graphFor(params.connection);
    const updated = await graph.call<Subscription>({
      method: "PATCH",
      path: `/subscriptions/${id}`,
      body: { expirationDateTime },
      notFound: "subscriptionId",
    });
    if (record) record.expirationDateTime = String(updated.expirationDateTime ?? expirationDateTime);
    return { data: publicView(updated), crossFlowState: context.crossFlowState };
  },
});

export const deleteSubscription = action({
  display: { label: "Delete Subscription", description: "Delete existing subscription for Microsoft Outlook." },
  inputs: { connection: connectionInput, subscriptionId: subscriptionIdInput },
  perform: async (context, params) => {
    const id = itemId("subscriptionId", params.subscriptionId);
    const graph = graphFor(params.connection);
    await graph.call({ method: "DELETE", path: `/subscriptions/${id}`, notFound: "subscriptionId" });
    delete records(context)[decodeURIComponent(id)];
    return { data: { deleted: true, subscriptionId: params.subscriptionId }, crossFlowState: context.crossFlowState };
  },
});

export const deleteAllInstanceSubscriptions = action({
  display: {
    label: "Delete All Instance Subscriptions",
    description: "Delete all subscriptions pointed at this instance.",
  },
  inputs: { connection: connectionInput },
  perform: async (context, params) => {
    const graph = graphFor(params.connection);
    const urls = instanceUrls(context);
    const mine = (await graph.all<Subscription>({ method: "GET", path: "/subscriptions" })).filter((s) =>
      urls.includes(String(s.notificationUrl)),
    );
    for (const s of mine) {
      await graph.call({ method: "DELETE", path: `/subscriptions/${encodeURIComponent(s.id!)}` });
      delete records(context)[s.id!];
    }
    return { data: { deleted: mine.map((s) => s.id) }, crossFlowState: context.crossFlowState };
  },
});
