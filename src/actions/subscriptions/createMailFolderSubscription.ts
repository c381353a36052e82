import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as subscriptions from "../../graph/subscriptions";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { cleanId } from "../../inputs/clean";
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
    folderId: input({
      label: "Folder ID",
      type: "string",
      default: "inbox",
      required: false,
      comments: "The folder to watch (ID or well-known name).",
      dataSource: "selectMailFolder",
      clean: cleanId("folderId"),
    }),
    changeTypes: input({
      label: "Mail Change Types",
      type: "string",
      collection: "valuelist",
      model: CHANGE_TYPES.map((v) => ({ label: v, value: v })),
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
