import { input, trigger, type ActionContext, type Connection, type TriggerPayload } from "@prismatic-io/spectral";
import { ArgumentError } from "../errors";
import type { Message } from "@microsoft/microsoft-graph-types";
import * as attachments from "../graph/attachments";
import { graphFor } from "../graph/client";
import { openMailbox } from "../graph/mailbox";
import { isOwnEcho, ownFolders, type OwnFolders } from "../graph/ownMail";
import * as subscriptions from "../graph/subscriptions";
import { connectionInput, flag, mailboxInput, text } from "../inputs/common";
import { calendarIdInput } from "../inputs/events";
import { itemRefOr, optionalItemRef } from "../inputs/ids";
import { watchedFolderInput } from "../inputs/mailFolders";
import { newMailInputs, readNewMailOptions, type NewMailOptions } from "../inputs/mailTriggers";
import { changeTypes, cleanChangeTypes, expirationFor } from "../inputs/subscriptions";
import { maintain } from "../webhooks/maintenance";
import { notificationCertificate, type NotificationCertificate } from "../webhooks/richNotifications";
import {
  BRANCHES,
  fetchResources,
  receive,
  validationToken,
  type Branch,
  type Outcome,
  type ReceivedNotification,
} from "../webhooks/receive";
import { isRecord, isScheduledInvocation } from "../webhooks/request";
import { Seen } from "../webhooks/seen";
import { recreate, records, subscribe, type SubscriptionSpec } from "../webhooks/subscriptions";
import { certificateInput, outcomeResult, validationResponse } from "./webhook";

/**
 * Self-managing triggers: on deploy they make their subscriptions (a secret clientState each, the
 * flow's webhook as notification and lifecycle URL), keep them in state, renew them past half
 * their lifetime whenever they run (on a schedule, or on any verified notification), re-create
 * ones Graph lost (keeping the record until the new one is confirmed, and reading what changed
 * meanwhile), and delete them when the instance goes. Deploying twice leaves one subscription per
 * resource. A scheduled run is the platform's scheduled invocation (no request behind it); a
 * request from anyone else, empty or not, causes no Graph request unless it is verified.
 */

function webhookUrl(context: ActionContext): string {
  const url = context.webhookUrls?.[context.flow.name];
  if (!url)
    throw new ArgumentError(
      "webhookUrl",
      `The flow '${context.flow.name}' has no webhook URL to receive notifications on.`,
    );
  return url;
}

type ManagedSpec = Omit<
  SubscriptionSpec,
  "notificationUrl" | "lifecycleNotificationUrl" | "expirationDateTime" | "owner"
>;

interface Managed {
  owner: string;
  /** The subscriptions to keep, read from Graph at deploy (a folder's subfolders, say). */
  specs: () => Promise<ManagedSpec[]>;
  certificate?: NotificationCertificate;
  /** What the flow gets of the notifications read: some skipped, some given more (mail's own echoes, attachments). */
  shape?: (
    notifications: ReceivedNotification[],
  ) => Promise<{ notifications: ReceivedNotification[]; skipped: number }>;
}

/** The outcome once `managed.shape` has had its say; a request whose notifications were all skipped is "Skipped". */
async function shaped(managed: Managed, outcome: Outcome): Promise<ShapedOutcome> {
  if (!managed.shape || !outcome.notifications.length) return outcome;
  const { notifications, skipped } = await managed.shape(outcome.notifications);
  const branch = notifications.length ? outcome.branch : outcome.lifecycle.length ? "Lifecycle" : "Skipped";
  return { ...outcome, branch, notifications, ...(skipped ? { skippedOwnMail: skipped } : {}) };
}

type ShapedOutcome = Omit<Outcome, "branch"> & { branch: Branch | "Skipped"; skippedOwnMail?: number };

/** Deploy: make what is missing, keep what Graph still has (idempotent). */
async function deploy(context: ActionContext, connection: Connection, managed: Managed) {
  const graph = graphFor(connection);
  const url = webhookUrl(context);
  const mine = Object.values(records(context)).filter((r) => r.owner === managed.owner);
  for (const spec of await managed.specs()) {
    const existing = mine.find(
      (r) => r.resource === spec.resource && r.changeType === spec.changeType && r.notificationUrl === url,
    );
    if (existing) {
      try {
        await subscriptions.get(graph, existing.id);
      } catch (e) {
        if ((e as { status?: number }).status !== 404) throw e;
        await recreate(graph, context, existing);
      }
      continue;
    }
    await subscribe(graph, context, {
      ...spec,
      notificationUrl: url,
      lifecycleNotificationUrl: url,
      expirationDateTime: expirationFor("expiration", "", Boolean(spec.includeResourceData)),
      owner: managed.owner,
    });
  }
  return { crossFlowState: context.crossFlowState };
}

async function undeploy(context: ActionContext, connection: Connection, owner: string) {
  const graph = graphFor(connection);
  for (const r of Object.values(records(context)).filter((x) => x.owner === owner)) {
    await subscriptions.remove(graph, r.id).catch((e: { status?: number }) => {
      if (e.status !== 404) throw e;
    });
    delete records(context)[r.id];
  }
  delete ownMailState(context)[owner];
  return { crossFlowState: context.crossFlowState };
}

/**
 * A scheduled run: every subscription checked with Graph, renewed when due, re-created when
 * gone; changes Graph could not notify are read and passed on (the Notification branch), and
 * gaps are reported.
 */
async function scheduledRun(context: ActionContext, payload: TriggerPayload, connection: Connection, managed: Managed) {
  const seen = new Seen(context);
  const report = await maintain(connection, context, [managed.owner], { verify: true, seen, logger: context.logger });
  const { resynced, ...maintained } = report;
  await fetchResources(connection, resynced);
  const { notifications, skippedOwnMail } = await shaped(managed, { ...emptyOutcome(), notifications: resynced });
  const branch = notifications.length ? "Notification" : "Maintenance";
  const skipped = skippedOwnMail ? { skippedOwnMail } : {};
  return outcomeResult(payload, { ...emptyOutcome(), ...maintained, branch, notifications, ...skipped }, context);
}

function emptyOutcome(): Outcome {
  return {
    branch: "Rejected",
    notifications: [],
    lifecycle: [],
    rejected: 0,
    renewed: [],
    recreated: [],
    gaps: [],
    failures: [],
  };
}

async function run(context: ActionContext, payload: TriggerPayload, connection: Connection, managed: Managed) {
  const token = validationToken(payload);
  if (token !== undefined) return validationResponse(payload, token);
  if (isScheduledInvocation(payload)) return scheduledRun(context, payload, connection, managed);
  const outcome = await receive(context, payload, {
    connection,
    certificate: managed.certificate,
    renewOwners: [managed.owner],
    fetchResources: true,
  });
  return outcomeResult(payload, await shaped(managed, outcome), context);
}

const richInputs = {
  includeResourceData: input({
    label: "Include Resource Data",
    type: "boolean",
    default: "false",
    required: false,
    comments:
      "Rich notifications: Graph sends the resource itself, encrypted with the Notification Certificate " +
      "(subscriptions then last at most a day; they are renewed).",
  }),
  notificationCertificate: certificateInput,
  notificationCertificateId: input({
    label: "Notification Certificate ID",
    type: "string",
    required: false,
    comments: "An id for the certificate, sent to Graph with it; its thumbprint when empty.",
  }),
};

function richOptions(params: Record<string, unknown>) {
  if (!flag("includeResourceData", params.includeResourceData, false)) return { certificate: undefined, spec: {} };
  const pem = text("notificationCertificate", params.notificationCertificate);
  if (!pem)
    throw new ArgumentError(
      "notificationCertificate",
      "'notificationCertificate' is required with Include Resource Data: Graph encrypts the resource with it.",
    );
  const certificate = notificationCertificate(
    "notificationCertificate",
    pem,
    text("notificationCertificateId", params.notificationCertificateId),
  );
  return {
    certificate,
    spec: {
      includeResourceData: true,
      encryptionCertificate: certificate.certificateBase64,
      encryptionCertificateId: certificate.certificateId,
    },
  };
}

const branches = [...BRANCHES, "Maintenance", "Skipped"];

type ManagedParams = Record<string, unknown> & { connection: Connection };

/** A self-managing webhook trigger: the same deploy, run and delete, over the subscriptions `build` describes. */
function managedTrigger(
  display: { label: string; description: string },
  inputs: Record<string, ReturnType<typeof input>>,
  build: (context: ActionContext, params: ManagedParams) => Managed,
) {
  return trigger({
    display,
    allowsBranching: true,
    staticBranchNames: branches,
    scheduleSupport: "valid",
    synchronousResponseSupport: "valid",
    inputs: { connection: connectionInput, mailbox: mailboxInput, ...inputs, ...richInputs },
    perform: async (context, payload, params) =>
      run(context, payload, params.connection, build(context, params as ManagedParams)),
    onInstanceDeploy: async (context, params) =>
      deploy(context, params.connection, build(context, params as ManagedParams)),
    onInstanceDelete: async (context, params) => undeploy(context, params.connection, ownerOf(context)),
  });
}

export const mailWebhook = managedTrigger(
  {
    label: "New or Changed Mail (Webhook)",
    description:
      "Runs when mail arrives or changes in a folder (and, by choice, its subfolders), without the mailbox's own " +
      "drafts and sent copies unless asked, with each message's attachments on request. Manages its own Graph " +
      "subscriptions: created on deploy, renewed, re-created, deleted with the instance. Schedule it (e.g. daily) " +
      "to keep subscriptions renewed in quiet mailboxes. A request whose notifications were all skipped takes the " +
      "Skipped branch.",
  },
  {
    folderId: watchedFolderInput("The folder to watch: an ID or a well-known name."),
    includeSubfolders: input({
      label: "Include Subfolders",
      type: "boolean",
      default: "false",
      required: false,
      comments:
        "Also watch every folder below it (one subscription each; with the mailbox's root, msgfolderroot, the whole " +
        "mailbox). Drafts, Sent Items and Outbox are left out unless Include Own Drafts and Sent Items is on.",
    }),
    changeTypes: input({
      label: "Change Types",
      type: "string",
      collection: "valuelist",
      required: false,
      comments: "Which changes to be notified of: created, updated, deleted; created when empty.",
      clean: cleanChangeTypes(),
    }),
    ...newMailInputs,
  },
  (context, params) => managedMail(context, params),
);

function ownerOf(context: ActionContext): string {
  return `flow:${context.flow.name}`;
}

/** The mailbox's own folders as the flow's deploy found them, kept so runs can tell its echoes without a request. */
function ownMailState(context: ActionContext): Record<string, OwnFolders> {
  const state = context.crossFlowState as { outlookOwnMail?: Record<string, OwnFolders> };
  state.outlookOwnMail ??= {};
  return state.outlookOwnMail;
}

function managedMail(context: ActionContext, params: ManagedParams): Managed {
  const types = changeTypes(params.changeTypes, ["created"]);
  const rich = richOptions(params);
  const folder = itemRefOr("folderId", params.folderId, "inbox");
  const subfolders = flag("includeSubfolders", params.includeSubfolders, false);
  const options = readNewMailOptions(params);
  const owner = ownerOf(context);
  return {
    owner,
    certificate: rich.certificate,
    specs: async () => {
      const mb = openMailbox(params.connection, params.mailbox);
      const own = options.includeOwnMail ? undefined : await ownFolders(mb, folder);
      if (own) ownMailState(context)[owner] = own;
      else delete ownMailState(context)[owner];
      const skip = own && !own.watchedIsOwn ? own.ids : [];
      const containers = await subscriptions.mailFolderContainers(mb, folder, subfolders, skip);
      return containers.map((container) => ({
        resource: subscriptions.resourceOf(container, "messages"),
        changeType: types,
        kind: "message" as const,
        containerPath: String(container),
        watchedInput: folder.input,
        watchedMailbox: mb.graph.mailbox,
        ...rich.spec,
      }));
    },
    shape: (notifications) => shapeMailNotifications(context, params, options, notifications),
  };
}

/**
 * Leaves out the mailbox's own echoes (unless asked: drafts, and mail in the Drafts, Sent Items and
 * Outbox folders deploy found, unless the watched folder is one of them) and, when asked, adds each
 * message's attachments to its resourceContent. Notifications without content (deleted, unreadable)
 * pass as they are.
 */
async function shapeMailNotifications(
  context: ActionContext,
  params: ManagedParams,
  options: NewMailOptions,
  notifications: ReceivedNotification[],
) {
  const own = options.includeOwnMail ? undefined : (ownMailState(context)[ownerOf(context)] ?? noOwnFolders);
  const message = (n: ReceivedNotification) =>
    isRecord(n.resourceContent) && typeof n.resourceContent.id === "string"
      ? (n.resourceContent as Message)
      : undefined;
  const kept = notifications.filter((n) => {
    const m = message(n);
    return !own || own.watchedIsOwn || !m || !isOwnEcho(m, own.ids);
  });
  const withContent = kept.filter((n) => message(n));
  if (options.attachments && withContent.length) {
    const mb = openMailbox(params.connection, params.mailbox);
    const found = await attachments.ofMessages(
      mb,
      withContent.map((n) => message(n)!.id!),
      options.attachments.contentLimit,
    );
    for (const n of withContent) n.resourceContent = { ...message(n), ...found.get(message(n)!.id!) };
  }
  return { notifications: kept, skipped: notifications.length - kept.length };
}

/** Before a deploy has found the folders (a deployment older than the option): drafts are still told apart. */
const noOwnFolders: OwnFolders = { ids: [], watchedIsOwn: false };

export const eventWebhook = managedTrigger(
  {
    label: "Event Changes (Webhook)",
    description:
      "Runs when events are created, updated or deleted on a calendar. Manages its own Graph subscription: created " +
      "on deploy, renewed, re-created, deleted with the instance.",
  },
  {
    calendarId: calendarIdInput(false, "The calendar to watch; the default calendar when empty."),
    changeTypes: input({
      label: "Change Types",
      type: "string",
      collection: "valuelist",
      required: false,
      comments: "Which changes to be notified of: created, updated, deleted; all three when empty.",
      clean: cleanChangeTypes(),
    }),
  },
  (context, params) => managedEvents(context, params),
);

function managedEvents(context: ActionContext, params: ManagedParams): Managed {
  const types = changeTypes(params.changeTypes, ["created", "updated", "deleted"]);
  const rich = richOptions(params);
  return {
    owner: ownerOf(context),
    certificate: rich.certificate,
    specs: async () => {
      const mb = openMailbox(params.connection, params.mailbox);
      const calendar = optionalItemRef("calendarId", params.calendarId);
      const container = subscriptions.calendarContainer(mb, calendar);
      return [
        {
          resource: subscriptions.resourceOf(container, "events"),
          changeType: types,
          kind: "event" as const,
          containerPath: String(container),
          watchedInput: calendar?.input,
          watchedMailbox: mb.graph.mailbox,
          ...rich.spec,
        },
      ];
    },
  };
}
