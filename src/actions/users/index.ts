/** User actions: the signed-in user, or a mailbox's user. */
export { getCurrentUser } from "./getCurrentUser";
