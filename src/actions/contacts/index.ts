import { listContacts } from "./listContacts";
import { searchContacts } from "./searchContacts";
import { getContact } from "./getContact";
import { createContact } from "./createContact";
import { updateContact } from "./updateContact";
import { deleteContact } from "./deleteContact";
import { listContactFolders } from "./listContactFolders";
import { createContactFolder } from "./createContactFolder";
import { updateContactFolder } from "./updateContactFolder";
import { deleteContactFolder } from "./deleteContactFolder";

/**
 * Contact actions: contacts (list, search, get, create, update, delete) and contact folders (list, create, rename,
 * delete). An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const contactActions = {
  listContacts,
  searchContacts,
  getContact,
  createContact,
  updateContact,
  deleteContact,
  listContactFolders,
  createContactFolder,
  updateContactFolder,
  deleteContactFolder,
};
