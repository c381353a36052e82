import { action, input } from "@prismatic-io/spectral";
import type { MailFolder } from "@microsoft/microsoft-graph-types";
import { folderTree } from "../../graph/folders";
import { itemId } from "../../graph/paths";
import { PropertyNullError } from "../../errors";
import { connectionInput, flag, mailboxInput, text } from "../../inputs/common";
import { folderIdInput, folderPath, mailbox } from "../../inputs/mail";
import { listPage, pagingInputs, readPaging } from "../../inputs/paging";

const parentFolderInput = input({
  label: "Parent Folder ID",
  type: "string",
  required: false,
  comments: "Work under this folder (ID or well-known name). Omit for the root-level folders.",
  dataSource: "selectMailFolder",
});

/** The collection of folders under a parent: the mailbox's root-level folders, or a folder's children. */
const childrenPath = (mailboxPath: string, parent: string | undefined) =>
  parent ? `${folderPath(mailboxPath, parent, "parentFolderId")}/childFolders` : `${mailboxPath}/mailFolders`;

export const listMailFolders = action({
  display: {
    label: "List Mail Folders",
    description:
      "List the folders under the root (or a parent folder), one level or every level with each folder's path.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    parentFolderId: parentFolderInput,
    includeSubfolders: input({
      label: "Include All Subfolders",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Walk every level below; each folder gets a path such as Inbox/Projects/2026. Ignores paging.",
    }),
    includeHidden: input({ label: "Include Hidden Folders", type: "boolean", default: "false", required: false }),
    ...pagingInputs,
  },
  perform: async (_context, params) => {
    const all = flag("includeSubfolders", params.includeSubfolders, false);
    const hidden = flag("includeHidden", params.includeHidden, false);
    const paging = readPaging(params);
    const { graph, path } = mailbox(params);
    const base = childrenPath(path, text(params.parentFolderId));
    if (all) return { data: { value: await folderTree(graph, path, base) } };
    const data = await listPage<MailFolder>(
      graph,
      {
        method: "GET",
        path: base,
        query: { includeHiddenFolders: hidden ? "true" : undefined },
        notFound: "parentFolderId",
      },
      paging,
    );
    return { data };
  },
});

export const createMailFolder = action({
  display: { label: "Create Mail Folder", description: "Create a mail folder at the root or under a parent folder." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    parentFolderId: parentFolderInput,
    displayName: input({ label: "Display Name", type: "string", required: true }),
    isHidden: input({ label: "Hidden", type: "boolean", default: "false", required: false }),
  },
  perform: async (_context, params) => {
    const displayName = text(params.displayName);
    if (!displayName) throw new PropertyNullError("displayName", "Name the folder.");
    const isHidden = flag("isHidden", params.isHidden, false);
    const { graph, path } = mailbox(params);
    const data = await graph.call<MailFolder>({
      method: "POST",
      path: childrenPath(path, text(params.parentFolderId)),
      body: { displayName, isHidden },
      notFound: "parentFolderId",
    });
    return { data };
  },
});

export const deleteMailFolder = action({
  display: {
    label: "Delete Mail Folder",
    description: "Delete a mail folder (it goes to Deleted Items with its contents).",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, folderId: folderIdInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    await graph.call({ method: "DELETE", path: folderPath(path, params.folderId), notFound: "folderId" });
    return { data: { deleted: true, folderId: params.folderId } };
  },
});

export const updateMailFolder = action({
  display: { label: "Update Mail Folder", description: "Rename a mail folder." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: folderIdInput,
    displayName: input({ label: "Display Name", type: "string", required: true }),
  },
  perform: async (_context, params) => {
    const displayName = text(params.displayName);
    if (!displayName) throw new PropertyNullError("displayName", "Give the folder's new name.");
    const { graph, path } = mailbox(params);
    const data = await graph.call<MailFolder>({
      method: "PATCH",
      path: folderPath(path, params.folderId),
      body: { displayName },
      notFound: "folderId",
    });
    return { data };
  },
});

function moveOrCopyFolder(kind: "move" | "copy") {
  return action({
    display: {
      label: kind === "move" ? "Move Mail Folder" : "Copy Mail Folder",
      description:
        kind === "move"
          ? "Move a mail folder, with its contents, under another folder."
          : "Copy a mail folder, with its contents, under another folder.",
    },
    inputs: {
      connection: connectionInput,
      mailbox: mailboxInput,
      folderId: folderIdInput,
      destinationFolderId: input({
        label: "Destination Folder ID",
        type: "string",
        required: true,
        dataSource: "selectMailFolder",
      }),
    },
    perform: async (_context, params) => {
      const destinationId = decodeURIComponent(itemId("destinationFolderId", params.destinationFolderId));
      const { graph, path } = mailbox(params);
      const data = await graph.call<MailFolder>({
        method: "POST",
        path: `${folderPath(path, params.folderId)}/${kind}`,
        body: { destinationId },
        notFound: "folderId",
      });
      return { data };
    },
  });
}

export const moveMailFolder = moveOrCopyFolder("move");
export const copyMailFolder = moveOrCopyFolder("copy");
