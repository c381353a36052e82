import type { OutlookCategory } from "@microsoft/microsoft-graph-types";
import type { MailboxRef } from "./mailbox";
import { graphPath } from "./path";

/** A mailbox's master list of categories (Graph's outlookCategory), the names messages and events are tagged with. */

export async function listMasterCategories(mb: MailboxRef): Promise<OutlookCategory[]> {
  const page = await mb.graph.call<{ value: OutlookCategory[] }>({
    method: "GET",
    path: graphPath`${mb.root}/outlook/masterCategories`,
  });
  return page.value;
}
