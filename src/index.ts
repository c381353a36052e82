import { component } from "@prismatic-io/spectral";
import * as attachmentActions from "./actions/attachments";
import * as calendarActions from "./actions/calendars";
import * as eventActions from "./actions/events";
import * as mailboxActions from "./actions/mailbox";
import * as mailFolderActions from "./actions/mailFolders";
import * as messageActions from "./actions/messages";
import * as rawActions from "./actions/raw";
import * as subscriptionActions from "./actions/subscriptions";
import * as userActions from "./actions/users";
import { authorizationCode } from "./connections/authorizationCode";
import { certificate } from "./connections/certificate";
import { clientCredentials } from "./connections/clientCredentials";
import * as dataSources from "./dataSources";
import { scrubError } from "./errors";
import * as triggers from "./triggers";

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
