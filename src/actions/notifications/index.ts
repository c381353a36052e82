import { sendNotification } from "./sendNotification";

/** Notifications: Apprise's Office 365 notify, through Send Message's machinery. */
export const notificationActions = { sendNotification };
