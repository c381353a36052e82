import { listInboxRules } from "./listInboxRules";
import { getInboxRule } from "./getInboxRule";
import { createInboxRule } from "./createInboxRule";
import { updateInboxRule } from "./updateInboxRule";
import { deleteInboxRule } from "./deleteInboxRule";

/**
 * Inbox rule actions: list, get, create, update, delete the rules Exchange runs on arriving mail.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const messageRuleActions = { listInboxRules, getInboxRule, createInboxRule, updateInboxRule, deleteInboxRule };
