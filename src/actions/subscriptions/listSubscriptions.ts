import { action, input } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as subscriptions from "../../graph/subscriptions";
import { connectionInput, flag } from "../../inputs/common";
import { publicView } from "../../webhooks/subscriptions";

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
    const all = await subscriptions.list(graphFor(params.connection));
    const urls = Object.values(context.webhookUrls ?? {});
    return { data: all.filter((s) => !onlyMine || urls.includes(String(s.notificationUrl))).map(publicView) };
  },
});
