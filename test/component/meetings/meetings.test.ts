import { randomBytes } from "node:crypto";
import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, folderMessages, secretConnection, startSandbox } from "../support";

/**
 * Meetings against the sandbox: rooms and room lists, Find Meeting Times over calendars arranged
 * busy first (each suggestion checked free in every calendar), Forward Event, reminders (Reminder
 * View, snooze, dismiss, per occurrence), and event attachments of any size.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const ROOM_ADAMS = "confroomadams@contoso.onmicrosoft.com";
const ROOM_BAKER = "confroombaker@contoso.onmicrosoft.com";
const eventsOf = (userId: string) => [...sb.store.mailbox(userId).events.values()];
const userOf = (address: string) => sb.store.findByAddress(address)!;

/** Whether anything on a mailbox's calendar (not cancelled, not declined) overlaps [from, to). */
function busy(address: string, from: number, to: number): string[] {
  return eventsOf(userOf(address).id)
    .filter((e) => !e.isCancelled && e.responseStatus.response !== "declined" && e.start < to && e.end > from)
    .map((e) => e.subject);
}

type Suggestion = {
  confidence: number;
  organizerAvailability: string;
  attendeeAvailability: { attendee: { emailAddress: { address: string } }; availability: string }[];
  locations: { locationEmailAddress: string }[];
  meetingTimeSlot: { start: { dateTime: string; timeZone: string }; end: { dateTime: string; timeZone: string } };
};

describe("rooms and room lists", () => {
  it("lists the tenant's rooms, its room lists and a list's rooms, page by page", async () => {
    const rooms = await run("listRooms", {});
    expect((rooms.value ?? []).map((r) => r.emailAddress)).toEqual([ROOM_ADAMS, ROOM_BAKER]);
    expect(rooms.value![0]).toMatchObject({ displayName: "Conf Room Adams", capacity: 8 });
    const firstPage = await run("listRooms", { pageLimit: "1" });
    expect(firstPage.value).toHaveLength(1);
    expect(firstPage.nextLink).toEqual(expect.stringContaining("skip"));
    const lists = await run("listRoomLists", { fetchAll: true });
    expect((lists.value ?? []).map((l) => l.emailAddress)).toEqual(["building1@contoso.onmicrosoft.com"]);
    for (const key of ["building1@contoso.onmicrosoft.com", String(lists.value![0].id)]) {
      const inList = await run("listRoomsInList", { roomListId: key });
      expect((inList.value ?? []).map((r) => r.displayName)).toEqual(["Conf Room Adams", "Conf Room Baker"]);
    }
    const err = await actionError("listRoomsInList", { connection, roomListId: "nowhere@contoso.onmicrosoft.com" });
    expect(err).toMatchObject({ status: 404, property: "roomListId" });
    const bad = await actionError("listRoomsInList", { connection, roomListId: "a/b" });
    expect(bad).toMatchObject({ name: "ArgumentError", property: "roomListId" });
    const tooMany = await actionError("listRooms", { connection, pageLimit: "101" });
    expect(tooMany).toMatchObject({ name: "ArgumentError", property: "pageLimit" });
  });
});

describe("Find Meeting Times", () => {
  // Tuesday 1 December 2026, working hours 08:00 to 17:00 UTC for everyone.
  const at = (hhmm: string) => Date.parse(`2026-12-01T${hhmm}:00Z`);

  beforeAll(async () => {
    const meet = (mailbox: string, subject: string, from: string, to: string, attendees: string[] = []) =>
      run("createEvent", {
        mailbox,
        subject,
        startAt: `2026-12-01T${from}:00`,
        endAt: `2026-12-01T${to}:00`,
        attendees,
      });
    await meet(USERS.adele.upn, "Adele's early call", "08:00", "09:00");
    await meet(USERS.alex.upn, "Alex's workshop", "09:00", "11:00");
    await meet(USERS.megan.upn, "Megan's review", "11:00", "12:00");
    // Megan books Conf Room Adams at noon: the room's calendar holds the meeting.
    await run("createEvent", {
      mailbox: USERS.megan.upn,
      subject: "Lunch talk",
      startAt: "2026-12-01T12:00:00",
      endAt: "2026-12-01T13:00:00",
      attendeesDataCollection: JSON.stringify([{ emailAddress: { address: ROOM_ADAMS }, type: "resource" }]),
    });
    expect(busy(ROOM_ADAMS, at("12:00"), at("13:00"))).toEqual(["Lunch talk"]);
  });

  it("returns a slot free for every attendee and a room; each slot it returns is free in their calendars", async () => {
    const result = (await run("findMeetingTimes", {
      mailbox: USERS.adele.upn,
      attendees: [USERS.alex.upn],
      optionalAttendees: [`Megan Bowen <${USERS.megan.upn}>`],
      durationMinutes: "60",
      windowStart: "2026-12-01T09:00:00",
      windowEnd: "2026-12-01T16:00:00",
      timeZone: "Europe/Berlin",
      rooms: [`Adams <${ROOM_ADAMS}>`],
      roomRequired: true,
      minimumAttendeePercentage: "100",
    })) as unknown as { emptySuggestionsReason: string; meetingTimeSuggestions: Suggestion[] };
    const [first] = result.meetingTimeSuggestions;
    // 08:00 UTC Adele is busy, then Alex until 11:00, Megan until 12:00, the room until 13:00 (14:00 in Berlin).
    expect(first.meetingTimeSlot).toEqual({
      start: { dateTime: "2026-12-01T14:00:00.0000000", timeZone: "W. Europe Standard Time" },
      end: { dateTime: "2026-12-01T15:00:00.0000000", timeZone: "W. Europe Standard Time" },
    });
    expect(first).toMatchObject({ confidence: 100, organizerAvailability: "free" });
    expect(first.attendeeAvailability.map((a) => [a.attendee.emailAddress.address, a.availability])).toEqual([
      [USERS.alex.upn, "free"],
      [USERS.megan.upn, "free"],
    ]);
    expect(first.locations.map((l) => l.locationEmailAddress)).toEqual([ROOM_ADAMS]);
    expect(result.meetingTimeSuggestions.length).toBeGreaterThan(1);
    for (const s of result.meetingTimeSuggestions) {
      const from = Date.parse(`${s.meetingTimeSlot.start.dateTime.slice(0, 19)}+01:00`);
      const to = Date.parse(`${s.meetingTimeSlot.end.dateTime.slice(0, 19)}+01:00`);
      for (const who of [USERS.adele.upn, USERS.alex.upn, USERS.megan.upn, ROOM_ADAMS])
        expect([who, s.meetingTimeSlot.start.dateTime, busy(who, from, to)]).toEqual([
          who,
          s.meetingTimeSlot.start.dateTime,
          [],
        ]);
    }
    // Graph's own free/busy agrees for the first slot.
    const schedule = (await run("getScheduleAvailability", {
      mailbox: USERS.adele.upn,
      schedules: [USERS.alex.upn, USERS.megan.upn, ROOM_ADAMS],
      startAt: "2026-12-01T13:00:00",
      endAt: "2026-12-01T14:00:00",
      availabilityViewInterval: "60",
    })) as unknown as { availabilityView: string }[];
    expect(schedule.map((s) => s.availabilityView)).toEqual(["0", "0", "0"]);
  });

  it("finds nothing when a required room is never free, and says why", async () => {
    const result = (await run("findMeetingTimes", {
      mailbox: USERS.adele.upn,
      attendees: [USERS.alex.upn],
      durationMinutes: "60",
      windowStart: "2026-12-01T12:00:00",
      windowEnd: "2026-12-01T13:00:00",
      rooms: [ROOM_ADAMS],
      roomRequired: true,
    })) as unknown as { emptySuggestionsReason: string; meetingTimeSuggestions: Suggestion[] };
    expect(result.meetingTimeSuggestions).toEqual([]);
    expect(result.emptySuggestionsReason).not.toBe("");
  });

  it("looks outside working hours only when told to", async () => {
    const ask = (activityDomain: string) =>
      run("findMeetingTimes", {
        mailbox: USERS.adele.upn,
        attendees: [USERS.alex.upn],
        durationMinutes: "30",
        windowStart: "2026-12-01T18:00:00",
        windowEnd: "2026-12-01T19:00:00",
        activityDomain,
      }) as unknown as Promise<{ meetingTimeSuggestions: Suggestion[] }>;
    expect((await ask("work")).meetingTimeSuggestions).toEqual([]);
    expect((await ask("unrestricted")).meetingTimeSuggestions.map((s) => s.meetingTimeSlot.start.dateTime)).toEqual([
      "2026-12-01T18:00:00.0000000",
      "2026-12-01T18:30:00.0000000",
    ]);
  });

  it("refuses what cannot be asked before any request", async () => {
    const before = sb.requests.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ windowStart: "2026-12-01T10:00:00" }, "windowEnd"],
      [{ windowStart: "2026-12-01T10:00:00", windowEnd: "2026-12-01T10:20:00" }, "windowEnd"],
      [{ durationMinutes: "0" }, "durationMinutes"],
      [{ rooms: ["not a room"] }, "rooms[0]"],
      [{ attendees: ["a@b.com\r\nBcc: x@y.com"] }, "attendees[0]"],
      [{ minimumAttendeePercentage: "101" }, "minimumAttendeePercentage"],
      [{ activityDomain: "weekends" }, "activityDomain"],
      [{ timeZone: "Mars/Olympus" }, "timeZone"],
    ];
    for (const [params, property] of cases) {
      const err = await actionError("findMeetingTimes", { connection, mailbox: USERS.adele.upn, ...params });
      expect([property, err.property]).toEqual([property, property]);
    }
    expect(sb.requests.length).toBe(before);
  });
});

describe("Forward Event", () => {
  it("forwards an attendee's meeting: the new person is invited and joins the organizer's event", async () => {
    const meeting = await run("createEvent", {
      mailbox: USERS.adele.upn,
      subject: "Roadmap",
      attendees: [USERS.alex.upn],
      startAt: "2026-12-02T10:00:00",
      endAt: "2026-12-02T11:00:00",
    });
    const alexCopy = eventsOf(USERS.alex.id).find((e) => e.subject === "Roadmap")!;
    const data = await run("forwardEvent", {
      mailbox: USERS.alex.upn,
      eventId: alexCopy.id,
      to: `Megan Bowen <${USERS.megan.upn}>`,
      comment: "You should join",
    });
    expect(data).toEqual({ forwarded: true, eventId: alexCopy.id, to: [USERS.megan.upn] });
    expect(eventsOf(USERS.megan.id).some((e) => e.iCalUId === alexCopy.iCalUId)).toBe(true);
    expect(folderMessages(sb, USERS.megan.id, "inbox").some((m) => m.subject === "Roadmap")).toBe(true);
    const organizers = await run("getCalendarEvent", { mailbox: USERS.adele.upn, eventId: meeting.id });
    expect(
      (organizers.attendees as { emailAddress: { address: string } }[]).map((a) => a.emailAddress.address),
    ).toEqual([USERS.alex.upn, USERS.megan.upn]);
    expect(folderMessages(sb, USERS.adele.id, "inbox").map((m) => m.subject)).toContain(
      "Meeting Forward Notification: Roadmap",
    );
    // Alex's Sent Items keep the forwarded request, with the comment.
    const sent = folderMessages(sb, USERS.alex.id, "sentitems").find((m) => m.subject === "FW: Roadmap")!;
    expect(sent.toRecipients.map((r) => r.emailAddress.address)).toEqual([USERS.megan.upn]);
    expect(sent.body.content).toContain("You should join");
    const err = await actionError("forwardEvent", {
      connection,
      mailbox: USERS.alex.upn,
      eventId: alexCopy.id,
      to: "",
    });
    expect(err).toMatchObject({ property: "to" });
  });
});

describe("reminders", () => {
  type Reminder = { eventId: string; eventSubject: string; reminderFireTime: { dateTime: string; timeZone: string } };
  const view = async (params: Record<string, unknown> = {}) =>
    (await run("getReminderView", {
      mailbox: USERS.megan.upn,
      startAt: "2026-12-07T00:00:00",
      endAt: "2026-12-10T00:00:00",
      ...params,
    })) as unknown as Reminder[];

  it("shows each reminder in a window, snoozes and dismisses one, and one occurrence of a series alone", async () => {
    const single = await run("createEvent", {
      mailbox: USERS.megan.upn,
      subject: "Dentist",
      startAt: "2026-12-07T15:00:00",
      endAt: "2026-12-07T16:00:00",
      reminderMinutesBeforeStart: "30",
    });
    await run("createEvent", {
      mailbox: USERS.megan.upn,
      subject: "Stand-up",
      startAt: "2026-12-07T09:00:00",
      endAt: "2026-12-07T09:15:00",
      reminderMinutesBeforeStart: "5",
      recurrenceType: "daily",
      recurrenceCount: "3",
    });
    const all = await view({ timeZone: "Europe/Berlin", outputTimeZone: "Pacific Standard Time" });
    expect(all.map((r) => [r.eventSubject, r.reminderFireTime.dateTime])).toEqual([
      ["Stand-up", "2026-12-07T00:55:00.0000000"],
      ["Dentist", "2026-12-07T06:30:00.0000000"],
      ["Stand-up", "2026-12-08T00:55:00.0000000"],
      ["Stand-up", "2026-12-09T00:55:00.0000000"],
    ]);
    expect(all[0].reminderFireTime.timeZone).toBe("Pacific Standard Time");
    // Each occurrence's reminder names the occurrence: dismissing the second leaves the others.
    const occurrences = all.filter((r) => r.eventSubject === "Stand-up");
    expect(new Set(occurrences.map((r) => r.eventId)).size).toBe(3);
    await run("dismissEventReminder", { mailbox: USERS.megan.upn, eventId: occurrences[1].eventId });
    await run("snoozeEventReminder", {
      mailbox: USERS.megan.upn,
      eventId: single.id,
      newReminderTime: "2026-12-07T15:50:00",
      timeZone: "W. Europe Standard Time",
    });
    const after = await view();
    expect(after.map((r) => [r.eventSubject, r.reminderFireTime.dateTime])).toEqual([
      ["Stand-up", "2026-12-07T08:55:00.0000000"],
      ["Dentist", "2026-12-07T14:50:00.0000000"],
      ["Stand-up", "2026-12-09T08:55:00.0000000"],
    ]);
    await run("dismissEventReminder", { mailbox: USERS.megan.upn, eventId: single.id });
    expect((await view()).map((r) => r.eventSubject)).toEqual(["Stand-up", "Stand-up"]);
    // Moving the event sets its reminder afresh, as Outlook does.
    await run("updateEvent", {
      mailbox: USERS.megan.upn,
      eventId: single.id,
      startAt: "2026-12-08T15:00:00",
      endAt: "2026-12-08T16:00:00",
    });
    expect((await view()).map((r) => r.eventSubject)).toEqual(["Stand-up", "Dentist", "Stand-up"]);
  });

  it("refuses a window ending before it starts, or a reminder time that cannot exist, before any request", async () => {
    const before = sb.requests.length;
    const err = await actionError("getReminderView", {
      connection,
      mailbox: USERS.megan.upn,
      startAt: "2026-12-08T00:00:00",
      endAt: "2026-12-07T00:00:00",
    });
    expect(err).toMatchObject({ name: "ArgumentError", property: "endAt" });
    const err2 = await actionError("snoozeEventReminder", {
      connection,
      mailbox: USERS.megan.upn,
      eventId: "AAMkx",
      newReminderTime: "2026-02-30T10:00:00",
    });
    expect(err2).toMatchObject({ name: "ArgumentError", property: "newReminderTime" });
    expect(sb.requests.length).toBe(before);
    const gone = await actionError("dismissEventReminder", {
      connection,
      mailbox: USERS.megan.upn,
      eventId: "AAMkgone",
    });
    expect(gone).toMatchObject({ status: 404, property: "eventId" });
  });
});

describe("event attachments", () => {
  it("adds files of any size to an event, lists, reads and deletes them", async () => {
    const ev = await run("createEvent", {
      mailbox: USERS.adele.upn,
      subject: "Board meeting",
      startAt: "2026-12-03T10:00:00",
      endAt: "2026-12-03T12:00:00",
    });
    const big = randomBytes(3 * 1024 * 1024 + 7);
    const before = sb.requests.length;
    expect(
      await run("addEventAttachment", { mailbox: USERS.adele.upn, eventId: ev.id, fileName: "deck.pdf", file: big }),
    ).toMatchObject({ method: "uploadSession", size: big.length, contentType: "application/pdf", outcome: "answered" });
    // One count of the event's attachments, the session, and one 4 MB chunk: nothing more.
    expect(sb.requests.slice(before).map((r) => `${r.kind} ${r.method}`)).toEqual([
      "graph GET",
      "graph POST",
      "upload PUT",
    ]);
    expect(
      await run("addEventAttachment", {
        mailbox: USERS.adele.upn,
        eventId: ev.id,
        fileName: "agenda.txt",
        file: "1. Budget",
      }),
    ).toMatchObject({ method: "inline", size: 9 });
    const listed = (await run("listEventAttachments", { mailbox: USERS.adele.upn, eventId: ev.id })) as unknown as {
      id: string;
      name: string;
      size: number;
      contentBytes?: string;
    }[];
    expect(listed.map((a) => [a.name, a.size, a.contentBytes])).toEqual([
      ["deck.pdf", big.length, undefined],
      ["agenda.txt", 9, undefined],
    ]);
    const withContent = (await run("listEventAttachments", {
      mailbox: USERS.adele.upn,
      eventId: ev.id,
      includeContent: true,
    })) as unknown as { contentBytes: string }[];
    expect(Buffer.from(withContent[1].contentBytes, "base64").toString()).toBe("1. Budget");
    const got = await run("getEventAttachment", {
      mailbox: USERS.adele.upn,
      eventId: ev.id,
      attachmentId: listed[0].id,
    });
    expect((got.file as { data: Buffer }).data.equals(big)).toBe(true);
    await run("deleteEventAttachment", { mailbox: USERS.adele.upn, eventId: ev.id, attachmentId: listed[1].id });
    expect(
      sb.store
        .mailbox(USERS.adele.id)
        .events.get(String(ev.id))!
        .attachments!.map((a) => a.name),
    ).toEqual(["deck.pdf"]);
    const gone = await actionError("getEventAttachment", {
      connection,
      mailbox: USERS.adele.upn,
      eventId: ev.id,
      attachmentId: listed[1].id,
    });
    expect(gone).toMatchObject({ status: 404, property: "attachmentId" });
    const noEvent = await actionError("listEventAttachments", {
      connection,
      mailbox: USERS.adele.upn,
      eventId: "AAMkno",
    });
    expect(noEvent).toMatchObject({ status: 404, property: "eventId" });
  });
});

describe("lost answers", () => {
  it("adds an event attachment once when the answer is lost, and resumes a large upload where it stood", async () => {
    const ev = await run("createEvent", {
      mailbox: USERS.adele.upn,
      subject: "Lost answers",
      startAt: "2026-12-04T10:00:00",
      endAt: "2026-12-04T11:00:00",
    });
    sb.faults.afterNext(1, "gatewayTimeout", { method: "POST", path: /\/events\/[^/]+\/attachments$/ });
    expect(
      await run("addEventAttachment", { mailbox: USERS.adele.upn, eventId: ev.id, fileName: "notes.txt", file: "n" }),
    ).toMatchObject({ method: "inline", outcome: "confirmedAfterLostAnswer" });
    const big = randomBytes(9 * 1024 * 1024);
    sb.faults.afterNext(1, "reset", { kind: "upload", method: "PUT" });
    const added = await run("addEventAttachment", {
      mailbox: USERS.adele.upn,
      eventId: ev.id,
      fileName: "big.bin",
      file: big,
    });
    expect(added).toMatchObject({
      method: "uploadSession",
      upload: { resumes: 1, newSessions: 0, bytesSent: big.length },
    });
    const stored = sb.store.mailbox(USERS.adele.id).events.get(String(ev.id))!.attachments!;
    expect(stored.map((a) => a.name)).toEqual(["notes.txt", "big.bin"]);
    expect(stored[1].content!.equals(big)).toBe(true);
  });

  it("does not forward a meeting again after a lost answer, and says it may have gone out", async () => {
    const ev = await run("createEvent", {
      mailbox: USERS.adele.upn,
      subject: "Forward once",
      startAt: "2026-12-04T13:00:00",
      endAt: "2026-12-04T14:00:00",
    });
    sb.faults.afterNext(1, "gatewayTimeout", { method: "POST", path: /\/forward$/ });
    const err = await actionError("forwardEvent", {
      connection,
      mailbox: USERS.adele.upn,
      eventId: ev.id,
      to: USERS.megan.upn,
    });
    expect(err).toMatchObject({ name: "GraphServiceError", graphCode: "GatewayTimeout" });
    expect(err.message).toMatch(/may or may not have been sent/);
    const requests = folderMessages(sb, USERS.megan.id, "inbox").filter((m) => m.subject === "Forward once");
    expect(requests).toHaveLength(1);
  });
});
