import { listMasterCategories } from "./listMasterCategories";
import { createCategory } from "./createCategory";
import { updateCategory } from "./updateCategory";
import { deleteCategory } from "./deleteCategory";

/**
 * Category actions: the mailbox's master list of categories (list, create, change colour, delete).
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const categoryActions = { listMasterCategories, createCategory, updateCategory, deleteCategory };
