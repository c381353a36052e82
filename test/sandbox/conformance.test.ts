import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Client } from "@microsoft/microsoft-graph-client";
import { USERS, type Sandbox } from "../../sandbox";
import { loadSchema, type GraphSchema, type TypeRef } from "../../sandbox/schema";
import { appToken, graphClient, startSandbox } from "./support";

/**
 * Conformance with Graph's own v1.0 schema (CSDL): every Graph route the sandbox serves resolves,
 * segment by segment, to an entity set, singleton, navigation property, bound action or function
 * Graph declares, with an HTTP method that fits; and every property of every user, mailFolder,
 * message and attachment it returns is declared on that type, with enum values Graph knows.
 * The schema is parsed here from the file, independently of the sandbox's own loaded copy.
 */

let schema: GraphSchema;
let sb: Sandbox;
let client: Client;
beforeAll(async () => {
  schema = loadSchema(readFileSync(join(__dirname, "../../sandbox/schema/v1.0-Prod.csdl"), "utf8"));
  sb = await startSandbox();
  client = graphClient(sb, await appToken(sb));
});
afterAll(() => sb.stop());

describe("every Graph route resolves in the v1.0 schema", () => {
  it("serves at least the whole mail surface: users, folders, messages, attachments, uploads", () => {
    // JSON batching's endpoint belongs to the OData protocol, not to the schema's resources.
    const graphRoutes = sb.router.routes.filter((r) => r.kind === "graph" && r.template !== "/$batch");
    expect(graphRoutes.length).toBeGreaterThan(40);
    expect(graphRoutes.every((r) => r.options.inSchema !== false)).toBe(true);
  });

  it.each([["users/{user-id}"], ["me"]])("with the mailbox addressed as %s", (prefix) => {
    const failures: string[] = [];
    for (const route of sb.router.routes.filter((r) => r.kind === "graph" && r.options.inSchema !== false)) {
      const path = prefix === "me" ? route.template.replace(/^\/users\/\{user-id\}/, "/me") : route.template;
      if (prefix === "me" && path === route.template) continue;
      try {
        const resolved = schema.resolvePath(path);
        const last = resolved[resolved.length - 1];
        let fits: boolean;
        if (last.kind === "operation") {
          const bound = schema
            .operationsFor(resolved[resolved.length - 2].type)
            .filter((o) => o.name === last.segment.replace(/\(.*\)$/, ""));
          fits = bound.some((o) => (o.kind === "action" ? "POST" : "GET") === route.method);
        } else if (last.kind === "value") {
          fits = route.method === "GET";
        } else if (last.kind === "property") {
          fits = ["GET", "PATCH"].includes(route.method);
        } else {
          fits = last.type.collection
            ? ["GET", "POST"].includes(route.method)
            : ["GET", "PATCH", "DELETE"].includes(route.method);
        }
        if (!fits)
          failures.push(
            `${route.method} ${path}: method does not fit a ${last.kind} of ` +
              (last.type.collection ? `Collection(${last.type.name})` : last.type.name),
          );
      } catch (e) {
        failures.push(`${route.method} ${path}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses a path Graph does not declare (the check can fail)", () => {
    expect(() => schema.resolvePath("/users/{id}/mailFolders/{id}/messages/{id}/reactions")).toThrow(/reactions/);
    expect(() => schema.resolvePath("/me/sendMessage")).toThrow(/sendMessage/);
  });
});

/**
 * Every property of a returned value must be declared on its type (recursively through complex types and collections).
 */
function undeclared(value: unknown, type: TypeRef, where: string): string[] {
  if (value === null || value === undefined) return [];
  if (type.collection) {
    return (value as unknown[]).flatMap((v, i) =>
      undeclared(v, { name: type.name, collection: false }, `${where}[${i}]`),
    );
  }
  const members = schema.enums.get(type.name);
  if (members)
    return members.includes(String(value)) ? [] : [`${where}: '${String(value)}' is not a member of ${type.name}`];
  if (type.name.startsWith("Edm.")) return [];
  const record = value as Record<string, unknown>;
  let actual = type.name;
  if (typeof record["@odata.type"] === "string") {
    actual = String(record["@odata.type"]).replace(/^#/, "");
    if (!schema.isA(actual, type.name)) return [`${where}: @odata.type ${actual} is not a ${type.name}`];
  }
  const props = schema.propertiesOf(actual);
  return Object.entries(record).flatMap(([k, v]) => {
    if (k.startsWith("@odata.")) return [];
    const p = props.get(k);
    return p ? undeclared(v, p, `${where}.${k}`) : [`${where}.${k} is not a property of ${actual}`];
  });
}

describe("every property returned is declared by Graph", () => {
  beforeAll(async () => {
    const content = Buffer.alloc(1024, 7).toString("base64");
    await client.api(`/users/${USERS.adele.upn}/sendMail`).post({
      message: {
        subject: "Conformance",
        body: { contentType: "text", content: "hello" },
        toRecipients: [{ emailAddress: { address: USERS.alex.upn } }],
        ccRecipients: [{ emailAddress: { address: USERS.megan.upn, name: "Megan" } }],
        replyTo: [{ emailAddress: { address: USERS.sales.upn } }],
        categories: ["Blue category"],
        attachments: [
          {
            "@odata.type": "#microsoft.graph.fileAttachment",
            name: "a.txt",
            contentType: "text/plain",
            contentBytes: content,
          },
        ],
      },
    });
    await client.api(`/users/${USERS.alex.upn}/mailFolders`).post({ displayName: "Projects" });
  });

  it("on users", async () => {
    const user = await client.api(`/users/${USERS.alex.upn}`).get();
    const list = await client.api("/users").get();
    expect(undeclared(user, { name: "microsoft.graph.user", collection: false }, "user")).toEqual([]);
    expect(undeclared(list.value, { name: "microsoft.graph.user", collection: true }, "users")).toEqual([]);
  });

  it("on mail folders", async () => {
    const folders = await client
      .api(`/users/${USERS.alex.upn}/mailFolders`)
      .query({ includeHiddenFolders: "true" })
      .get();
    expect(folders.value.length).toBeGreaterThanOrEqual(9);
    expect(undeclared(folders.value, { name: "microsoft.graph.mailFolder", collection: true }, "mailFolders")).toEqual(
      [],
    );
  });

  it("on messages, including the properties only $select returns", async () => {
    const list = await client.api(`/users/${USERS.alex.upn}/messages`).get();
    const all = await client
      .api(`/users/${USERS.alex.upn}/messages/${list.value[0].id}`)
      .select([...schema.propertiesOf("microsoft.graph.message").keys()].join(","))
      .get();
    expect(Object.keys(all)).toEqual(
      expect.arrayContaining(["uniqueBody", "internetMessageHeaders", "bodyPreview", "flag"]),
    );
    expect(undeclared(list.value, { name: "microsoft.graph.message", collection: true }, "messages")).toEqual([]);
    expect(undeclared(all, { name: "microsoft.graph.message", collection: false }, "message")).toEqual([]);
  });

  it("on attachments and upload sessions", async () => {
    const [m] = (await client.api(`/users/${USERS.alex.upn}/messages`).filter("subject eq 'Conformance'").get()).value;
    const attachments = await client.api(`/users/${USERS.alex.upn}/messages/${m.id}/attachments`).get();
    expect(attachments.value).toHaveLength(1);
    expect(
      undeclared(attachments.value, { name: "microsoft.graph.attachment", collection: true }, "attachments"),
    ).toEqual([]);
    const draft = await client.api(`/users/${USERS.alex.upn}/messages`).post({ subject: "draft" });
    const session = await client
      .api(`/users/${USERS.alex.upn}/messages/${draft.id}/attachments/createUploadSession`)
      .post({ AttachmentItem: { attachmentType: "file", name: "x.bin", size: 4 * 1024 * 1024 } });
    expect(undeclared(session, { name: "microsoft.graph.uploadSession", collection: false }, "uploadSession")).toEqual(
      [],
    );
  });

  it("on calendars, events, occurrences, meeting messages, schedules, time zones and languages", async () => {
    const alex = `/users/${USERS.alex.upn}`;
    await client.api(`${alex}/calendars`).post({ name: "Projects", color: "lightTeal" });
    const meeting = await client.api(`${alex}/events`).post({
      subject: "Weekly sync",
      start: { dateTime: "2026-11-02T09:00:00", timeZone: "Pacific Standard Time" },
      end: { dateTime: "2026-11-02T09:30:00", timeZone: "Pacific Standard Time" },
      attendees: [{ type: "required", emailAddress: { address: USERS.megan.upn } }],
      location: { displayName: "Room 1" },
      isOnlineMeeting: true,
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
        range: { type: "numbered", startDate: "2026-11-02", numberOfOccurrences: 4 },
      },
    });
    const calendars = await client.api(`${alex}/calendars`).get();
    const events = await client.api(`${alex}/events`).get();
    const view = await client
      .api(`${alex}/calendarView`)
      .query({ startDateTime: "2026-11-01T00:00:00Z", endDateTime: "2026-12-01T00:00:00Z" })
      .get();
    const instances = await client
      .api(`${alex}/events/${meeting.id}/instances`)
      .query({ startDateTime: "2026-11-01T00:00:00Z", endDateTime: "2026-12-01T00:00:00Z" })
      .get();
    const invitation = await client.api(`/users/${USERS.megan.upn}/mailFolders/inbox/messages`).get();
    const schedule = await client.api(`${alex}/calendar/getSchedule`).post({
      schedules: [USERS.alex.upn, "nobody@fabrikam.example"],
      startTime: { dateTime: "2026-11-02T00:00:00", timeZone: "UTC" },
      endTime: { dateTime: "2026-11-03T00:00:00", timeZone: "UTC" },
      availabilityViewInterval: 60,
    });
    const windows = await client.api(`${alex}/outlook/supportedTimeZones`).get();
    const iana = await client
      .api(`${alex}/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')`)
      .get();
    const languages = await client.api(`${alex}/outlook/supportedLanguages`).get();
    expect(view.value).toHaveLength(4);
    expect(
      invitation.value.some(
        (m: { "@odata.type"?: string }) => m["@odata.type"] === "#microsoft.graph.eventMessageRequest",
      ),
    ).toBe(true);
    expect(windows.value.map((z: { alias: string }) => z.alias)).toContain("Pacific Standard Time");
    expect(iana.value.map((z: { alias: string }) => z.alias)).toContain("America/Los_Angeles");
    // Graph's own example: en-US is "English (United States)", not the dialect's name ("American English").
    expect(languages.value).toContainEqual({ locale: "en-US", displayName: "English (United States)" });
    expect(languages.value).toContainEqual({ locale: "pt-BR", displayName: "Portuguese (Brazil)" });
    const checks: [unknown, string][] = [
      [calendars.value, "microsoft.graph.calendar"],
      [events.value, "microsoft.graph.event"],
      [view.value, "microsoft.graph.event"],
      [instances.value, "microsoft.graph.event"],
      [invitation.value, "microsoft.graph.message"],
      [schedule.value, "microsoft.graph.scheduleInformation"],
      [windows.value, "microsoft.graph.timeZoneInformation"],
      [iana.value, "microsoft.graph.timeZoneInformation"],
      [languages.value, "microsoft.graph.localeInfo"],
    ];
    for (const [value, type] of checks) expect(undeclared(value, { name: type, collection: true }, type)).toEqual([]);
  });

  it("on contacts, folders, categories, rules, places, reminders, suggestions, ids and item attachments", async () => {
    const alex = `/users/${USERS.alex.upn}`;
    const folder = await client.api(`${alex}/contactFolders`).post({ displayName: "Partners" });
    await client.api(`${alex}/contactFolders/${folder.id}/contacts`).post({
      givenName: "Pavel",
      surname: "Bansky",
      emailAddresses: [{ address: "pavel@fabrikam.example", name: "Pavel" }],
      homeAddress: { city: "Seattle" },
    });
    await client.api(`${alex}/contacts`).post({ displayName: "Dana Swope", businessPhones: ["+1 555 0100"] });
    await client.api(`${alex}/mailFolders/inbox/messageRules`).post({
      displayName: "Partners",
      sequence: 1,
      conditions: { senderContains: ["fabrikam"] },
      exceptions: { importance: "low" },
      actions: { markAsRead: true },
    });
    const draft = await client.api(`${alex}/messages`).post({ subject: "With an item" });
    await client.api(`${alex}/messages/${draft.id}/attachments`).post({
      "@odata.type": "#microsoft.graph.itemAttachment",
      name: "Attached",
      item: { "@odata.type": "microsoft.graph.message", subject: "Inside" },
    });
    await client.api(`${alex}/messages/${draft.id}/attachments`).post({
      "@odata.type": "#microsoft.graph.referenceAttachment",
      name: "Budget.xlsx",
    });
    await client.api(`${alex}/events`).post({
      subject: "Reminded",
      start: { dateTime: "2031-02-03T10:00:00", timeZone: "UTC" },
      end: { dateTime: "2031-02-03T11:00:00", timeZone: "UTC" },
    });
    const get = (path: string) => client.api(path).get();
    const checks: [unknown, string][] = [
      [(await get(`${alex}/contacts`)).value, "microsoft.graph.contact"],
      [(await get(`${alex}/contactFolders/${folder.id}/contacts`)).value, "microsoft.graph.contact"],
      [(await get(`${alex}/contactFolders`)).value, "microsoft.graph.contactFolder"],
      [(await get(`${alex}/outlook/masterCategories`)).value, "microsoft.graph.outlookCategory"],
      [(await get(`${alex}/mailFolders/inbox/messageRules`)).value, "microsoft.graph.messageRule"],
      [(await get(`${alex}/messages/${draft.id}/attachments`)).value, "microsoft.graph.attachment"],
      [(await get("/places/microsoft.graph.room")).value, "microsoft.graph.room"],
      [(await get("/places/microsoft.graph.roomList")).value, "microsoft.graph.roomList"],
      [
        (await get(`${alex}/reminderView(startDateTime='2031-02-03T00:00:00',endDateTime='2031-02-04T00:00:00')`))
          .value,
        "microsoft.graph.reminder",
      ],
      [(await get(`${alex}/mailFolders/delta`)).value, "microsoft.graph.mailFolder"],
    ];
    const suggestions = await client.api(`${alex}/findMeetingTimes`).post({
      attendees: [{ type: "required", emailAddress: { address: USERS.megan.upn } }],
      timeConstraint: {
        timeSlots: [
          {
            start: { dateTime: "2031-02-04T08:00:00", timeZone: "UTC" },
            end: { dateTime: "2031-02-04T12:00:00", timeZone: "UTC" },
          },
        ],
      },
      locationConstraint: { suggestLocation: true },
    });
    const ids = await client
      .api(`${alex}/translateExchangeIds`)
      .post({ inputIds: [draft.id], sourceIdType: "restId", targetIdType: "ewsId" });
    const replies = await get(`${alex}/mailboxSettings/automaticRepliesSetting`);
    expect(suggestions.meetingTimeSuggestions.length).toBeGreaterThan(0);
    expect(checks.filter(([value]) => !(value as unknown[]).length).map(([, type]) => type)).toEqual([]);
    for (const [value, type] of checks) expect(undeclared(value, { name: type, collection: true }, type)).toEqual([]);
    const result = { name: "microsoft.graph.meetingTimeSuggestionsResult", collection: false };
    expect(undeclared(suggestions, result, "findMeetingTimes")).toEqual([]);
    expect(undeclared(ids.value, { name: "microsoft.graph.convertIdResult", collection: true }, "ids")).toEqual([]);
    const setting = { name: "microsoft.graph.automaticRepliesSetting", collection: false };
    expect(undeclared(replies, setting, "automaticRepliesSetting")).toEqual([]);
  });

  it("finds an undeclared property when one is there (the check can fail)", () => {
    expect(
      undeclared({ id: "x", subject: "s", madeUp: 1 }, { name: "microsoft.graph.message", collection: false }, "m"),
    ).toEqual(["m.madeUp is not a property of microsoft.graph.message"]);
    expect(
      undeclared({ importance: "urgent" }, { name: "microsoft.graph.message", collection: false }, "m"),
    ).toHaveLength(1);
  });
});
