import { dataSource } from "@prismatic-io/spectral";
import type { Contact } from "@microsoft/microsoft-graph-types";
import * as contacts from "../graph/contacts";
import { openMailbox } from "../graph/mailbox";
import { connectionInput, mailboxInput } from "../inputs/common";

/** "Dana Swope <dana@contoso.com>", with the folder's path after it for contacts in a contact folder. */
function contactLabel(c: Contact & { folderPath?: string }): string {
  const address = c.emailAddresses?.find((e) => e.address)?.address;
  const name = c.displayName || address || "(no name)";
  const shown = address && name !== address ? `${name} <${address}>` : name;
  return c.folderPath ? `${shown} (${c.folderPath})` : shown;
}

/** A contact picker: every contact of the default Contacts folder and of every contact folder, by name. */
export const selectContact = dataSource({
  display: { label: "Select Contact", description: "Pick a contact by name and email, from any contact folder." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const found = await contacts.everyContact(openMailbox(params.connection, params.mailbox));
    const result = found.map((c) => ({ key: c.id!, label: contactLabel(c) }));
    return { result: result.sort((a, b) => a.label.localeCompare(b.label)) };
  },
});

/** A contact folder picker: every contact folder at every level, by path (Suppliers/Europe). */
export const selectContactFolder = dataSource({
  display: { label: "Select Contact Folder", description: "Pick a contact folder from every level." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const folders = await contacts.folderTree(openMailbox(params.connection, params.mailbox));
    const result = folders.map((f) => ({ key: f.id!, label: f.path }));
    return { result: result.sort((a, b) => a.label.localeCompare(b.label)) };
  },
});
