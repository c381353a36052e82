import { action } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { attachmentIdInput } from "../../inputs/attachments";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const getEventAttachment = action({
  display: {
    label: "Get Event Attachment",
    description:
      "Get one attachment of a calendar event with its content, of any size, as file data for later steps (the " +
      "bytes are read raw, never as base64 in JSON). Needs Calendars.Read.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    attachmentId: attachmentIdInput,
  },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const holder = attachments.ofEvent(mb, itemRef("eventId", params.eventId));
    return { data: await attachments.getAsFile(mb, holder, itemRef("attachmentId", params.attachmentId)) };
  },
});
