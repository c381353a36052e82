import { dataSource } from "@prismatic-io/spectral";
import type { Subscription } from "@microsoft/microsoft-graph-types";
import { graphFor } from "../graph/client";
import * as subscriptions from "../graph/subscriptions";
import { connectionInput } from "../inputs/common";
import { utcMinutes } from "./labels";

/** "users/adele@contoso.com/mailFolders('inbox')/messages — expires 2026-11-30 09:30 UTC". */
export function subscriptionLabel(s: Subscription): string {
  return `${s.resource ?? "(no resource)"} — expires ${utcMinutes(s.expirationDateTime)}`;
}

/** A subscription picker: the connection's app's change-notification subscriptions, soonest to expire first. */
export const selectSubscription = dataSource({
  display: {
    label: "Select Subscription",
    description: "Pick one of the change-notification subscriptions the connection's app holds.",
  },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput },
  perform: async (_context, params) => {
    const found = await subscriptions.list(graphFor(params.connection));
    found.sort((a, b) => String(a.expirationDateTime).localeCompare(String(b.expirationDateTime)));
    return { result: found.map((s) => ({ key: s.id!, label: subscriptionLabel(s) })) };
  },
});
