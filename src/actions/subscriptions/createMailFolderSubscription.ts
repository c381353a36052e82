import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as subscriptions from "../../graph/subscriptions";
import { connectionInput, flag, mailboxInput, picklist } from "../../inputs/common";
import { watchedFolderInput } from "../../inputs/mailFolders";
import { itemRefOr } from "../../inputs/ids";
import {
  allowDuplicatesInput,
  CHANGE_TYPES,
  changeTypes,
  cleanChangeTypes,
  expirationFor,
  expirationInput,
  notificationUrl,
  notificationUrlInput,
} from "../../inputs/subscriptions";
import { publicView, subscribeUnlessSubscribed } from "../../webhooks/subscriptions";

/** Subscriptions made by actions are recorded, so this instance's Webhook trigger can verify their notifications. */
export const createMailFolderSubscription = action({
  display: {
    label: "Create Mail Folder Subscription",
    description:
      "Create a subscription to a mail folder's messages, so Graph notifies a URL (usually a flow's webhook) of " +
      "their changes; returned without its clientState.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: watchedFolderInput("The folder to watch (ID or well-known name)."),
    changeTypes: input({
      label: "Mail Change Types",
      type: "string",
      collection: "valuelist",
      model: picklist(CHANGE_TYPES),
      required: false,
      comments: "The type of change to listen for; created when empty.",
      clean: cleanChangeTypes(),
    }),
    notificationUrl: notificationUrlInput,
    expiration: expirationInput,
    allowDuplicates: allowDuplicatesInput,
  },
  perform: async (context, params) => {
    const url = notificationUrl(params.notificationUrl);
    const expirationDateTime = expirationFor("expiration", params.expiration, false);
    const changeType = changeTypes(params.changeTypes, ["created"]);
    const allowDuplicates = flag("allowDuplicates", params.allowDuplicates, false);
    const mb = openMailbox(params.connection, params.mailbox);
    const folder = itemRefOr("folderId", params.folderId, "inbox");
    const container = subscriptions.mailFolderContainer(mb, folder);
    const spec = {
      resource: subscriptions.resourceOf(container, "messages"),
      changeType,
      notificationUrl: url,
      lifecycleNotificationUrl: url,
      expirationDateTime,
      kind: "message" as const,
      containerPath: String(container),
      watchedInput: folder.input,
      owner: "action",
    };
    const made = await subscribeUnlessSubscribed(mb.graph, context, spec, allowDuplicates);
    if ("existing" in made) return { data: { ...publicView(made.existing), existing: true } };
    return { data: publicView(made.created), crossFlowState: context.crossFlowState };
  },
});
