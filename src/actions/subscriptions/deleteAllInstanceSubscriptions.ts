import { action } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import { connectionInput } from "../../inputs/common";
import { unsubscribeAll } from "../../webhooks/subscriptions";

export const deleteAllInstanceSubscriptions = action({
  display: {
    label: "Delete All Instance Subscriptions",
    description: "Delete all subscriptions pointed at this instance's webhook URLs; returns their IDs.",
  },
  inputs: { connection: connectionInput },
  perform: async (context, params) => {
    const graph = graphFor(params.connection);
    const deleted = await unsubscribeAll(graph, context, Object.values(context.webhookUrls ?? {}));
    return { data: { deleted: deleted.map((s) => s.id) }, crossFlowState: context.crossFlowState };
  },
});
