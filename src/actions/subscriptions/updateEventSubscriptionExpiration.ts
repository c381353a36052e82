import { action } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as subscriptions from "../../graph/subscriptions";
import { connectionInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { expirationFor, expirationInput, subscriptionIdInput } from "../../inputs/subscriptions";
import { publicView, records } from "../../webhooks/subscriptions";

export const updateEventSubscriptionExpiration = action({
  display: {
    label: "Update Event Subscription Expiration",
    description: "Renew a subscription (of events or of mail): give it a new expiration.",
  },
  inputs: { connection: connectionInput, subscriptionId: subscriptionIdInput, expiration: expirationInput },
  perform: async (context, params) => {
    const subscription = itemRef("subscriptionId", params.subscriptionId);
    const record = records(context)[subscription.id];
    // A subscription with resource data included lives at most a day.
    const expirationDateTime = expirationFor("expiration", params.expiration, Boolean(record?.includeResourceData));
    const updated = await subscriptions.updateExpiration(graphFor(params.connection), subscription, expirationDateTime);
    if (record) record.expirationDateTime = String(updated.expirationDateTime ?? expirationDateTime);
    return { data: publicView(updated), crossFlowState: context.crossFlowState };
  },
});
