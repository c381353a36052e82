import { action } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { attachmentIdInput } from "../../inputs/attachments";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const deleteEventAttachment = action({
  display: {
    label: "Delete Event Attachment",
    description: "Remove an attachment from a calendar event. Needs Calendars.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    attachmentId: attachmentIdInput,
  },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const event = attachments.ofEvent(mb, itemRef("eventId", params.eventId));
    await attachments.remove(mb, event, itemRef("attachmentId", params.attachmentId));
    return { data: { deleted: true, attachmentId: params.attachmentId } };
  },
});
