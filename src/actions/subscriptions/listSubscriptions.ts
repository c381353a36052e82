import { action, input } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as subscriptions from "../../graph/subscriptions";
import { connectionInput, flag } from "../../inputs/common";
import { publicView } from "../../webhooks/subscriptions";

export const listSubscriptions = action({
  display: {
    label: "List Subscriptions",
    description:
      "List the change-notification subscriptions the connection's app holds (Graph lists only the app's own), " +
      "without their clientState.",
  },
  inputs: {
    connection: connectionInput,
    showInstanceWebhooks: input({
      label: "Show Instance Webhooks",
      type: "boolean",
      default: "true",
      required: false,
      comments: "Show only subscriptions pointed at this instance's webhook URLs (off: all of the app's).",
    }),
  },
  perform: async (context, params) => {
    const onlyMine = flag("showInstanceWebhooks", params.showInstanceWebhooks, true);
    const all = await subscriptions.list(graphFor(params.connection));
    const urls = Object.values(context.webhookUrls ?? {});
    return { data: all.filter((s) => !onlyMine || urls.includes(String(s.notificationUrl))).map(publicView) };
  },
});
