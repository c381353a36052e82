import { getMailboxSettings } from "./getMailboxSettings";
import { updateMailboxSettings } from "./updateMailboxSettings";
import { getAutomaticReplies } from "./getAutomaticReplies";
import { updateAutomaticReplies } from "./updateAutomaticReplies";
import { getMailTips } from "./getMailTips";
import { listFocusedInboxOverrides } from "./listFocusedInboxOverrides";
import { createFocusedInboxOverride } from "./createFocusedInboxOverride";
import { updateFocusedInboxOverride } from "./updateFocusedInboxOverride";
import { deleteFocusedInboxOverride } from "./deleteFocusedInboxOverride";

/**
 * Mailbox actions: settings, automatic replies, MailTips, Focused Inbox overrides.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const mailboxActions = {
  getMailboxSettings,
  updateMailboxSettings,
  getAutomaticReplies,
  updateAutomaticReplies,
  getMailTips,
  listFocusedInboxOverrides,
  createFocusedInboxOverride,
  updateFocusedInboxOverride,
  deleteFocusedInboxOverride,
};
