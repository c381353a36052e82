/** Subscription actions: mail folder and event subscriptions this instance's Webhook trigger can verify. */
export { createMailFolderSubscription } from "./createMailFolderSubscription";
export { createEventSubscription } from "./createEventSubscription";
export { listSubscriptions } from "./listSubscriptions";
export { updateEventSubscriptionExpiration } from "./updateEventSubscriptionExpiration";
export { deleteSubscription } from "./deleteSubscription";
export { deleteAllInstanceSubscriptions } from "./deleteAllInstanceSubscriptions";
