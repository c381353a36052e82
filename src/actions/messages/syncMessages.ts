import { action, input } from "@prismatic-io/spectral";
import { messageDelta } from "../../graph/delta";
import { openMailbox } from "../../graph/mailbox";
import { userLink } from "../../graph/paging";
import { connectionInput, mailboxInput, text } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { folderIdInput } from "../../inputs/mailFolders";
import { readSyncOptions, SYNC_CHANGE_TYPES } from "../../inputs/messages";

/**
 * Incremental sync of a folder (Graph's delta query): the first run returns what is there and a
 * Delta Link; give that link back next time to get only what changed since, removals included.
 */
export const syncMessages = action({
  display: {
    label: "Sync Folder Messages",
    description:
      "Get what changed in a folder since the last sync (created, updated and removed messages), " +
      "and the state to resume from.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: folderIdInput,
    deltaLink: input({
      label: "Delta Link",
      type: "string",
      required: false,
      comments: "The deltaLink a previous run returned. Empty for a first, full sync.",
    }),
    select: input({
      label: "Select",
      type: "string",
      required: false,
      comments: "Comma-separated properties to return (first sync only; later runs keep them).",
    }),
    changeType: input({
      label: "Change Type",
      type: "string",
      model: SYNC_CHANGE_TYPES.map((v) => ({ label: v, value: v })),
      default: "all",
      required: false,
    }),
    receivedSince: input({
      label: "Received Since",
      type: "string",
      required: false,
      comments: "First sync only: messages received at or after this ISO 8601 time.",
    }),
  },
  perform: async (_context, params) => {
    const query = readSyncOptions(params);
    const mb = openMailbox(params.connection, params.mailbox);
    const link = text("deltaLink", params.deltaLink)?.trim();
    // A link goes back only to the connection's own Graph host, with the token.
    const start = link
      ? { link: userLink(mb.graph, link, "deltaLink", "$deltatoken") }
      : { folder: itemRef("folderId", params.folderId), query };
    return { data: await messageDelta(mb, start) };
  },
});
