import { USERS, type Sandbox } from "../../../sandbox";
import {
  actionError,
  actionRunner,
  authorizationCodeConnection,
  folderMessages,
  harness,
  secretConnection,
  startSandbox,
} from "../support";

/**
 * Every mailbox-scoped action on a shared mailbox with an app-only connection (each request on the
 * shared mailbox's path), and each one refused before any request when an app-only connection names
 * no mailbox; calendar actions in a run of their own (the last test).
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);

/** Calendar actions: every one takes a mailbox, and they have a run of their own (the last test). */
const calendarActions = [
  "listCalendars",
  "createCalendar",
  "updateCalendar",
  "deleteCalendar",
  "listEvents",
  "listCalendarView",
  "getCalendarEvent",
  "createEvent",
  "updateEvent",
  "deleteEvent",
  "cancelEvent",
  "respondToEvent",
  "getScheduleAvailability",
  "listSupportedLanguages",
  "listSupportedTimezones",
  "forwardEvent",
  "dismissEventReminder",
  "snoozeEventReminder",
  "getReminderView",
  "findMeetingTimes",
  "listEventAttachments",
  "getEventAttachment",
  "addEventAttachment",
  "deleteEventAttachment",
];
const SHARED_SCOPES = ["User.ReadBasic.All", "Mail.ReadWrite.Shared"]
  .map((scope) => `https://graph.microsoft.com/${scope}`)
  .join(" ");
const inbox = (userId: string, subject: string) =>
  folderMessages(sb, userId, "inbox").filter((m) => m.subject === subject);
const eventsOf = (userId: string) => [...sb.store.mailbox(userId).events.values()];

describe("every action on a shared mailbox, app-only, and the error when no mailbox is named", () => {
  const mailboxActions = Object.entries(harness.component.actions)
    .filter(([key, a]) => a.inputs.some((i) => i.key === "mailbox") && !calendarActions.includes(key))
    .map(([key]) => key);

  it("covers every mailbox-scoped action", () => {
    expect(mailboxActions.length).toBeGreaterThanOrEqual(36);
  });

  it("runs every mailbox-scoped action against the shared mailbox", async () => {
    const shared = { mailbox: USERS.sales.upn };
    const seen = new Set<string>();
    const track = async (key: string, params: Record<string, unknown>) => {
      const before = sb.requests.length;
      const data = await run(key, { ...shared, ...params });
      // A JSON batch is checked by the requests inside it (recorded on their own, each with its path).
      const paths = sb.requests
        .slice(before)
        .filter((r) => r.kind === "graph" && !(r.path === "/v1.0/$batch" && !r.batch))
        .map((r) => decodeURIComponent(r.path));
      expect(paths.length).toBeGreaterThan(0);
      for (const p of paths) expect(p.startsWith(`/v1.0/users/${USERS.sales.upn}`)).toBe(true);
      seen.add(key);
      return data;
    };
    await track("getCurrentUser", {});
    const sent = await track("sendMessage", { to: USERS.alex.upn, subject: "shared 1" });
    // The sent message's id names the shared mailbox's own Sent Items copy.
    const [sentCopy] = folderMessages(sb, USERS.sales.id, "sentitems").filter((x) => x.subject === "shared 1");
    expect(sent.messageId).toBe(sentCopy.immutableId);
    await track("sendNotification", { to: USERS.alex.upn, title: "shared notification", body: "n" });
    await run("sendMessage", { mailbox: USERS.alex.upn, to: USERS.sales.upn, subject: "to shared" });
    const [m] = inbox(USERS.sales.id, "to shared");
    await track("listMailMessages", { folderId: "inbox" });
    await track("getMailMessage", { messageId: m.id });
    const eml = await track("getMessageAsEml", { messageId: m.id });
    expect(String((eml.file as { data: Buffer }).data)).toContain("Subject: to shared");
    await track("updateMessage", { messageId: m.id, isRead: "true" });
    await track("replyToMessage", { messageId: m.id, comment: "r" });
    await track("replyAllToMessage", { messageId: m.id, comment: "r" });
    await track("forwardMessage", { messageId: m.id, to: USERS.megan.upn });
    await track("createReplyDraft", { messageId: m.id });
    await track("createReplyAllDraft", { messageId: m.id });
    await track("createForwardDraft", { messageId: m.id, to: USERS.megan.upn });
    const draft = await track("createDraft", { subject: "shared draft", to: USERS.alex.upn });
    await track("updateDraft", { messageId: draft.id, subject: "shared draft 2" });
    await track("addAttachment", { messageId: draft.id, fileName: "a.txt", file: "a" });
    const [att] = (await track("listAttachments", { messageId: draft.id })) as unknown as { id: string }[];
    await track("getAttachment", { messageId: draft.id, attachmentId: att.id });
    await track("deleteAttachment", { messageId: draft.id, attachmentId: att.id });
    await track("attachMessage", { messageId: draft.id, attachedMessageId: m.id });
    const [item] = (await track("listAttachments", { messageId: draft.id })) as unknown as { id: string }[];
    const attached = await track("getAttachedMessage", { messageId: draft.id, attachmentId: item.id });
    expect(attached.item).toMatchObject({ subject: "to shared" });
    await track("sendDraft", { messageId: draft.id });
    const folder = await track("createMailFolder", { displayName: "Shared folder" });
    const copy = await track("copyMessage", { messageId: m.id, destinationFolderId: folder.id });
    const moved = await track("moveMessage", { messageId: copy.id, destinationFolderId: "archive" });
    await track("syncMessages", { folderId: "inbox" });
    await track("deleteMessage", { messageId: moved.id });
    const bulkIds = [copy.id, m.id];
    await track("updateMessages", { messageIds: bulkIds, isRead: "false", flagStatus: "flagged" });
    const copies = await track("copyMessages", { messageIds: bulkIds, destinationFolderId: folder.id });
    const copyIds = (copies.items as unknown as { newId: string }[]).map((i) => i.newId);
    await track("moveMessages", { messageIds: copyIds, destinationFolderId: "archive" });
    await track("deleteMessages", { messageIds: copyIds });
    await track("listMailFolders", { includeSubfolders: true });
    await track("updateMailFolder", { folderId: folder.id, displayName: "Shared folder 2" });
    const folder2 = await track("copyMailFolder", { folderId: folder.id, destinationFolderId: "inbox" });
    await track("moveMailFolder", { folderId: folder2.id, destinationFolderId: "archive" });
    await track("deleteMailFolder", { folderId: folder.id });
    await track("getMailboxSettings", {});
    await track("updateMailboxSettings", { dateFormat: "yyyy-MM-dd" });
    await track("getAutomaticReplies", {});
    await track("updateAutomaticReplies", { status: "disabled" });
    await track("getMailTips", { recipients: USERS.alex.upn });
    const o = await track("createFocusedInboxOverride", { sender: USERS.alex.upn, classifyAs: "other" });
    await track("listFocusedInboxOverrides", {});
    await track("updateFocusedInboxOverride", { overrideId: o.id, classifyAs: "focused" });
    await track("deleteFocusedInboxOverride", { overrideId: o.id });
    await track("listMasterCategories", {});
    const category = await track("createCategory", { displayName: "Shared category", color: "preset2" });
    await track("updateCategory", { categoryId: category.id, color: "Teal" });
    await track("deleteCategory", { categoryId: category.id });
    const rule = await track("createInboxRule", {
      displayName: "Shared rule",
      ifSubjectContains: "shared",
      moveToFolder: "archive",
      forwardTo: USERS.megan.upn,
    });
    await track("listInboxRules", {});
    await track("getInboxRule", { ruleId: rule.id });
    await track("updateInboxRule", { ruleId: rule.id, markAsRead: "true" });
    await track("deleteInboxRule", { ruleId: rule.id });
    const contactFolder = await track("createContactFolder", { displayName: "Shared contacts" });
    await track("updateContactFolder", { contactFolderId: contactFolder.id, displayName: "Shared contacts 2" });
    await track("listContactFolders", {});
    const contact = await track("createContact", {
      contactFolderId: contactFolder.id,
      displayName: "Shared contact",
      emailAddresses: USERS.alex.upn,
    });
    await track("listContacts", { contactFolderId: contactFolder.id });
    await track("searchContacts", { nameOrEmail: USERS.alex.upn, contactFolderId: contactFolder.id });
    await track("getContact", { contactId: contact.id });
    await track("updateContact", { contactId: contact.id, jobTitle: "Buyer" });
    await track("deleteContact", { contactId: contact.id });
    await track("deleteContactFolder", { contactFolderId: contactFolder.id });
    // Graph translates ids for signed-in users only: Adele, who has full access to the shared mailbox.
    const adele = (await authorizationCodeConnection(sb, SHARED_SCOPES)).connection;
    const translated = await track("translateExchangeIds", { connection: adele, ids: [m.id] });
    expect((translated.value as unknown as { targetId: string }[])[0].targetId).toBe(m.immutableId);
    // Subscriptions need a reachable webhook; subscriptions.test.ts runs them on the shared mailbox.
    expect(mailboxActions.filter((k) => !seen.has(k) && !k.endsWith("Subscription"))).toEqual([]);
  });

  it(
    "refuses every mailbox-scoped action on an app-only connection that names no mailbox, before any " + "request",
    async () => {
      const bare = secretConnection(sb, { userId: "" });
      const params = {
        notificationUrl: "https://example.com/hook",
        to: USERS.alex.upn,
        messageId: "AAMkAx",
        messageIds: ["AAMkAx"],
        ids: ["AAMkAx"],
        folderId: "inbox",
        attachmentId: "AAMkAy",
        attachedMessageId: "AAMkAw",
        overrideId: "AAMkAz",
        destinationFolderId: "inbox",
        displayName: "x",
        fileName: "a.txt",
        file: "a",
        status: "disabled",
        recipients: USERS.alex.upn,
        sender: USERS.alex.upn,
        classifyAs: "other",
        timeZone: "UTC",
        subject: "s",
        isRead: "true",
        categoryId: "AAMkAc",
        color: "preset0",
        ruleId: "AQAAAJ5dZqA=",
        markAsRead: "true",
        contactId: "AAMkAd",
        contactFolderId: "AAMkAf",
        nameOrEmail: "Dana",
      };
      const before = sb.requests.length;
      for (const key of mailboxActions) {
        const err = await actionError(key, { connection: bare, ...params });
        expect([key, err.name, err.property]).toEqual([key, "PropertyNullError", "mailbox"]);
      }
      expect(sb.requests.length).toBe(before);
    },
  );
});

it("runs every calendar action on a shared mailbox with an app-only connection", async () => {
  const shared = { mailbox: USERS.sales.upn };
  const before = sb.requests.length;
  const cal = await run("createCalendar", { ...shared, name: "Sales events" });
  await run("updateCalendar", { ...shared, calendarId: cal.id, name: "Sales events 2" });
  await run("listCalendars", shared);
  const ev = await run("createEvent", {
    ...shared,
    calendarId: cal.id,
    subject: "Pipeline review",
    attendees: [USERS.alex.upn],
    startAt: "2026-12-03T10:00:00",
    endAt: "2026-12-03T11:00:00",
  });
  await run("updateEvent", { ...shared, eventId: ev.id, locationName: "Room 2" });
  await run("getCalendarEvent", { ...shared, eventId: ev.id });
  await run("listEvents", { ...shared, calendarId: cal.id });
  await run("listCalendarView", { ...shared, startAt: "2026-12-01T00:00:00", endAt: "2026-12-31T00:00:00" });
  await run("getScheduleAvailability", {
    ...shared,
    schedules: [USERS.sales.upn],
    startAt: "2026-12-03T00:00:00",
    endAt: "2026-12-04T00:00:00",
  });
  await run("listSupportedLanguages", shared);
  await run("listSupportedTimezones", shared);
  const newActionsFrom = sb.requests.length;
  await run("addEventAttachment", { ...shared, eventId: ev.id, fileName: "brief.txt", file: "pipeline" });
  const [evAtt] = (await run("listEventAttachments", { ...shared, eventId: ev.id })) as unknown as { id: string }[];
  await run("getEventAttachment", { ...shared, eventId: ev.id, attachmentId: evAtt.id });
  await run("deleteEventAttachment", { ...shared, eventId: ev.id, attachmentId: evAtt.id });
  await run("snoozeEventReminder", { ...shared, eventId: ev.id, newReminderTime: "2026-12-03T09:50:00" });
  await run("getReminderView", { ...shared, startAt: "2026-12-03T00:00:00", endAt: "2026-12-04T00:00:00" });
  await run("dismissEventReminder", { ...shared, eventId: ev.id });
  await run("forwardEvent", { ...shared, eventId: ev.id, to: USERS.megan.upn, comment: "Join us" });
  await run("findMeetingTimes", {
    ...shared,
    attendees: [USERS.alex.upn],
    windowStart: "2026-12-07T09:00:00",
    windowEnd: "2026-12-07T12:00:00",
  });
  const newActionPaths = sb.requests
    .slice(newActionsFrom)
    .filter((r) => r.kind === "graph")
    .map((r) => decodeURIComponent(r.path));
  expect(newActionPaths.length).toBeGreaterThanOrEqual(9);
  expect(newActionPaths.filter((p) => !p.startsWith(`/v1.0/users/${USERS.sales.upn}/`))).toEqual([]);
  await run("cancelEvent", { ...shared, eventId: ev.id });
  await run("createEvent", {
    mailbox: USERS.alex.upn,
    subject: "Ask sales",
    attendees: [USERS.sales.upn],
    startAt: "2026-12-04T10:00:00",
    endAt: "2026-12-04T11:00:00",
  });
  const salesCopy = eventsOf(USERS.sales.id).find((e) => e.subject === "Ask sales")!;
  await run("respondToEvent", { ...shared, eventId: salesCopy.id, response: "tentativelyAccept" });
  await run("deleteEvent", { ...shared, eventId: salesCopy.id });
  await run("deleteCalendar", { ...shared, calendarId: cal.id });
  const salesPaths = sb.requests
    .slice(before)
    .filter((r) => r.kind === "graph" && decodeURIComponent(r.path).startsWith(`/v1.0/users/${USERS.sales.upn}`));
  expect(salesPaths.every((r) => r.status < 300)).toBe(true);
  const bare = secretConnection(sb, { userId: "" });
  for (const key of calendarActions) {
    const err = await actionError(key, {
      connection: bare,
      name: "x",
      calendarId: "AAMkAx",
      eventId: "AAMkAx",
      startAt: "2026-12-01T10:00:00",
      endAt: "2026-12-01T11:00:00",
      schedules: [USERS.alex.upn],
      response: "accept",
      to: USERS.megan.upn,
      attachmentId: "AAMkAy",
      fileName: "a.txt",
      file: "a",
      newReminderTime: "2026-12-01T09:50:00",
    });
    expect([key, err.name, err.property]).toEqual([key, "PropertyNullError", "mailbox"]);
  }
});
