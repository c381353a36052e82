import { listMailFolders } from "./listMailFolders";
import { createMailFolder } from "./createMailFolder";
import { deleteMailFolder } from "./deleteMailFolder";
import { updateMailFolder } from "./updateMailFolder";
import { moveMailFolder } from "./moveMailFolder";
import { copyMailFolder } from "./copyMailFolder";

/**
 * Mail folder actions: list one level or every level, create, rename, move, copy, delete.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const mailFolderActions = {
  listMailFolders,
  createMailFolder,
  deleteMailFolder,
  updateMailFolder,
  moveMailFolder,
  copyMailFolder,
};
