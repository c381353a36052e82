import { action, input } from "@prismatic-io/spectral";
import * as attachments from "../../graph/attachments";
import { openMailbox } from "../../graph/mailbox";
import { connectionInput, flag, mailboxInput } from "../../inputs/common";
import { eventIdInput } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const listEventAttachments = action({
  display: {
    label: "List Event Attachments",
    description:
      "List a calendar event's attachments: id, name, content type, size and whether each is inline; their content " +
      "(base64) on request. Needs Calendars.Read.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    includeContent: input({
      label: "Include Content",
      type: "boolean",
      default: "false",
      required: false,
      comments:
        "Return each file's content (base64, as contentBytes) too. Off by default: large files make a large answer; " +
        "Get Event Attachment reads one file as file data.",
    }),
  },
  perform: async (_context, params) => {
    const includeContent = flag("includeContent", params.includeContent, false);
    const mb = openMailbox(params.connection, params.mailbox);
    const event = attachments.ofEvent(mb, itemRef("eventId", params.eventId));
    return { data: await attachments.list(mb, event, includeContent) };
  },
});
