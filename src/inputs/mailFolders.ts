import { input } from "@prismatic-io/spectral";
import { cleanId } from "./clean";

/** Inputs that name mail folders. */

export const folderIdInput = input({
  label: "Folder ID",
  type: "string",
  required: true,
  comments: "A folder ID or a well-known name (inbox, drafts, sentitems, deleteditems, archive, junkemail, ...).",
  dataSource: "selectMailFolder",
  clean: cleanId("folderId"),
});

/** The folder a trigger watches: optional, the Inbox when empty. */
export const watchedFolderInput = (comments: string) =>
  input({
    label: "Folder ID",
    type: "string",
    default: "inbox",
    required: false,
    comments,
    dataSource: "selectMailFolder",
    clean: cleanId("folderId"),
  });

export const parentFolderInput = input({
  label: "Parent Folder ID",
  type: "string",
  required: false,
  comments: "Work under this folder (ID or well-known name). Omit for the root-level folders.",
  dataSource: "selectMailFolder",
  clean: cleanId("parentFolderId"),
});

/** Where Move Message and Copy Message put the message. */
export const messageDestinationInput = input({
  label: "Destination Folder ID",
  type: "string",
  required: true,
  comments: "A folder ID or well-known name (inbox, archive, deleteditems, junkemail, ...).",
  dataSource: "selectMailFolder",
  clean: cleanId("destinationFolderId"),
});

/** Where Move Mail Folder and Copy Mail Folder put the folder. */
export const folderDestinationInput = input({
  label: "Destination Folder ID",
  type: "string",
  required: true,
  comments: "The folder to put it under: an ID or a well-known name.",
  dataSource: "selectMailFolder",
  clean: cleanId("destinationFolderId"),
});
