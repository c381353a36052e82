import { action } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as subscriptions from "../../graph/subscriptions";
import { connectionInput } from "../../inputs/common";
import { records } from "../../webhooks/subscriptions";

export const deleteAllInstanceSubscriptions = action({
  display: {
    label: "Delete All Instance Subscriptions",
    description: "Delete all subscriptions pointed at this instance.",
  },
  inputs: { connection: connectionInput },
  perform: async (context, params) => {
    const graph = graphFor(params.connection);
    const urls = Object.values(context.webhookUrls ?? {});
    const mine = (await subscriptions.list(graph)).filter((s) => urls.includes(String(s.notificationUrl)));
    for (const s of mine) {
      await subscriptions.remove(graph, s.id!);
      delete records(context)[s.id!];
    }
    return { data: { deleted: mine.map((s) => s.id) }, crossFlowState: context.crossFlowState };
  },
});
