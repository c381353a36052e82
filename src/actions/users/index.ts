import { getCurrentUser } from "./getCurrentUser";

/**
 * User actions: the signed-in user, or a mailbox's user.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const userActions = { getCurrentUser };
