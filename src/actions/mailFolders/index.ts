/** Mail folder actions: list one level or every level, create, rename, move, copy, delete. */
export { listMailFolders } from "./listMailFolders";
export { createMailFolder } from "./createMailFolder";
export { deleteMailFolder } from "./deleteMailFolder";
export { updateMailFolder } from "./updateMailFolder";
export { moveMailFolder } from "./moveMailFolder";
export { copyMailFolder } from "./copyMailFolder";
