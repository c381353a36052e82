import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { USERS, type Sandbox } from "../../../sandbox";
import { MAX_EMITTED_PRINTS } from "../../../src/triggers/startingSoon";
import { actionRunner, harness, secretConnection, setClock, startSandbox } from "../support";

/**
 * The Event Starting Soon trigger with the clock (the component's and the sandbox's) moving over
 * three days: each occurrence emitted once within the lead time, recurring meetings per occurrence,
 * a missed poll caught up (at most a day back), a rescheduled event again at its new time, cancelled
 * meetings left out, and state that holds only what has not started yet.
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterEach(() => jest.useRealTimers());
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const MIN = 60_000;

type Soon = { id: string; subject: string; start: { dateTime: string; timeZone: string }; minutesUntilStart: number };

function poller(params: Record<string, unknown>) {
  const context = { instanceState: {}, crossFlowState: {} } as Record<string, unknown>;
  return {
    poll: async (at: string) => {
      setClock(Date.parse(at));
      const result = (await harness.trigger(
        "eventStartingSoon",
        defaultTriggerPayload(),
        { connection, ...params },
        context as never,
      )) as unknown as { payload: { body: { data: Soon[] } } };
      return result.payload.body.data;
    },
    state: () =>
      (context.instanceState as { __prismaticInternal?: { polling?: { emitted?: string[]; lastPoll?: number } } })
        .__prismaticInternal?.polling,
  };
}

const event = (subject: string, startAt: string, endAt: string, extra: Record<string, unknown> = {}) =>
  run("createEvent", { mailbox: USERS.megan.upn, subject, startAt, endAt, ...extra });
const brief = (list: Soon[]) => list.map((e) => `${e.subject} ${e.start.dateTime.slice(5, 16)} ${e.minutesUntilStart}`);

describe("the Event Starting Soon trigger", () => {
  it("emits each occurrence once as the clock moves, catching up a missed poll and a moved meeting", async () => {
    await event("Coffee", "2026-12-07T08:10:00", "2026-12-07T08:30:00");
    await event("Review", "2026-12-07T08:40:00", "2026-12-07T09:00:00");
    await event("Stand-up", "2026-12-07T09:00:00", "2026-12-07T09:15:00", {
      recurrenceType: "daily",
      recurrenceCount: "3",
    });
    const moved = await event("Planning", "2026-12-08T10:00:00", "2026-12-08T11:00:00");
    // A meeting Adele cancels stays on Megan's calendar, cancelled: left out.
    const cancelled = await run("createEvent", {
      mailbox: USERS.adele.upn,
      subject: "Cancelled sync",
      attendees: [USERS.megan.upn],
      startAt: "2026-12-08T09:05:00",
      endAt: "2026-12-08T09:30:00",
    });
    await run("cancelEvent", { mailbox: USERS.adele.upn, eventId: cancelled.id });

    const t = poller({ mailbox: USERS.megan.upn, leadMinutes: "15" });
    const emitted: Soon[] = [];
    const poll = async (at: string) => {
      const got = await t.poll(at);
      emitted.push(...got);
      return brief(got);
    };
    expect(await poll("2026-12-07T08:00:00Z")).toEqual(["Coffee 12-07T08:10 10"]);
    expect(await poll("2026-12-07T08:05:00Z")).toEqual([]);
    expect(await poll("2026-12-07T08:30:00Z")).toEqual(["Review 12-07T08:40 10"]);
    // The schedule misses 08:45 to 09:15: the stand-up that began at 09:00 comes late rather than never.
    expect(await poll("2026-12-07T09:20:00Z")).toEqual(["Stand-up 12-07T09:00 -20"]);
    expect(t.state()!.emitted).toEqual([]); // everything emitted has started: nothing left to remember
    // The next morning (a day's catch-up at most), the second occurrence; the cancelled meeting is left out.
    expect(await poll("2026-12-08T08:50:00Z")).toEqual(["Stand-up 12-08T09:00 10"]);
    expect(await poll("2026-12-08T08:55:00Z")).toEqual([]);
    expect(t.state()!.emitted).toHaveLength(1);
    expect(await poll("2026-12-08T09:50:00Z")).toEqual(["Planning 12-08T10:00 10"]);
    // Rescheduled to 10:30: starting soon again, at its new time.
    await run("updateEvent", {
      mailbox: USERS.megan.upn,
      eventId: moved.id,
      startAt: "2026-12-08T10:30:00",
      endAt: "2026-12-08T11:30:00",
    });
    expect(await poll("2026-12-08T09:55:00Z")).toEqual([]);
    expect(await poll("2026-12-08T10:20:00Z")).toEqual(["Planning 12-08T10:30 10"]);
    // Three days without a poll: only the last day is caught up, so the third stand-up (the 9th) is not emitted.
    expect(await poll("2026-12-12T08:00:00Z")).toEqual([]);
    const keys = emitted.map((e) => `${e.id}|${e.start.dateTime}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(emitted.filter((e) => e.subject === "Stand-up").map((e) => e.id)).toHaveLength(2);
    expect(new Set(emitted.filter((e) => e.subject === "Stand-up").map((e) => e.id)).size).toBe(2);
  });

  it("answers in the time zone asked, watches one calendar, and caps its memory", async () => {
    const cal = await run("createCalendar", { mailbox: USERS.alex.upn, name: "Field visits" });
    await run("createEvent", {
      mailbox: USERS.alex.upn,
      calendarId: cal.id,
      subject: "Site visit",
      startAt: "2026-12-14T09:00:00",
      startTimezone: "Pacific Standard Time",
      endAt: "2026-12-14T10:00:00",
      endTimezone: "Pacific Standard Time",
    });
    await run("createEvent", {
      mailbox: USERS.alex.upn,
      subject: "Other calendar",
      startAt: "2026-12-14T17:05:00",
      endAt: "2026-12-14T17:30:00",
    });
    const t = poller({
      mailbox: USERS.alex.upn,
      calendarId: cal.id,
      leadMinutes: "30",
      timeZone: "America/Los_Angeles",
    });
    const got = await t.poll("2026-12-14T16:45:00Z");
    expect(got.map((e) => [e.subject, e.start])).toEqual([
      ["Site visit", { dateTime: "2026-12-14T09:00:00.0000000", timeZone: "Pacific Standard Time" }],
    ]);
    expect(got[0].minutesUntilStart).toBe(15);
    // A thousand meetings within the lead time: each emitted once, the state no larger than its cap allows.
    const mb = sb.store.mailbox(USERS.alex.id);
    const template = [...mb.events.values()].find((e) => e.subject === "Site visit")!;
    const base = Date.parse("2026-12-15T12:00:00Z");
    for (let i = 0; i < 1000; i++) {
      const id = `AAMkbulk${i}`;
      mb.events.set(id, {
        ...structuredClone(template),
        id,
        subject: `Bulk ${i}`,
        start: base + i * 1000,
        end: base + MIN,
      });
    }
    const bulk = await t.poll("2026-12-15T11:50:00Z");
    expect(bulk).toHaveLength(1000);
    expect(await t.poll("2026-12-15T11:51:00Z")).toEqual([]);
    expect(t.state()!.emitted!.length).toBe(1000);
    expect(t.state()!.emitted!.length).toBeLessThanOrEqual(MAX_EMITTED_PRINTS);
    expect(JSON.stringify(t.state()).length).toBeLessThan(1000 * 30 + 200);
  });

  it("watches a shared mailbox's calendar, every request on its path", async () => {
    await run("createEvent", {
      mailbox: USERS.sales.upn,
      subject: "Sales call",
      startAt: "2026-12-16T15:00:00",
      endAt: "2026-12-16T15:30:00",
    });
    const t = poller({ mailbox: USERS.sales.upn });
    const before = sb.requests.length;
    expect(brief(await t.poll("2026-12-16T14:50:00Z"))).toEqual(["Sales call 12-16T15:00 10"]);
    const paths = sb.requests
      .slice(before)
      .filter((r) => r.kind === "graph")
      .map((r) => decodeURIComponent(r.path));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => !p.startsWith(`/v1.0/users/${USERS.sales.upn}/`))).toEqual([]);
  });

  it("refuses a lead time out of range before any request", async () => {
    const before = sb.requests.length;
    const t = poller({ mailbox: USERS.alex.upn, leadMinutes: "0" });
    await expect(t.poll("2026-12-14T16:45:00Z")).rejects.toMatchObject({
      name: "ArgumentError",
      property: "leadMinutes",
    });
    expect(sb.requests.length).toBe(before);
  });
});
