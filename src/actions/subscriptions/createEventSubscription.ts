import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as subscriptions from "../../graph/subscriptions";
import { connectionInput, flag, mailboxInput, picklist } from "../../inputs/common";
import { calendarIdInput } from "../../inputs/events";
import { optionalItemRef } from "../../inputs/ids";
import {
  allowDuplicatesInput,
  CHANGE_TYPES,
  changeTypes,
  cleanChangeTypes,
  expirationFor,
  expirationInput,
  notificationUrl,
  notificationUrlInput,
} from "../../inputs/subscriptions";
import { publicView, subscribeUnlessSubscribed } from "../../webhooks/subscriptions";

/** Subscriptions made by actions are recorded, so this instance's Webhook trigger can verify their notifications. */
export const createEventSubscription = action({
  display: {
    label: "Create Event Subscription",
    description:
      "Create a subscription to a calendar's events, so Graph notifies a URL (usually a flow's webhook) of their " +
      "changes; returned without its clientState.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    calendarId: calendarIdInput(false, "The calendar to watch; the default calendar when empty."),
    changeTypes: input({
      label: "Change Types",
      type: "string",
      collection: "valuelist",
      model: picklist(CHANGE_TYPES),
      required: false,
      comments: "The changes to be notified of: created, updated and deleted when empty.",
      clean: cleanChangeTypes(),
    }),
    notificationUrl: notificationUrlInput,
    expiration: expirationInput,
    allowDuplicates: allowDuplicatesInput,
  },
  perform: async (context, params) => {
    const url = notificationUrl(params.notificationUrl);
    const expirationDateTime = expirationFor("expiration", params.expiration, false);
    const changeType = changeTypes(params.changeTypes, ["created", "updated", "deleted"]);
    const allowDuplicates = flag("allowDuplicates", params.allowDuplicates, false);
    const mb = openMailbox(params.connection, params.mailbox);
    const calendar = optionalItemRef("calendarId", params.calendarId);
    const container = subscriptions.calendarContainer(mb, calendar);
    const spec = {
      resource: subscriptions.resourceOf(container, "events"),
      changeType,
      notificationUrl: url,
      lifecycleNotificationUrl: url,
      expirationDateTime,
      kind: "event" as const,
      containerPath: String(container),
      watchedInput: calendar?.input,
      owner: "action",
    };
    const made = await subscribeUnlessSubscribed(mb.graph, context, spec, allowDuplicates);
    if ("existing" in made) return { data: { ...publicView(made.existing), existing: true } };
    return { data: publicView(made.created), crossFlowState: context.crossFlowState };
  },
});
