import { USERS, type Sandbox } from "../../sandbox";
import { appToken, expectGraphError, raw, startSandbox, type RawResponse } from "./support";

/**
 * The calendar and directory beyond CRUD, over HTTP: findMeetingTimes from real free/busy
 * (attendees and rooms), reminders (snooze, dismiss, reminderView), event attachments with their
 * upload sessions, rooms and room lists, and the directory's advanced queries.
 */

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
});
afterAll(() => sb.stop());

const ADELE = `/v1.0/users/${USERS.adele.upn}`;
const ALEX = `/v1.0/users/${USERS.alex.upn}`;
const ROOM = "confroomadams@contoso.onmicrosoft.com";

/** A Graph answer's JSON, read loosely: each test reaches into it by the paths it checks. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse & { json: Json }> {
  const content: Record<string, string> = body === undefined ? {} : { "Content-Type": "application/json" };
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return raw(sb, method, path, { token, body: payload, headers: { ...content, ...headers } });
}

const utc = (dateTime: string) => ({ dateTime, timeZone: "UTC" });

describe("findMeetingTimes", () => {
  it("suggests only slots where the attendee, the organizer and a room are free, within working hours", async () => {
    // Alex is busy 09:00-10:00; the room is booked 10:00-11:00 (a meeting it was invited to).
    await call("POST", `${ALEX}/events`, {
      subject: "Busy",
      start: utc("2031-06-02T09:00:00"),
      end: utc("2031-06-02T10:00:00"),
    });
    await call("POST", `${ADELE}/events`, {
      subject: "Room taken",
      start: utc("2031-06-02T10:00:00"),
      end: utc("2031-06-02T11:00:00"),
      attendees: [{ type: "resource", emailAddress: { address: ROOM } }],
    });
    const res = await call("POST", `${ADELE}/findMeetingTimes`, {
      attendees: [{ type: "required", emailAddress: { address: USERS.alex.upn } }],
      locationConstraint: {
        isRequired: "true",
        suggestLocation: false,
        locations: [{ displayName: "Adams", locationEmailAddress: ROOM, resolveAvailability: true }],
      },
      timeConstraint: {
        activityDomain: "Work",
        timeslots: [{ start: utc("2031-06-02T07:00:00"), end: utc("2031-06-02T13:00:00") }],
      },
      meetingDuration: "PT1H",
      isOrganizerOptional: "false",
    });
    expect(res.status).toBe(200);
    // Adele organises "Room taken" too, so 10:00 is out for her as well; 07:00 is before working hours (08:00).
    const starts = res.json.meetingTimeSuggestions.map((s: { meetingTimeSlot: { start: { dateTime: string } } }) =>
      s.meetingTimeSlot.start.dateTime.slice(11, 16),
    );
    expect(starts).toEqual(["08:00", "11:00", "11:30", "12:00"]);
    expect(res.json.meetingTimeSuggestions[0]).toMatchObject({
      confidence: 100,
      organizerAvailability: "free",
      attendeeAvailability: [{ availability: "free" }],
      locations: [{ locationEmailAddress: ROOM }],
    });
    expect(res.json.emptySuggestionsReason).toBe("");
  });
});

describe("reminders", () => {
  it("lists reminders in a window, moves a snoozed one and drops a dismissed one", async () => {
    const window = "startDateTime='2031-07-01T00:00:00',endDateTime='2031-07-02T00:00:00'";
    const ev = await call("POST", `${ADELE}/events`, {
      subject: "Reminded",
      start: utc("2031-07-01T10:00:00"),
      end: utc("2031-07-01T11:00:00"),
      isReminderOn: true,
      reminderMinutesBeforeStart: 30,
    });
    const view = async () => (await call("GET", `${ADELE}/reminderView(${window})`)).json.value;
    expect(await view()).toEqual([
      expect.objectContaining({ eventId: ev.json.id, reminderFireTime: utc("2031-07-01T09:30:00.0000000") }),
    ]);
    const snooze = await call("POST", `${ADELE}/events/${ev.json.id}/snoozeReminder`, {
      newReminderTime: utc("2031-07-01T09:50:00"),
    });
    expect(snooze.status).toBe(200);
    expect((await view())[0].reminderFireTime).toEqual(utc("2031-07-01T09:50:00.0000000"));
    expect((await call("POST", `${ADELE}/events/${ev.json.id}/dismissReminder`)).status).toBe(200);
    expect(await view()).toEqual([]);
  });
});

describe("reminders of a series, and forwarding", () => {
  it("names each occurrence in reminderView, and dismisses or snoozes one occurrence alone", async () => {
    const window = "startDateTime='2031-08-04T00:00:00',endDateTime='2031-08-07T00:00:00'";
    const series = await call("POST", `${ALEX}/events`, {
      subject: "Daily",
      start: utc("2031-08-04T09:00:00"),
      end: utc("2031-08-04T09:30:00"),
      isReminderOn: true,
      reminderMinutesBeforeStart: 10,
      recurrence: {
        pattern: { type: "daily", interval: 1 },
        range: { type: "numbered", startDate: "2031-08-04", numberOfOccurrences: 3 },
      },
    });
    const view = async () => (await call("GET", `${ALEX}/reminderView(${window})`)).json.value as Json[];
    const first = await view();
    const occurrences = (
      await call(
        "GET",
        `${ALEX}/events/${series.json.id}/instances?startDateTime=2031-08-04T00:00:00Z&endDateTime=2031-08-07T00:00Z`,
      )
    ).json.value as Json[];
    expect(first.map((r) => r.eventId)).toEqual(occurrences.map((o) => o.id));
    expect((await call("POST", `${ALEX}/events/${occurrences[0].id}/dismissReminder`)).status).toBe(200);
    await call("POST", `${ALEX}/events/${occurrences[2].id}/snoozeReminder`, {
      newReminderTime: utc("2031-08-06T08:58:00"),
    });
    expect((await view()).map((r) => r.reminderFireTime.dateTime)).toEqual([
      "2031-08-05T08:50:00.0000000",
      "2031-08-06T08:58:00.0000000",
    ]);
    // Moving the series sets its reminders afresh.
    await call("PATCH", `${ALEX}/events/${series.json.id}`, {
      start: utc("2031-08-04T10:00:00"),
      end: utc("2031-08-04T10:30:00"),
    });
    expect((await view()).map((r) => r.reminderFireTime.dateTime)).toEqual([
      "2031-08-04T09:50:00.0000000",
      "2031-08-05T09:50:00.0000000",
      "2031-08-06T09:50:00.0000000",
    ]);
  });

  it("adds the people an attendee forwards a meeting to on the organizer's event and tells the organizer", async () => {
    const meeting = await call("POST", `${ADELE}/events`, {
      subject: "Forwarded",
      start: utc("2031-08-11T10:00:00"),
      end: utc("2031-08-11T11:00:00"),
      attendees: [{ type: "required", emailAddress: { address: USERS.alex.upn } }],
    });
    const alexCopy = [...sb.store.mailbox(USERS.alex.id).events.values()].find((e) => e.subject === "Forwarded")!;
    const res = await call("POST", `${ALEX}/events/${alexCopy.id}/forward`, {
      ToRecipients: [{ emailAddress: { address: USERS.megan.upn, name: "Megan" } }],
      Comment: "FYI",
    });
    expect(res.status).toBe(202);
    const organizer = await call("GET", `${ADELE}/events/${meeting.json.id}`);
    expect(organizer.json.attendees.map((a: Json) => [a.emailAddress.address, a.type])).toEqual([
      [USERS.alex.upn, "required"],
      [USERS.megan.upn, "optional"],
    ]);
    const inbox = [...sb.store.mailbox(USERS.adele.id).messages.values()].map((m) => m.subject);
    expect(inbox).toContain("Meeting Forward Notification: Forwarded");
  });
});

describe("event attachments", () => {
  it("adds file and item attachments, selects without content, and uploads a large file in chunks", async () => {
    const ev = await call("POST", `${ADELE}/events`, {
      subject: "With files",
      start: utc("2031-08-01T10:00:00"),
      end: utc("2031-08-01T11:00:00"),
    });
    const attachments = `${ADELE}/events/${ev.json.id}/attachments`;
    const file = await call("POST", attachments, {
      "@odata.type": "#microsoft.graph.fileAttachment",
      name: "agenda.txt",
      contentBytes: Buffer.from("agenda").toString("base64"),
    });
    expect(file.status).toBe(201);
    const item = await call("POST", attachments, {
      "@odata.type": "#microsoft.graph.itemAttachment",
      name: "Contact card",
      item: { "@odata.type": "microsoft.graph.contact", givenName: "Pavel", surname: "Bansky" },
    });
    expect(item.json).toMatchObject({ "@odata.type": "#microsoft.graph.itemAttachment", contentType: null });
    const selected = await call("GET", `${attachments}/${file.json.id}?$select=name,size`);
    expect(selected.json).toMatchObject({ name: "agenda.txt", size: 6 });
    expect(selected.json).not.toHaveProperty("contentBytes");
    const vcard = await call(
      "GET",
      `/v1.0/Users('${USERS.adele.id}')/Events('${ev.json.id}')/Attachments('${item.json.id}')/$value`,
    );
    expect(vcard.text).toContain("FN:Pavel Bansky");
    const size = 3 * 1024 * 1024 + 10;
    const session = await call("POST", `${attachments}/createUploadSession`, {
      AttachmentItem: { attachmentType: "file", name: "big.bin", size },
    });
    const url = String(session.json.uploadUrl);
    expect(url).toMatch(/\/events\(/);
    const bytes = Buffer.alloc(size, 7);
    const put = (start: number, end: number) =>
      raw(sb, "PUT", url, {
        headers: { "Content-Type": "application/octet-stream", "Content-Range": `bytes ${start}-${end}/${size}` },
        body: bytes.subarray(start, end + 1),
      });
    expect((await put(0, 2 * 1024 * 1024 - 1)).status).toBe(200);
    expect((await put(2 * 1024 * 1024, size - 1)).status).toBe(201);
    const listed = await call("GET", `${attachments}?$select=name,size`);
    expect(listed.json.value.map((a: { name: string; size: number }) => [a.name, a.size])).toEqual([
      ["agenda.txt", 6],
      ["Contact card", expect.any(Number)],
      ["big.bin", size],
    ]);
    expect((await call("GET", `${ADELE}/events/${ev.json.id}?$select=hasAttachments`)).json.hasAttachments).toBe(true);
  });
});

describe("rooms and the directory", () => {
  it("lists rooms and room lists, a list's rooms, and answers a room's free/busy", async () => {
    const rooms = await call("GET", "/v1.0/places/microsoft.graph.room");
    expect(rooms.json.value.map((r: { emailAddress: string }) => r.emailAddress)).toContain(ROOM);
    const lists = await call("GET", "/v1.0/places/microsoft.graph.roomList");
    const inList = await call("GET", `/v1.0/places/${lists.json.value[0].emailAddress}/microsoft.graph.roomList/rooms`);
    expect(inList.json.value).toHaveLength(2);
    const patched = await call("PATCH", `/v1.0/places/${ROOM}`, {
      "@odata.type": "microsoft.graph.room",
      capacity: 12,
    });
    expect(patched.json).toMatchObject({ capacity: 12, emailAddress: ROOM });
    const schedule = await call("POST", `${ADELE}/calendar/getSchedule`, {
      schedules: [ROOM],
      startTime: utc("2031-06-02T10:00:00"),
      endTime: utc("2031-06-02T11:00:00"),
      availabilityViewInterval: 60,
    });
    expect(schedule.json.value[0].scheduleId).toBe(ROOM);
  });

  it("returns users' other properties only when $selected, and filters on them all the same", async () => {
    const plain = await call("GET", "/v1.0/users");
    expect(plain.json.value[0]).not.toHaveProperty("assignedLicenses");
    const sku = "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46";
    const licensed = await call(
      "GET",
      `/v1.0/users?$select=displayName,assignedLicenses&$filter=assignedLicenses/any(l:l/skuId eq ${sku})`,
    );
    expect(licensed.json.value.map((u: { displayName: string }) => u.displayName).sort()).toEqual([
      "Adele Vance",
      "Alex Wilber",
      "Megan Bowen",
    ]);
    expect(licensed.json.value[0].assignedLicenses).toEqual([{ skuId: sku, disabledPlans: [] }]);
    const one = await call("GET", `/v1.0/users/${USERS.adele.id}?$select=mailNickname,identities,postalCode`);
    expect(one.json).toMatchObject({
      mailNickname: "adelev",
      identities: [{ signInType: "userPrincipalName", issuerAssignedId: USERS.adele.upn }],
      postalCode: null,
    });
  });

  it("answers advanced directory queries only with ConsistencyLevel: eventual", async () => {
    expectGraphError(await call("GET", `/v1.0/users?$search="displayName:meg"`), 400, "Request_UnsupportedQuery");
    expectGraphError(await call("GET", "/v1.0/users/$count"), 400, "Request_UnsupportedQuery");
    const eventual = { ConsistencyLevel: "eventual" };
    const found = await call("GET", `/v1.0/users?$search="displayName:meg"&$count=true`, undefined, eventual);
    expect(found.json).toMatchObject({ "@odata.count": 1, value: [{ displayName: "Megan Bowen" }] });
    const count = await call("GET", "/v1.0/users/$count", undefined, eventual);
    expect(Number(count.text)).toBeGreaterThanOrEqual(5);
    const ends = await call(
      "GET",
      "/v1.0/users?$filter=endswith(mail,'wilber@x.com')&$orderby=displayName&$count=true",
      undefined,
      eventual,
    );
    expect(ends.json).toMatchObject({ "@odata.count": 0, value: [] });
  });
});
