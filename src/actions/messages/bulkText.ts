/** What the bulk message actions tell users about their results, in one wording. */
export const BULK_RESULT =
  "Returns one result per message ({ id, status: done or failed, error }) and the counts (total, done, failed); " +
  "throttled messages are sent again on their own. The action fails as a whole only when every message failed the " +
  "same way (a mailbox it cannot reach, a permission it lacks).";
