import { listMasterCategories } from "./listMasterCategories";

/**
 * Category actions: the mailbox's master list of categories.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const categoryActions = { listMasterCategories };
