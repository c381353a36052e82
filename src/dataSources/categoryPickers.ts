import { dataSource } from "@prismatic-io/spectral";
import type { OutlookCategory } from "@microsoft/microsoft-graph-types";
import * as categories from "../graph/categories";
import { openMailbox, type MailboxRef } from "../graph/mailbox";
import { colorLabel } from "../inputs/categories";
import { connectionInput, mailboxInput } from "../inputs/common";

/** The master list sorted by name, each labelled "Name (Colour (presetN))". */
async function sortedCategories(mb: MailboxRef): Promise<OutlookCategory[]> {
  const all = await categories.listMasterCategories(mb);
  return all.sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)));
}

const label = (c: OutlookCategory) => `${c.displayName} (${colorLabel(c.color)})`;

/** Category names for the Categories inputs of messages, events, contacts and rules: the value is the name. */
export const selectCategory = dataSource({
  display: { label: "Select Category", description: "Pick a category name from the mailbox's master list." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const found = await sortedCategories(openMailbox(params.connection, params.mailbox));
    return { result: found.map((c) => ({ key: String(c.displayName), label: label(c) })) };
  },
});

/** Categories by ID, for Update Category and Delete Category. */
export const selectMasterCategory = dataSource({
  display: { label: "Select Master Category", description: "Pick a category of the mailbox's master list by name." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const found = await sortedCategories(openMailbox(params.connection, params.mailbox));
    return { result: found.map((c) => ({ key: c.id!, label: label(c) })) };
  },
});
