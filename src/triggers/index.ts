import { webhook } from "./webhook";
import { mailWebhook, eventWebhook } from "./managed";
import { mailPolling } from "./polling";

/**
 * Triggers: the generic Webhook, the self-managing mail and event webhooks, and mail polling.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const triggers = { webhook, mailWebhook, eventWebhook, mailPolling };
