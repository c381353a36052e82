import { input, trigger, type ActionContext, type Connection, type TriggerPayload } from "@prismatic-io/spectral";
import { ArgumentError } from "../errors";
import { graphFor } from "../graph/client";
import { openMailbox } from "../graph/mailbox";
import * as subscriptions from "../graph/subscriptions";
import { connectionInput, flag, mailboxInput, text } from "../inputs/common";
import { cleanId } from "../inputs/clean";
import { itemRefOr, optionalItemRef } from "../inputs/ids";
import { changeTypes, cleanChangeTypes, expirationFor } from "../inputs/subscriptions";
import { maintain } from "../webhooks/maintenance";
import { notificationCertificate, type NotificationCertificate } from "../webhooks/richNotifications";
import { BRANCHES, fetchResources, receive, validationToken, type Outcome } from "../webhooks/receive";
import { isScheduledInvocation } from "../webhooks/request";
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
}

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
  return { crossFlowState: context.crossFlowState };
}

/**
 * A scheduled run: every subscription checked with Graph, renewed when due, re-created when
 * gone; changes Graph could not notify are read and passed on (the Notification branch), and
 * gaps are reported.
 */
async function scheduledRun(context: ActionContext, payload: TriggerPayload, connection: Connection, owner: string) {
  const seen = new Seen(context);
  const report = await maintain(connection, context, [owner], { verify: true, seen, logger: context.logger });
  const notifications = report.resynced;
  await fetchResources(connection, notifications);
  const outcome: Outcome = {
    branch: notifications.length ? "Notification" : "Rejected",
    notifications,
    lifecycle: [],
    rejected: 0,
    renewed: report.renewed,
    recreated: report.recreated,
    gaps: report.gaps,
    failures: report.failures,
  };
  const result = outcomeResult(payload, outcome, context);
  return { ...result, branch: notifications.length ? "Notification" : "Maintenance" };
}

async function run(context: ActionContext, payload: TriggerPayload, connection: Connection, managed: Managed) {
  const token = validationToken(payload);
  if (token !== undefined) return validationResponse(payload, token);
  if (isScheduledInvocation(payload)) return scheduledRun(context, payload, connection, managed.owner);
  const outcome = await receive(context, payload, {
    connection,
    certificate: managed.certificate,
    renewOwners: [managed.owner],
    fetchResources: true,
  });
  return outcomeResult(payload, outcome, context);
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

const branches = [...BRANCHES, "Maintenance"];

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
      "Runs when mail arrives or changes in a folder (and, by choice, its subfolders). Manages its own Graph " +
      "subscriptions: created on deploy, renewed, re-created, deleted with the instance. Schedule it (e.g. daily) " +
      "to keep subscriptions renewed in quiet mailboxes.",
  },
  {
    folderId: input({
      label: "Folder ID",
      type: "string",
      default: "inbox",
      required: false,
      comments: "The folder to watch: an ID or a well-known name.",
      dataSource: "selectMailFolder",
      clean: cleanId("folderId"),
    }),
    includeSubfolders: input({
      label: "Include Subfolders",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Also watch every folder below it (one subscription each).",
    }),
    changeTypes: input({
      label: "Change Types",
      type: "string",
      collection: "valuelist",
      required: false,
      comments: "Which changes to be notified of: created, updated, deleted; created when empty.",
      clean: cleanChangeTypes(),
    }),
  },
  (context, params) => managedMail(context, params),
);

function ownerOf(context: ActionContext): string {
  return `flow:${context.flow.name}`;
}

function managedMail(context: ActionContext, params: ManagedParams): Managed {
  const types = changeTypes(params.changeTypes, ["created"]);
  const rich = richOptions(params);
  const folder = itemRefOr("folderId", params.folderId, "inbox");
  const subfolders = flag("includeSubfolders", params.includeSubfolders, false);
  return {
    owner: ownerOf(context),
    certificate: rich.certificate,
    specs: async () => {
      const mb = openMailbox(params.connection, params.mailbox);
      const containers = await subscriptions.mailFolderContainers(mb, folder, subfolders);
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
  };
}

export const eventWebhook = managedTrigger(
  {
    label: "Event Changes (Webhook)",
    description:
      "Runs when events are created, updated or deleted on a calendar. Manages its own Graph subscription: created " +
      "on deploy, renewed, re-created, deleted with the instance.",
  },
  {
    calendarId: input({
      label: "Calendar ID",
      type: "string",
      required: false,
      comments: "The calendar to watch; the default calendar when empty.",
      dataSource: "selectCalendar",
      clean: cleanId("calendarId"),
    }),
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
