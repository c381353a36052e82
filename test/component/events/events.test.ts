import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, folderMessages, secretConnection, startSandbox } from "../support";

/** Event actions against the sandbox: meetings with attendees, responses, cancellations, time zones, recurrence. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const eventsOf = (userId: string) => [...sb.store.mailbox(userId).events.values()];

describe("meetings", () => {
  let meetingId: string;

  it("puts a meeting created by one user on two attendees' calendars and schedules, with invitations", async () => {
    const meeting = await run("createEvent", {
      mailbox: USERS.adele.upn,
      subject: "Planning",
      body: "<p>Agenda</p>",
      locationName: "Room 4",
      attendees: [`Alex Wilber <${USERS.alex.upn}>`],
      attendeesDataCollection: JSON.stringify([
        { emailAddress: { address: USERS.megan.upn, name: "Megan" }, type: "optional" },
        USERS.alex.upn,
      ]),
      startAt: "2026-12-01T10:00:00",
      startTimezone: "Europe/Berlin",
      endAt: "2026-12-01T11:00:00",
      endTimezone: "W. Europe Standard Time",
      isOnlineMeeting: true,
      reminderMinutesBeforeStart: "30",
    });
    meetingId = String(meeting.id);
    expect(meeting).toMatchObject({
      subject: "Planning",
      isOrganizer: true,
      isOnlineMeeting: true,
      reminderMinutesBeforeStart: 30,
      location: { displayName: "Room 4" },
    });
    expect(
      (meeting.attendees as { type: string; emailAddress: { address: string } }[]).map((a) => [
        a.emailAddress.address,
        a.type,
      ]),
    ).toEqual([
      [USERS.alex.upn, "required"],
      [USERS.megan.upn, "optional"],
    ]);
    expect(meeting.start).toEqual({ dateTime: "2026-12-01T09:00:00.0000000", timeZone: "UTC" });

    for (const user of [USERS.alex, USERS.megan]) {
      const copy = eventsOf(user.id).find((e) => e.subject === "Planning");
      expect(copy).toMatchObject({ isOrganizer: false, responseStatus: { response: "notResponded" } });
      expect(
        folderMessages(sb, user.id, "inbox").some(
          (m) => m.eventMessage?.meetingMessageType === "meetingRequest" && m.subject === "Planning",
        ),
      ).toBe(true);
    }
    const schedule = (await run("getScheduleAvailability", {
      mailbox: USERS.adele.upn,
      schedules: [USERS.alex.upn, USERS.megan.upn, "nobody@fabrikam.example"],
      startAt: "2026-12-01T08:00:00",
      endAt: "2026-12-01T12:00:00",
      startTimezone: "UTC",
      endTimezone: "UTC",
      availabilityViewInterval: "60",
    })) as unknown as {
      scheduleId: string;
      availabilityView: string;
      scheduleItems: { subject: string }[];
      error?: unknown;
    }[];
    expect(schedule.map((s) => [s.scheduleId, s.availabilityView])).toEqual([
      [USERS.alex.upn, "0200"],
      [USERS.megan.upn, "0200"],
      ["nobody@fabrikam.example", ""],
    ]);
    expect(schedule[0].scheduleItems.map((i) => i.subject)).toEqual(["Planning"]);
    expect(schedule[2].error).toBeDefined();
  });

  it("shows an attendee's decline on the organizer's event, and an acceptance", async () => {
    const megansCopy = eventsOf(USERS.megan.id).find((e) => e.subject === "Planning")!;
    await run("respondToEvent", {
      mailbox: USERS.megan.upn,
      eventId: megansCopy.id,
      response: "decline",
      comment: "Out that week",
    });
    const alexsCopy = eventsOf(USERS.alex.id).find((e) => e.subject === "Planning")!;
    await run("respondToEvent", { mailbox: USERS.alex.upn, eventId: alexsCopy.id, response: "accept" });
    const organizer = await run("getCalendarEvent", { mailbox: USERS.adele.upn, eventId: meetingId });
    expect(
      (organizer.attendees as { emailAddress: { address: string }; status: { response: string } }[]).map((a) => [
        a.emailAddress.address,
        a.status.response,
      ]),
    ).toEqual([
      [USERS.alex.upn, "accepted"],
      [USERS.megan.upn, "declined"],
    ]);
    expect(folderMessages(sb, USERS.adele.id, "inbox").map((m) => m.subject)).toEqual(
      expect.arrayContaining(["Declined: Planning", "Accepted: Planning"]),
    );
    expect(eventsOf(USERS.megan.id).some((e) => e.subject === "Planning")).toBe(false);
  });

  it("refuses cancellation by an attendee as Graph does, and lets the organizer cancel", async () => {
    const alexsCopy = eventsOf(USERS.alex.id).find((e) => e.subject === "Planning")!;
    const err = await actionError("cancelEvent", {
      connection,
      mailbox: USERS.alex.upn,
      eventId: alexsCopy.id,
      comment: "no",
    });
    expect(err).toMatchObject({ name: "GraphServiceError", status: 400, graphCode: "ErrorInvalidRequest" });
    await run("cancelEvent", { mailbox: USERS.adele.upn, eventId: meetingId, comment: "Moved to January" });
    expect(eventsOf(USERS.adele.id).some((e) => e.id === meetingId)).toBe(false);
    expect(eventsOf(USERS.alex.id).find((e) => e.iCalUId === alexsCopy.iCalUId)).toMatchObject({ isCancelled: true });
    const cancellation = folderMessages(sb, USERS.alex.id, "inbox").find(
      (m) => m.eventMessage?.meetingMessageType === "meetingCancelled",
    );
    expect(cancellation?.body.content).toContain("Moved to January");
  });

  it("updates an event and its attendees' copies, and deletes it", async () => {
    const ev = await run("createEvent", {
      mailbox: USERS.adele.upn,
      subject: "1:1",
      attendees: [USERS.alex.upn],
      startAt: "2026-12-02T15:00:00",
      endAt: "2026-12-02T15:30:00",
    });
    const updated = await run("updateEvent", {
      mailbox: USERS.adele.upn,
      eventId: ev.id,
      subject: "1:1 (moved)",
      startAt: "2026-12-02T16:00:00",
      endAt: "2026-12-02T16:30:00",
      outputTimeZone: "America/New_York",
    });
    expect(updated).toMatchObject({
      subject: "1:1 (moved)",
      start: { dateTime: "2026-12-02T11:00:00.0000000", timeZone: "Eastern Standard Time" },
    });
    expect(eventsOf(USERS.alex.id).find((e) => e.subject === "1:1 (moved)")).toBeDefined();
    await run("deleteEvent", { mailbox: USERS.adele.upn, eventId: ev.id });
    expect(eventsOf(USERS.adele.id).some((e) => e.id === ev.id)).toBe(false);
  });
});

describe("time zones", () => {
  it(
    "lands the same meeting at the same instant from a Windows and the equivalent IANA zone, across a " +
      "daylight-saving change",
    async () => {
      // US clocks move forward on 2026-03-08: 09:00 Pacific is 17:00Z on the 7th and 16:00Z on the 9th.
      for (const [day, utc] of [
        ["2026-03-07", "17:00:00"],
        ["2026-03-09", "16:00:00"],
      ]) {
        const windows = await run("createEvent", {
          mailbox: USERS.alex.upn,
          subject: `W ${day}`,
          startAt: `${day}T09:00:00`,
          startTimezone: "Pacific Standard Time",
          endAt: `${day}T10:00:00`,
          endTimezone: "Pacific Standard Time",
        });
        const iana = await run("createEvent", {
          mailbox: USERS.alex.upn,
          subject: `I ${day}`,
          startAt: `${day}T09:00:00`,
          startTimezone: "America/Los_Angeles",
          endAt: `${day}T10:00:00`,
          endTimezone: "America/Los_Angeles",
        });
        expect(windows.start).toEqual({ dateTime: `${day}T${utc}.0000000`, timeZone: "UTC" });
        expect(iana.start).toEqual(windows.start);
        expect(iana.originalStartTimeZone).toBe("Pacific Standard Time");
        const [w, i] = [windows.id, iana.id].map((id) => eventsOf(USERS.alex.id).find((e) => e.id === id)!);
        expect(i.start).toBe(w.start);
      }
    },
  );

  it("expands a weekly recurring event in a calendar view, keeping 09:00 local across the change", async () => {
    const series = await run("createEvent", {
      mailbox: USERS.megan.upn,
      subject: "Standup",
      startAt: "2026-02-23T09:00:00",
      startTimezone: "America/Los_Angeles",
      endAt: "2026-02-23T09:15:00",
      endTimezone: "America/Los_Angeles",
      recurrenceType: "weekly",
      recurrenceDaysOfWeek: ["monday", "wednesday"],
      recurrenceCount: "6",
    });
    expect(series).toMatchObject({
      type: "seriesMaster",
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday", "wednesday"] },
        range: { type: "numbered", numberOfOccurrences: 6, startDate: "2026-02-23" },
      },
    });
    const utcView = await run("listCalendarView", {
      mailbox: USERS.megan.upn,
      startAt: "2026-02-01T00:00:00",
      endAt: "2026-04-01T00:00:00",
      timeZone: "UTC",
      fetchAll: true,
    });
    const standups = utcView.value!.filter((e) => e.subject === "Standup");
    expect(standups.map((e) => (e.start as { dateTime: string }).dateTime)).toEqual([
      "2026-02-23T17:00:00.0000000",
      "2026-02-25T17:00:00.0000000",
      "2026-03-02T17:00:00.0000000",
      "2026-03-04T17:00:00.0000000",
      "2026-03-09T16:00:00.0000000",
      "2026-03-11T16:00:00.0000000",
    ]);
    expect(standups.every((e) => e.type === "occurrence" && e.seriesMasterId === series.id)).toBe(true);
    const localView = await run("listCalendarView", {
      mailbox: USERS.megan.upn,
      startAt: "2026-03-01T00:00:00",
      endAt: "2026-03-15T00:00:00",
      timeZone: "Pacific Standard Time",
    });
    expect(
      localView
        .value!.filter((e) => e.subject === "Standup")
        .map((e) => (e.start as { dateTime: string }).dateTime.slice(11, 16)),
    ).toEqual(["09:00", "09:00", "09:00", "09:00"]);
  });

  it("creates all-day events from dates", async () => {
    const ev = await run("createEvent", {
      mailbox: USERS.megan.upn,
      subject: "Offsite",
      isAllDay: true,
      startAt: "2026-12-10",
      endAt: "2026-12-12",
      startTimezone: "Europe/London",
      endTimezone: "Europe/London",
      showAs: "oof",
    });
    expect(ev).toMatchObject({
      isAllDay: true,
      showAs: "oof",
      start: { dateTime: "2026-12-10T00:00:00.0000000", timeZone: "GMT Standard Time" },
    });
  });

  it("lists supported time zones by Windows and IANA name, and languages", async () => {
    const windows = (await run("listSupportedTimezones", { mailbox: USERS.megan.upn })) as unknown as {
      alias: string;
    }[];
    const iana = (await run("listSupportedTimezones", { mailbox: USERS.megan.upn, standard: "iana" })) as unknown as {
      alias: string;
    }[];
    const languages = (await run("listSupportedLanguages", { mailbox: USERS.megan.upn })) as unknown as {
      locale: string;
      displayName: string;
    }[];
    expect(windows.map((z) => z.alias)).toEqual(
      expect.arrayContaining(["Pacific Standard Time", "W. Europe Standard Time"]),
    );
    expect(iana.map((z) => z.alias)).toEqual(expect.arrayContaining(["America/Los_Angeles", "Europe/Berlin"]));
    expect(languages).toEqual(expect.arrayContaining([{ locale: "fr-FR", displayName: "French (France)" }]));
  });
});

describe("bad input is refused before any request", () => {
  const base = { mailbox: USERS.adele.upn, subject: "x", startAt: "2026-12-01T10:00:00", endAt: "2026-12-01T11:00:00" };
  const cases: [string, string, Record<string, unknown>, string][] = [
    ["an unknown start zone", "createEvent", { ...base, startTimezone: "Mars/Olympus_Mons" }, "startTimezone"],
    ["an unknown end zone", "createEvent", { ...base, endTimezone: "Pacific Time" }, "endTimezone"],
    ["end before start", "createEvent", { ...base, endAt: "2026-12-01T09:00:00" }, "endAt"],
    [
      "end before start across zones (10:30 Berlin is 09:30 UTC)",
      "createEvent",
      { ...base, startTimezone: "UTC", endAt: "2026-12-01T10:30:00", endTimezone: "Europe/Berlin" },
      "endAt",
    ],
    ["a start with an offset", "createEvent", { ...base, startAt: "2026-12-01T10:00:00Z" }, "startAt"],
    ["a day that does not exist", "createEvent", { ...base, startAt: "2026-02-30T10:00:00" }, "startAt"],
    ["no start", "createEvent", { ...base, startAt: "" }, "startAt"],
    ["an all-day event at noon", "createEvent", { ...base, isAllDay: true, startAt: "2026-12-01T12:00:00" }, "startAt"],
    [
      "an unknown attendee type",
      "createEvent",
      { ...base, attendees: [USERS.alex.upn], attendeeType: "vip" },
      "attendeeType",
    ],
    ["a bad attendee address", "createEvent", { ...base, attendees: ["not an address"] }, "attendees[0]"],
    [
      "a repeat interval of 0",
      "createEvent",
      { ...base, recurrenceType: "daily", recurrenceInterval: "0" },
      "recurrenceInterval",
    ],
    [
      "a repeat end before the start",
      "createEvent",
      { ...base, recurrenceType: "daily", recurrenceEndDate: "2026-11-01" },
      "recurrenceEndDate",
    ],
    [
      "an unknown output zone",
      "getCalendarEvent",
      { mailbox: USERS.adele.upn, eventId: "AAMkAx", outputTimeZone: "Nowhere" },
      "outputTimeZone",
    ],
    [
      "an unknown response",
      "respondToEvent",
      { mailbox: USERS.adele.upn, eventId: "AAMkAx", response: "maybe" },
      "response",
    ],
    ["an event id with a slash", "deleteEvent", { mailbox: USERS.adele.upn, eventId: "a/b" }, "eventId"],
  ];
  it.each(cases)("%s", async (_name, key, params, property) => {
    const before = sb.requests.length;
    const err = await actionError(key, { connection, ...params });
    expect(err.property).toBe(property);
    expect(["ArgumentError", "PropertyNullError", "PropertyEmptyError"]).toContain(err.name);
    expect(sb.requests.length).toBe(before);
  });
});
