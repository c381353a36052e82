import { component } from "@prismatic-io/spectral";
import * as attachmentActions from "./actions/attachments";
import * as calendarActions from "./actions/calendars";
import * as eventActions from "./actions/events";
import * as mailboxActions from "./actions/mailbox";
import * as mailFolderActions from "./actions/mailFolders";
import * as messageActions from "./actions/messages";
import * as subscriptionActions from "./actions/subscriptions";
import { getCurrentUser } from "./actions/users/getCurrentUser";
import { authorizationCode } from "./connections/authorizationCode";
import { certificate } from "./connections/certificate";
import { clientCredentials } from "./connections/clientCredentials";
import { selectMailFolder } from "./dataSources/selectMailFolder";
import { selectCalendar, selectTimeZone } from "./dataSources/calendarPickers";
import { rawRequest } from "./actions/misc/rawRequest";
import { redact } from "./redact";
import { eventWebhook, mailWebhook } from "./triggers/managed";
import { mailPolling } from "./triggers/polling";
import { webhook } from "./triggers/webhook";

/**
 * Every error leaving the component: typed errors pass with their secrets scrubbed; anything
 * else is scrubbed too, so no secret, token or key reaches a log or an error message.
 */
export function scrubError(error: unknown): unknown {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack) error.stack = redact(error.stack);
    return error;
  }
  return new Error(redact(String(error)));
}

export default component({
  key: "ms-outlook",
  display: {
    label: "Microsoft Outlook",
    description:
      "Send and read mail with attachments up to 150 MB, manage folders, calendars and events, and react to Outlook changes, on any tenant, shared mailbox or national cloud.",
    iconPath: "icon.png",
  },
  connections: [authorizationCode, clientCredentials, certificate],
  actions: {
    ...messageActions,
    ...attachmentActions,
    ...mailFolderActions,
    ...mailboxActions,
    ...calendarActions,
    ...eventActions,
    ...subscriptionActions,
    getCurrentUser,
    rawRequest,
  },
  triggers: { webhook, mailWebhook, eventWebhook, mailPolling },
  dataSources: { selectMailFolder, selectCalendar, selectTimeZone },
  hooks: { error: scrubError },
});
