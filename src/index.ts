import { component } from "@prismatic-io/spectral";
import { attachmentActions } from "./actions/attachments";
import { calendarActions } from "./actions/calendars";
import { categoryActions } from "./actions/categories";
import { eventActions } from "./actions/events";
import { mailboxActions } from "./actions/mailbox";
import { mailFolderActions } from "./actions/mailFolders";
import { messageActions } from "./actions/messages";
import { rawActions } from "./actions/raw";
import { subscriptionActions } from "./actions/subscriptions";
import { userActions } from "./actions/users";
import { authorizationCode } from "./connections/authorizationCode";
import { certificate } from "./connections/certificate";
import { clientCredentials } from "./connections/clientCredentials";
import { dataSources } from "./dataSources";
import { scrubError } from "./errors";
import { triggers } from "./triggers";

/** The component: its connections, actions (one folder per resource), triggers, pickers and error hook. */
export default component({
  key: "ms-outlook",
  display: {
    label: "Microsoft Outlook",
    description:
      "Send and read mail with attachments up to 150 MB, manage folders, calendars and events, and react to " +
      "Outlook changes, on any tenant, shared mailbox or national cloud.",
    iconPath: "icon.png",
  },
  connections: [authorizationCode, clientCredentials, certificate],
  actions: {
    ...messageActions,
    ...attachmentActions,
    ...mailFolderActions,
    ...mailboxActions,
    ...categoryActions,
    ...calendarActions,
    ...eventActions,
    ...subscriptionActions,
    ...userActions,
    ...rawActions,
  },
  triggers: { ...triggers },
  dataSources: { ...dataSources },
  hooks: { error: scrubError },
});
