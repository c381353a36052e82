import { component } from "@prismatic-io/spectral";
import { attachmentActions } from "./actions/attachments";
import { calendarActions } from "./actions/calendars";
import { categoryActions } from "./actions/categories";
import { contactActions } from "./actions/contacts";
import { eventActions } from "./actions/events";
import { mailboxActions } from "./actions/mailbox";
import { mailFolderActions } from "./actions/mailFolders";
import { messageRuleActions } from "./actions/messageRules";
import { meetingActions } from "./actions/meetings";
import { messageActions } from "./actions/messages";
import { notificationActions } from "./actions/notifications";
import { placeActions } from "./actions/places";
import { rawActions } from "./actions/raw";
import { subscriptionActions } from "./actions/subscriptions";
import { userActions } from "./actions/users";
import { withPersistedRefreshTokens } from "./auth/persistState";
import { appriseUrl } from "./connections/appriseUrl";
import { authorizationCode } from "./connections/authorizationCode";
import { certificate } from "./connections/certificate";
import { clientCredentials } from "./connections/clientCredentials";
import { oauth2 } from "./connections/oauth2";
import { personal } from "./connections/personal";
import { dataSources } from "./dataSources";
import { scrubError } from "./errors";
import { examplePayloads } from "./examplePayloads";
import { attachExamplePayloads } from "./examplePayloads/attach";
import { triggers } from "./triggers";

/** The component: its connections, actions (one folder per resource), triggers, pickers and error hook. */
const outlook = component({
  key: "ms-outlook",
  display: {
    label: "Microsoft Outlook",
    description:
      "Send and read mail with attachments up to 150 MB, manage folders, calendars and events, and react to " +
      "Outlook changes, on any tenant, shared mailbox, national cloud or personal Microsoft account.",
    iconPath: "icon.png",
  },
  connections: [oauth2, authorizationCode, clientCredentials, certificate, personal, appriseUrl],
  // Every block runs with its instance state at hand: personal accounts' rotating refresh tokens are kept there.
  actions: withPersistedRefreshTokens({
    ...messageActions,
    ...notificationActions,
    ...attachmentActions,
    ...mailFolderActions,
    ...mailboxActions,
    ...messageRuleActions,
    ...categoryActions,
    ...contactActions,
    ...calendarActions,
    ...eventActions,
    ...meetingActions,
    ...placeActions,
    ...subscriptionActions,
    ...userActions,
    ...rawActions,
  }),
  triggers: withPersistedRefreshTokens({ ...triggers }),
  dataSources: withPersistedRefreshTokens({ ...dataSources }),
  hooks: { error: scrubError },
});

// Each block's example payload (`npm run examples`): the designer maps later steps from it before anything has run.
attachExamplePayloads(outlook, examplePayloads);

export default outlook;
