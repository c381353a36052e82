import { dataSource, input } from "@prismatic-io/spectral";
import { openMailbox } from "../graph/mailbox";
import * as mailFolders from "../graph/mailFolders";
import { connectionInput, mailboxInput } from "../inputs/common";

/**
 * A folder picker for the configuration UI: every folder at every level, labelled by its path (Inbox/Projects/2026).
 */
export const selectMailFolder = dataSource({
  display: {
    label: "Select Mail Folder",
    description: "Pick a mail folder from every level of the mailbox, labelled by its path (Inbox/Projects/2026).",
  },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: input({ ...mailboxInput }) },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const folders = await mailFolders.tree(mb);
    return {
      result: folders.map((f) => ({ key: f.id!, label: f.path })).sort((a, b) => a.label.localeCompare(b.label)),
    };
  },
});
