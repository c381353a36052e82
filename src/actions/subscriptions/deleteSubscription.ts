import { action } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as subscriptions from "../../graph/subscriptions";
import { connectionInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { subscriptionIdInput } from "../../inputs/subscriptions";
import { records } from "../../webhooks/subscriptions";

export const deleteSubscription = action({
  display: { label: "Delete Subscription", description: "Delete a subscription by ID; Graph stops notifying its URL." },
  inputs: { connection: connectionInput, subscriptionId: subscriptionIdInput },
  perform: async (context, params) => {
    const subscription = itemRef("subscriptionId", params.subscriptionId);
    await subscriptions.remove(graphFor(params.connection), subscription);
    delete records(context)[subscription.id];
    return { data: { deleted: true, subscriptionId: params.subscriptionId }, crossFlowState: context.crossFlowState };
  },
});
