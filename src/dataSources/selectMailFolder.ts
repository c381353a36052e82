import { dataSource, input } from "@prismatic-io/spectral";
import { folderTree } from "../graph/folders";
import { connectionInput, mailboxInput } from "../inputs/common";
import { mailbox } from "../inputs/mail";

/** A folder picker for the configuration UI: every folder at every level, labelled by its path (Inbox/Projects/2026). */
export const selectMailFolder = dataSource({
  display: { label: "Select Mail Folder", description: "Pick a mail folder from every level of the mailbox." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: input({ ...mailboxInput }) },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    const folders = await folderTree(graph, path, `${path}/mailFolders`);
    return {
      result: folders.map((f) => ({ key: f.id!, label: f.path })).sort((a, b) => a.label.localeCompare(b.label)),
    };
  },
});
