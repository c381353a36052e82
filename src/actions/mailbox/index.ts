/** Mailbox actions: settings, automatic replies, MailTips, Focused Inbox overrides. */
export { getMailboxSettings } from "./getMailboxSettings";
export { updateMailboxSettings } from "./updateMailboxSettings";
export { getAutomaticReplies } from "./getAutomaticReplies";
export { updateAutomaticReplies } from "./updateAutomaticReplies";
export { getMailTips } from "./getMailTips";
export { listFocusedInboxOverrides } from "./listFocusedInboxOverrides";
export { createFocusedInboxOverride } from "./createFocusedInboxOverride";
export { updateFocusedInboxOverride } from "./updateFocusedInboxOverride";
export { deleteFocusedInboxOverride } from "./deleteFocusedInboxOverride";
