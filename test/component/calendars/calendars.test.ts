import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, harness, secretConnection, startSandbox } from "../support";

/** Calendar actions against the sandbox: calendars and the calendar picker, free/busy schedules. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);

describe("calendars", () => {
  it("creates, lists, recolors and deletes calendars", async () => {
    const created = await run("createCalendar", { mailbox: USERS.adele.upn, name: "Projects", color: "lightTeal" });
    expect(created).toMatchObject({ name: "Projects", color: "lightTeal", isDefaultCalendar: false });
    const listed = await run("listCalendars", { mailbox: USERS.adele.upn });
    expect(listed.value!.map((c) => c.name)).toEqual(["Calendar", "Projects"]);
    expect(await run("listCalendars", { mailbox: USERS.adele.upn, fetchAll: true })).toMatchObject({
      value: expect.any(Object),
    });
    expect(
      await run("updateCalendar", { mailbox: USERS.adele.upn, calendarId: created.id, color: "lightRed" }),
    ).toMatchObject({ name: "Projects", color: "lightRed" });
    const picker = (await harness.dataSource("selectCalendar", { connection, mailbox: USERS.adele.upn })) as {
      result: { label: string }[];
    };
    expect(picker.result.map((r) => r.label)).toEqual(["Calendar (default)", "Projects"]);
    await run("deleteCalendar", { mailbox: USERS.adele.upn, calendarId: created.id });
    expect([...sb.store.mailbox(USERS.adele.id).calendars.values()].map((c) => c.name)).toEqual(["Calendar"]);
    expect(
      await actionError("createCalendar", { connection, mailbox: USERS.adele.upn, name: "x", color: "purple" }),
    ).toMatchObject({ name: "ArgumentError", property: "color" });
  });
});

describe("bad input is refused before any request", () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    [
      "an interval under 5",
      "getScheduleAvailability",
      {
        mailbox: USERS.adele.upn,
        schedules: [USERS.alex.upn],
        startAt: "2026-12-01T00:00:00",
        endAt: "2026-12-02T00:00:00",
        availabilityViewInterval: "4",
      },
      "availabilityViewInterval",
    ],
    [
      "an interval over 1440",
      "getScheduleAvailability",
      {
        mailbox: USERS.adele.upn,
        schedules: [USERS.alex.upn],
        startAt: "2026-12-01T00:00:00",
        endAt: "2026-12-02T00:00:00",
        availabilityViewInterval: "1441",
      },
      "availabilityViewInterval",
    ],
    [
      "a schedule window ending first",
      "getScheduleAvailability",
      {
        mailbox: USERS.adele.upn,
        schedules: [USERS.alex.upn],
        startAt: "2026-12-02T00:00:00",
        endAt: "2026-12-01T00:00:00",
      },
      "endAt",
    ],
  ];
  it.each(cases)("%s", async (_name, key, params, property) => {
    const before = sb.requests.length;
    const err = await actionError(key, { connection, ...params });
    expect(err.property).toBe(property);
    expect(["ArgumentError", "PropertyNullError", "PropertyEmptyError"]).toContain(err.name);
    expect(sb.requests.length).toBe(before);
  });
});
