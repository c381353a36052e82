import { dataSource, input } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { openMailbox } from "../graph/mailbox";
import * as messages from "../graph/messages";
import { connectionInput, mailboxInput } from "../inputs/common";
import { optionalItemRef } from "../inputs/ids";
import { orNone, utcMinutes } from "./labels";

/** "Quarterly report — Megan Bowen, 2026-11-23 09:30 UTC": what a person recognises a message by. */
export function messageLabel(m: Message): string {
  const from = m.from?.emailAddress;
  const sender = orNone(from?.name, orNone(from?.address, "unknown sender"));
  return `${orNone(m.subject, "(no subject)")} — ${sender}, ${utcMinutes(m.receivedDateTime)}`;
}

/** A message picker: the most recent messages of a folder, or of the whole mailbox, newest first. */
export const selectMessage = dataSource({
  display: {
    label: "Select Message",
    description:
      `Pick one of the ${messages.PICKER_MESSAGES} most recent messages of a folder (or of the whole mailbox), ` +
      "newest first.",
  },
  dataSourceType: "picklist",
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: input({
      label: "Folder ID",
      type: "string",
      required: false,
      example: "inbox",
      comments:
        "A folder ID or a well-known name (inbox, drafts, sentitems, ...) to pick from; the whole mailbox when empty.",
    }),
  },
  perform: async (_context, params) => {
    const folder = optionalItemRef("folderId", params.folderId);
    const mb = openMailbox(params.connection, params.mailbox);
    const found = await messages.recentForPicker(mb, folder);
    return { result: found.map((m) => ({ key: m.id!, label: messageLabel(m) })) };
  },
});
