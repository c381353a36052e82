import type { MeetingTimeSuggestionsResult } from "@microsoft/microsoft-graph-types";
import type { MeetingTimesRequest } from "../inputs/meetings";
import { preferZone } from "./events";
import type { MailboxRef } from "./mailbox";
import { graphPath } from "./path";

/** Meeting times (Graph's findMeetingTimes): suggestions from the organizer's, attendees' and rooms' free/busy. */

/**
 * Times when the attendees (and, when asked, a room) are free, each with Graph's confidence and each
 * attendee's and the organizer's availability, in the request's zone. Only reads calendars, so a
 * lost answer is simply asked again.
 */
export function findMeetingTimes(mb: MailboxRef, request: MeetingTimesRequest): Promise<MeetingTimeSuggestionsResult> {
  return mb.graph.call<MeetingTimeSuggestionsResult>({
    method: "POST",
    path: graphPath`${mb.root}/findMeetingTimes`,
    body: request.body,
    headers: preferZone(request.zone),
    repeatable: true,
  });
}
