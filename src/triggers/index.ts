import { webhook } from "./webhook";
import { mailWebhook, eventWebhook } from "./managed";
import { mailPolling } from "./polling";
import { flaggedMailPolling } from "./flagged";
import { eventStartingSoon } from "./startingSoon";

/**
 * Triggers: the generic Webhook, the self-managing mail and event webhooks, new and flagged mail by
 * polling, and events starting soon.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const triggers = { webhook, mailWebhook, eventWebhook, mailPolling, flaggedMailPolling, eventStartingSoon };
