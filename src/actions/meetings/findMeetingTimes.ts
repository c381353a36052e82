import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as meetings from "../../graph/meetings";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { meetingTimeInputs, meetingTimesRequest } from "../../inputs/meetings";

export const findMeetingTimes = action({
  display: {
    label: "Find Meeting Times",
    description:
      "Suggest times for a meeting from the free/busy of the organizer (this mailbox), the attendees and the rooms, " +
      "within working hours or a window you give. Each suggestion has its time slot, Graph's confidence (0 to 100), " +
      "the organizer's and each attendee's availability, the rooms free for the slot and why it was suggested; when " +
      "there is none, emptySuggestionsReason says why. Needs Calendars.Read.Shared (delegated) or Calendars.Read " +
      "(application).",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ...meetingTimeInputs },
  perform: async (_context, params) => {
    const request = meetingTimesRequest(params);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await meetings.findMeetingTimes(mb, request) };
  },
});
