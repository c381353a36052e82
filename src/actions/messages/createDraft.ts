import { action, input } from "@prismatic-io/spectral";
import * as drafts from "../../graph/drafts";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { composeInputs, composeMessage } from "../../inputs/compose";
import { cleanId } from "../../inputs/clean";
import { optionalItemRef } from "../../inputs/ids";

export const createDraft = action({
  display: {
    label: "Create Draft",
    description:
      "Create a draft message to send later (To may be empty), with attachments of any size up to 150 MB: upload " +
      "sessions above 3 MB, and the draft deleted if one fails.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    ...composeInputs,
    folderId: input({
      label: "Folder ID",
      type: "string",
      required: false,
      comments: "Create the draft in this folder (ID or well-known name) instead of Drafts.",
      dataSource: "selectMailFolder",
      clean: cleanId("folderId"),
    }),
  },
  perform: async (_context, params) => {
    const { message, attachments } = composeMessage(params, false);
    const mb = openMailbox(params.connection, params.mailbox);
    const folder = optionalItemRef("folderId", params.folderId);
    return { data: await drafts.createDraft(mb, message, attachments, folder, "Create Draft") };
  },
});
