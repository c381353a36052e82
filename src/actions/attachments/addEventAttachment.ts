import { action, input } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { attachmentFrom } from "../../inputs/attachments";
import { connectionInput, flag, mailboxInput, text } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const addEventAttachment = action({
  display: {
    label: "Add Event Attachment",
    description:
      "Add a file of any size up to 150 MB to a calendar event: in one request under 3 MB, through an upload " +
      "session (4 MB chunks, resumed after a lost chunk) above. For a meeting you organize, attendees see the file " +
      "once the event is updated. Needs Calendars.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    fileName: input({ label: "File Name", type: "string", required: true, example: "agenda.pdf" }),
    file: input({
      label: "File",
      type: "data",
      required: true,
      comments: "The file's content: a reference to a previous step's file output. At most 150 MB.",
    }),
    isInline: input({
      label: "Inline",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Show the attachment in the event's body (reference it there with cid: and the Content ID).",
    }),
    contentId: input({
      label: "Content ID",
      type: "string",
      required: false,
      comments: "The id an inline attachment is referenced by in the body (cid:...). Empty for ordinary files.",
    }),
  },
  perform: async (_context, params) => {
    const attachment = attachmentFrom("fileName", params.fileName, "file", params.file);
    attachment.isInline = flag("isInline", params.isInline, false);
    attachment.contentId = text("contentId", params.contentId);
    const mb = openMailbox(params.connection, params.mailbox);
    const added = await attachments.add(mb, attachments.ofEvent(mb, itemRef("eventId", params.eventId)), attachment);
    const { name, contentType } = attachment;
    return { data: { name, contentType, size: attachment.content.length, ...added } };
  },
});
