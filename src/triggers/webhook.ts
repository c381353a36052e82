import { input, trigger, type TriggerPayload } from "@prismatic-io/spectral";
import { flag, text } from "../inputs/common";
import { notificationCertificate } from "../webhooks/richNotifications";
import { BRANCHES, receive, validationToken, type Outcome } from "../webhooks/receive";
import { publicPayload } from "../webhooks/request";

/** The answer to Graph's validation request: 200, text/plain, the decoded token and nothing else. */
export function validationResponse(payload: TriggerPayload, token: string) {
  return {
    payload: publicPayload(payload, { validationToken: token }),
    branch: "URL Validation",
    response: { statusCode: 200, contentType: "text/plain", body: token },
  };
}

/**
 * What the flow gets: the verified notifications (never a clientState: the raw body is left out),
 * lifecycle events and what was done about them, subscriptions renewed or re-created, and gaps.
 * Graph counts a delivery once it gets a 2xx within 3 seconds: acknowledge with 202 Accepted.
 */
export function outcomeResult(
  payload: TriggerPayload,
  outcome: Omit<Outcome, "branch"> & { branch: string },
  context: { crossFlowState: Record<string, unknown> },
) {
  const { branch, ...data } = outcome;
  return {
    payload: publicPayload(payload, data),
    branch,
    response: { statusCode: 202, contentType: "text/plain", body: "" },
    crossFlowState: context.crossFlowState,
  };
}

export const certificateInput = input({
  label: "Notification Certificate",
  type: "text",
  required: false,
  comments:
    "For rich notifications (resource data included): the certificate and private key as PEM. Encrypted " +
    "notifications are decrypted with it; without it they are rejected.",
});

export const webhook = trigger({
  display: {
    label: "Webhook",
    description:
      "Receive and validate webhook requests from Outlook for subscriptions this instance made: URL validation, " +
      "verified notifications, lifecycle events.",
  },
  allowsBranching: true,
  staticBranchNames: [...BRANCHES],
  scheduleSupport: "invalid",
  synchronousResponseSupport: "valid",
  inputs: {
    connection: input({
      label: "Connection",
      type: "connection",
      required: false,
      comments: "Used to act on lifecycle events (reauthorize, re-create, resync). Without it they are passed through.",
    }),
    notificationCertificate: certificateInput,
    fetchResources: input({
      label: "Fetch Resources",
      type: "boolean",
      default: "true",
      required: false,
      comments: "Read each created or updated message or event into the payload (needs the Connection).",
    }),
  },
  perform: async (context, payload, params) => {
    const token = validationToken(payload);
    if (token !== undefined) return validationResponse(payload, token);
    const pem = text("notificationCertificate", params.notificationCertificate);
    const outcome = await receive(context, payload, {
      connection: params.connection ?? undefined,
      certificate: pem ? notificationCertificate("notificationCertificate", pem) : undefined,
      fetchResources: flag("fetchResources", params.fetchResources, true),
    });
    return outcomeResult(payload, outcome, context);
  },
});
