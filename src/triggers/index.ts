/** Triggers: the generic Webhook, the self-managing mail and event webhooks, and mail polling. */
export { webhook } from "./webhook";
export { mailWebhook, eventWebhook } from "./managed";
export { mailPolling } from "./polling";
