import { createMailFolderSubscription } from "./createMailFolderSubscription";
import { createEventSubscription } from "./createEventSubscription";
import { listSubscriptions } from "./listSubscriptions";
import { updateEventSubscriptionExpiration } from "./updateEventSubscriptionExpiration";
import { deleteSubscription } from "./deleteSubscription";
import { deleteAllInstanceSubscriptions } from "./deleteAllInstanceSubscriptions";

/**
 * Subscription actions: mail folder and event subscriptions this instance's Webhook trigger can verify.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const subscriptionActions = {
  createMailFolderSubscription,
  createEventSubscription,
  listSubscriptions,
  updateEventSubscriptionExpiration,
  deleteSubscription,
  deleteAllInstanceSubscriptions,
};
