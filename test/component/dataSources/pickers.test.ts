import component from "../../../src";
import { USERS, type Sandbox } from "../../../sandbox";
import { startReceiver, type Receiver } from "../../../tools/receiver";
import { actionRunner, harness, secretConnection, startSandbox } from "../support";

/**
 * The pickers of the configuration UI, through the harness against the sandbox: messages (recent, by folder),
 * events (upcoming), subscriptions and languages, on a user's mailbox and on the shared mailbox; and every input
 * that names a message, event, subscription, language, folder, calendar or time zone offers its picker.
 */

type Picked = { key: string; label: string }[];

let sb: Sandbox;
let receiver: Receiver;
beforeAll(async () => {
  sb = await startSandbox();
  receiver = await startReceiver({ component, trigger: "webhook", params: {} });
});
afterAll(async () => {
  await receiver.stop();
  await sb.stop();
});

const connection = () => secretConnection(sb);
const run = actionRunner(connection);
const pick = async (key: string, params: Record<string, unknown> = {}): Promise<Picked> =>
  ((await harness.dataSource(key, { connection: connection(), ...params })) as { result: Picked }).result;
/** The Graph paths the sandbox saw while `work` ran. */
async function pathsOf(work: () => Promise<unknown>): Promise<string[]> {
  const before = sb.requests.length;
  await work();
  return sb.requests
    .slice(before)
    .filter((r) => r.kind === "graph")
    .map((r) => decodeURIComponent(r.path));
}
const minutes = /\d{4}-\d\d-\d\d \d\d:\d\d UTC$/;
const DAY = 24 * 3600_000;
const localTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

describe("Select Message", () => {
  it("offers a folder's messages newest first, labelled 'Subject — From, date'", async () => {
    for (const subject of ["First report", "Second report"]) {
      await run("sendMessage", { mailbox: USERS.megan.upn, to: USERS.adele.upn, subject });
      sb.clock.advance(60_000); // received a minute apart: Graph stamps whole seconds
    }
    await run("sendMessage", { mailbox: USERS.adele.upn, to: USERS.alex.upn, subject: "Sent by Adele" });
    const inbox = await pick("selectMessage", { mailbox: USERS.adele.upn, folderId: "inbox" });
    expect(inbox.map((m) => m.label.replace(minutes, "<when>"))).toEqual([
      "Second report — Megan Bowen, <when>",
      "First report — Megan Bowen, <when>",
    ]);
    const message = await run("getMailMessage", { mailbox: USERS.adele.upn, messageId: inbox[0].key });
    expect((message.message as { subject: string }).subject).toBe("Second report");
    const everywhere = await pick("selectMessage", { mailbox: USERS.adele.upn });
    expect(everywhere.map((m) => m.label.split(" — ")[0])).toEqual(
      expect.arrayContaining(["Sent by Adele", "First report", "Second report"]),
    );
  });

  it("offers the shared mailbox's messages, asking only the shared mailbox", async () => {
    await run("sendMessage", { mailbox: USERS.alex.upn, to: USERS.sales.upn, subject: "For the sales team" });
    let picked: Picked = [];
    const paths = await pathsOf(async () => {
      picked = await pick("selectMessage", { mailbox: USERS.sales.upn, folderId: "inbox" });
    });
    expect(picked.map((m) => m.label.replace(minutes, "<when>"))).toEqual(["For the sales team — Alex Wilber, <when>"]);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p.startsWith(`/v1.0/users/${USERS.sales.upn}/`)).toBe(true);
  });

  it("blames the folder it cannot find, and refuses a folder id that is no id before any request", async () => {
    await expect(
      pick("selectMessage", { mailbox: USERS.adele.upn, folderId: "AAMkNoSuchFolder" }),
    ).rejects.toMatchObject({ name: "GraphServiceError", property: "folderId" });
    const paths = await pathsOf(() =>
      pick("selectMessage", { mailbox: USERS.adele.upn, folderId: "../users" }).catch((e: unknown) => {
        expect(e).toMatchObject({ name: "ArgumentError", property: "folderId" });
      }),
    );
    expect(paths).toEqual([]);
  });
});

describe("Select Event", () => {
  it("offers the next events, occurrences included, soonest first, labelled 'Subject — start'", async () => {
    const now = Date.now();
    const tomorrow = Math.ceil((now + DAY) / 3600_000) * 3600_000;
    const create = (subject: string, start: number, extra: Record<string, unknown> = {}) =>
      run("createEvent", {
        mailbox: USERS.adele.upn,
        subject,
        startAt: localTime(start),
        endAt: localTime(start + 3600_000),
        ...extra,
      });
    await create("Yesterday's review", now - 2 * DAY);
    await create("Planning", tomorrow + 2 * 3600_000);
    await create("Stand-up", tomorrow, { recurrenceType: "daily", recurrenceCount: "3" });
    const picked = await pick("selectEvent", { mailbox: USERS.adele.upn });
    const at = (ms: number) => `${localTime(ms).slice(0, 16).replace("T", " ")} UTC`;
    expect(picked.map((e) => e.label)).toEqual([
      `Stand-up — ${at(tomorrow)}`,
      `Planning — ${at(tomorrow + 2 * 3600_000)}`,
      `Stand-up — ${at(tomorrow + DAY)}`,
      `Stand-up — ${at(tomorrow + 2 * DAY)}`,
    ]);
    const planning = await run("getCalendarEvent", { mailbox: USERS.adele.upn, eventId: picked[1].key });
    expect(planning.subject).toBe("Planning");
  });

  it("labels an all-day event by its day, and works on the shared mailbox", async () => {
    const day = new Date(Date.now() + 3 * DAY).toISOString().slice(0, 10);
    const next = new Date(Date.parse(day) + DAY).toISOString().slice(0, 10);
    await run("createEvent", {
      mailbox: USERS.sales.upn,
      subject: "Offsite",
      startAt: day,
      endAt: next,
      isAllDay: true,
    });
    let picked: Picked = [];
    const paths = await pathsOf(async () => {
      picked = await pick("selectEvent", { mailbox: USERS.sales.upn });
    });
    expect(picked.map((e) => e.label)).toEqual([`Offsite — ${day} (all day)`]);
    for (const p of paths) expect(p.startsWith(`/v1.0/users/${USERS.sales.upn}/`)).toBe(true);
  });
});

describe("Select Subscription", () => {
  it("offers the app's subscriptions, labelled 'resource — expires …'", async () => {
    const made = await harness.action(
      "createMailFolderSubscription",
      { connection: connection(), mailbox: USERS.megan.upn, folderId: "inbox", notificationUrl: receiver.url },
      { crossFlowState: receiver.context.crossFlowState, webhookUrls: receiver.context.webhookUrls } as never,
    );
    const subscription = (made as { data: { id: string; resource: string; expirationDateTime: string } }).data;
    const picked = await pick("selectSubscription");
    const mine = picked.find((s) => s.key === subscription.id);
    expect(mine?.label).toBe(
      `${subscription.resource} — expires ` + `${subscription.expirationDateTime.slice(0, 16).replace("T", " ")} UTC`,
    );
  });
});

describe("Select Language", () => {
  it("offers Outlook's languages labelled 'English (United States) — en-US', on the shared mailbox too", async () => {
    const picked = await pick("selectLanguage", { mailbox: USERS.adele.upn });
    expect(picked).toContainEqual({ key: "en-US", label: "English (United States) — en-US" });
    const labels = picked.map((l) => l.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
    const shared = await pick("selectLanguage", { mailbox: USERS.sales.upn });
    expect(shared).toEqual(picked);
  });
});

describe("inputs offer their pickers", () => {
  const PICKER_OF: Record<string, string> = {
    messageId: "selectMessage",
    eventId: "selectEvent",
    subscriptionId: "selectSubscription",
    language: "selectLanguage",
    folderId: "selectMailFolder",
    destinationFolderId: "selectMailFolder",
    parentFolderId: "selectMailFolder",
    calendarId: "selectCalendar",
    timeZone: "selectTimeZone",
    startTimezone: "selectTimeZone",
    endTimezone: "selectTimeZone",
    outputTimeZone: "selectTimeZone",
  };
  const blocks = [
    ...Object.entries(harness.component.actions).map(([key, a]) => [`action ${key}`, a.inputs] as const),
    ...Object.entries(harness.component.triggers).map(([key, t]) => [`trigger ${key}`, t.inputs] as const),
  ];

  it("wires every input that names a message, event, subscription, language, folder, calendar or zone", () => {
    const missing = blocks.flatMap(([block, inputs]) =>
      inputs
        .filter((i) => PICKER_OF[i.key] && i.dataSource !== PICKER_OF[i.key])
        .map((i) => `${block}.${i.key}: ${String(i.dataSource)}`),
    );
    expect(missing).toEqual([]);
    expect(blocks.some(([, inputs]) => inputs.some((i) => i.dataSource === "selectMessage"))).toBe(true);
  });

  it("names only pickers the component has", () => {
    const pickers = Object.keys(harness.component.dataSources);
    const named = blocks.flatMap(([, inputs]) => inputs.map((i) => i.dataSource).filter((d) => d !== undefined));
    expect(named.filter((d) => !pickers.includes(String(d)))).toEqual([]);
  });
});
