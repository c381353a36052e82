import { action, input } from "@prismatic-io/spectral";
import * as events from "../../graph/events";
import { openMailbox } from "../../graph/mailbox";
import { cleanChoice } from "../../inputs/clean";
import { connectionInput, flag, mailboxInput, picklist, text } from "../../inputs/common";
import { eventIdInput, eventResponse, RESPONSES } from "../../inputs/events";
import { itemRef } from "../../inputs/ids";

export const respondToEvent = action({
  display: {
    label: "Respond to Event",
    description: "Accept, tentatively accept or decline a meeting invitation; the organizer's event shows the answer.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    eventId: eventIdInput,
    response: input({
      label: "Response",
      type: "string",
      model: picklist(RESPONSES),
      required: true,
      comments: "No default: an empty Response is refused, so nothing is ever accepted by mistake.",
      clean: cleanChoice("response", RESPONSES),
    }),
    comment: input({
      label: "Comment",
      type: "text",
      required: false,
      placeholder: "I'll join from the Buffalo office.",
      comments: "A note to the organizer with the answer.",
    }),
    sendResponse: input({
      label: "Send Response",
      type: "boolean",
      default: "true",
      required: false,
      comments: "Send the answer to the organizer (off: the answer is recorded without a message).",
    }),
  },
  perform: async (_context, params) => {
    const response = eventResponse(params);
    const sendResponse = flag("sendResponse", params.sendResponse, true);
    const mb = openMailbox(params.connection, params.mailbox);
    await events.respond(mb, itemRef("eventId", params.eventId), response, {
      sendResponse,
      comment: text("comment", params.comment),
    });
    return { data: { response, eventId: params.eventId } };
  },
});
