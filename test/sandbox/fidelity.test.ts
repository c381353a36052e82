import { USERS, type Sandbox } from "../../sandbox";
import { startNotificationServer, type NotificationServer } from "../conformance/notificationServer";
import { appToken, expectGraphError, raw, startSandbox, type RawResponse } from "./support";

/**
 * Graph's leniencies and behaviours beyond CRUD, over HTTP: PascalCase bodies and string
 * primitives, ETags, immutable ids through moves and sends, Inbox rules on arriving mail,
 * translateExchangeIds, and delta over contacts and mail folders.
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
const MEGAN = `/v1.0/users/${USERS.megan.upn}`;

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

const send = (from: string, to: string, subject: string, extra: Record<string, unknown> = {}) =>
  call("POST", `/v1.0/users/${from}/sendMail`, {
    message: {
      subject,
      body: { contentType: "text", content: "hello" },
      toRecipients: [{ emailAddress: { address: to } }],
      ...extra,
    },
  });

async function inbox(user: string, subject: string): Promise<Record<string, unknown>[]> {
  const filter = encodeURIComponent(`subject eq '${subject}'`);
  const res = await call("GET", `${user}/messages?$filter=${filter}`);
  return res.json.value as Record<string, unknown>[];
}

describe("bodies as Graph's reader takes them", () => {
  it("sends a PascalCase sendMail with saveToSentItems as a string", async () => {
    const res = await call("POST", `${ADELE}/sendMail`, {
      Message: {
        Subject: "Pascal lunch",
        Body: { ContentType: "HTML", Content: "<p>Lunch?</p>" },
        ToRecipients: [{ EmailAddress: { Address: USERS.alex.upn, Name: "Alex" } }],
        Importance: "High",
      },
      SaveToSentItems: "false",
    });
    expect(res.status).toBe(202);
    const [received] = await inbox(ALEX, "Pascal lunch");
    expect(received).toMatchObject({ importance: "high", body: { contentType: "html" } });
    expect(await inbox(`${ADELE}/mailFolders/sentitems`, "Pascal lunch")).toEqual([]);
  });

  it("still refuses an unknown property and a string that is no number", async () => {
    expectGraphError(await call("POST", `${ADELE}/messages`, { Subjekt: "x" }), 400, "BadRequest");
    const schedule = await call("POST", `${ADELE}/calendar/getSchedule`, {
      schedules: [USERS.alex.upn],
      startTime: { dateTime: "2030-01-01T09:00:00", timeZone: "UTC" },
      endTime: { dateTime: "2030-01-01T18:00:00", timeZone: "UTC" },
      availabilityViewInterval: "fifteen",
    });
    expectGraphError(schedule, 400, "RequestBodyRead");
  });
});

describe("$select and $expand", () => {
  it("expands attachments and the extended properties a $filter names, on one message and on a list", async () => {
    const id = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Color";
    const draft = await call("POST", `${ADELE}/messages`, {
      subject: "Expandable",
      singleValueExtendedProperties: [
        { id, value: "Green" },
        { id: "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name Size", value: "L" },
      ],
      attachments: [
        {
          "@odata.type": "#microsoft.graph.fileAttachment",
          name: "a.txt",
          contentBytes: Buffer.from("a").toString("base64"),
        },
      ],
    });
    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${id}'),attachments`);
    const one = await call("GET", `${ADELE}/messages/${draft.json.id}?$select=subject&$expand=${expand}`);
    expect(one.json).toMatchObject({
      subject: "Expandable",
      singleValueExtendedProperties: [{ id, value: "Green" }],
      attachments: [{ name: "a.txt", contentBytes: "YQ==" }],
    });
    expect(one.json).not.toHaveProperty("body");
    const list = await call("GET", `${ADELE}/mailFolders/drafts/messages?$expand=attachments&$top=50`);
    const listed = list.json.value.find((m: { id: string }) => m.id === draft.json.id);
    expect(listed.attachments).toHaveLength(1);
    expectGraphError(
      await call("GET", `${ADELE}/messages/${draft.json.id}?$expand=nothing`),
      400,
      "RequestBroker--ParseUri",
    );
  });
});

describe("ETags", () => {
  it("updates with the current ETag or *, and answers 412 to a stale one without changing anything", async () => {
    const draft = await call("POST", `${ADELE}/messages`, { subject: "Versioned" });
    const etag = String(draft.json["@odata.etag"]);
    const first = await call("PATCH", `${ADELE}/messages/${draft.json.id}`, { subject: "V2" }, { "If-Match": etag });
    expect(first.status).toBe(200);
    const stale = await call("PATCH", `${ADELE}/messages/${draft.json.id}`, { subject: "V3" }, { "If-Match": etag });
    expectGraphError(stale, 412, "ErrorIrresolvableConflict");
    const del = await call("DELETE", `${ADELE}/messages/${draft.json.id}`, undefined, { "If-Match": etag });
    expectGraphError(del, 412, "ErrorIrresolvableConflict");
    expect((await call("GET", `${ADELE}/messages/${draft.json.id}`)).json.subject).toBe("V2");
    const any = await call("PATCH", `${ADELE}/messages/${draft.json.id}`, { subject: "V4" }, { "If-Match": "*" });
    expect(any.json.subject).toBe("V4");
  });
});

describe("immutable ids", () => {
  const immutable = { Prefer: 'IdType="ImmutableId"' };

  it("names a removal in delta by the immutable id when asked for them, merged with other preferences", async () => {
    const both = { Prefer: 'odata.maxpagesize=50, IdType="ImmutableId"' };
    const folder = await call("POST", `${ADELE}/mailFolders`, { displayName: "Delta by immutable id" });
    const draft = await call("POST", `${ADELE}/mailFolders/${folder.json.id}/messages`, { subject: "Gone" }, both);
    const first = await call("GET", `${ADELE}/mailFolders/${folder.json.id}/messages/delta`, undefined, both);
    expect(first.json.value.map((m: Json) => m.id)).toEqual([draft.json.id]);
    expect(first.headers.get("preference-applied")).toBe('odata.maxpagesize=50, IdType="ImmutableId"');
    expect((await call("DELETE", `${ADELE}/messages/${draft.json.id}`)).status).toBe(204);
    const next = await call("GET", String(first.json["@odata.deltaLink"]).replace(sb.url, ""), undefined, both);
    expect(next.json.value).toEqual([
      { "@odata.type": "#microsoft.graph.message", id: draft.json.id, "@removed": { reason: "deleted" } },
    ]);
    const plain = await call("GET", String(first.json["@odata.deltaLink"]).replace(sb.url, ""));
    expect(plain.json.value[0].id).not.toBe(draft.json.id);
  });

  it("keeps a message's immutable id through a move, where its REST id changes", async () => {
    const draft = await call("POST", `${ADELE}/messages`, { subject: "Moving" }, immutable);
    expect(draft.headers.get("preference-applied")).toBe('IdType="ImmutableId"');
    const id = String(draft.json.id);
    expect(id).toMatch(/^AAkALg/);
    const moved = await call("POST", `${ADELE}/messages/${id}/move`, { destinationId: "archive" }, immutable);
    expect(moved.json.id).toBe(id);
    const plain = await call("POST", `${ADELE}/messages/${id}/move`, { destinationId: "inbox" });
    expect(plain.json.id).not.toBe(id);
    const again = await call("GET", `${ADELE}/messages/${id}`, undefined, immutable);
    expect(again.json).toMatchObject({ id, parentFolderId: plain.json.parentFolderId });
  });

  it("finds a sent draft in Sent Items by the draft's immutable id, and translates ids both ways", async () => {
    const draft = await call(
      "POST",
      `${ADELE}/messages`,
      { subject: "Sent by immutable id", toRecipients: [{ emailAddress: { address: USERS.megan.upn } }] },
      immutable,
    );
    const id = String(draft.json.id);
    expect((await call("POST", `${ADELE}/messages/${id}/send`)).status).toBe(202);
    const sent = await call("GET", `${ADELE}/messages/${id}`);
    expect(sent.json).toMatchObject({ subject: "Sent by immutable id", isDraft: false });
    const translated = await call("POST", `${ADELE}/translateExchangeIds`, {
      inputIds: [sent.json.id, "AAMkAnothing="],
      sourceIdType: "restId",
      targetIdType: "restImmutableEntryId",
    });
    expect(translated.json.value[0]).toEqual({ sourceId: sent.json.id, targetId: id });
    expect(translated.json.value[1].errorDetails.code).toBe("ErrorInvalidIdMalformed");
    const back = await call("POST", `${ADELE}/translateExchangeIds`, {
      inputIds: [id],
      sourceIdType: "restImmutableEntryId",
      targetIdType: "restId",
    });
    expect(back.json.value[0].targetId).toBe(sent.json.id);
  });
});

describe("immutable ids in change notifications", () => {
  let notifications: NotificationServer;
  beforeAll(async () => {
    notifications = await startNotificationServer();
  });
  afterAll(() => notifications.stop());

  it("names messages by immutable id for a subscription created asking for them", async () => {
    const created = await call(
      "POST",
      "/v1.0/subscriptions",
      {
        changeType: "created",
        notificationUrl: notifications.url,
        resource: `users/${USERS.alex.id}/mailFolders('inbox')/messages`,
        expirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
        clientState: "immutable",
      },
      { Prefer: 'IdType="ImmutableId"' },
    );
    expect(created.status).toBe(201);
    await send(USERS.megan.upn, USERS.alex.upn, "Notified by immutable id");
    const [message] = await inbox(ALEX, "Notified by immutable id");
    const immutableId = (
      await call("GET", `${ALEX}/messages/${message.id}?$select=id`, undefined, {
        Prefer: 'IdType="ImmutableId"',
      })
    ).json.id;
    let ids: string[] = [];
    for (let i = 0; i < 40 && !ids.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ids = sb.notifier.deliveries
        .filter((d) => d.kind === "notification" && d.body.includes(String(created.json.id)))
        .flatMap((d) => (JSON.parse(d.body) as { value: { resourceData: { id: string } }[] }).value)
        .map((v) => v.resourceData.id);
    }
    expect(ids).toEqual([immutableId]);
    expect(immutableId).not.toBe(message.id);
  });
});

describe("Inbox rules on arriving mail", () => {
  it("applies conditions, exceptions and actions in sequence, and stops when a rule says so", async () => {
    const folder = await call("POST", `${MEGAN}/mailFolders`, { displayName: "Invoices" });
    const rules = `${MEGAN}/mailFolders/inbox/messageRules`;
    const moveInvoices = await call("POST", rules, {
      displayName: "Invoices",
      sequence: 1,
      isEnabled: true,
      conditions: { subjectContains: ["invoice"] },
      exceptions: { senderContains: ["adele"] },
      actions: {
        moveToFolder: folder.json.id,
        markAsRead: true,
        assignCategories: ["Finance"],
        stopProcessingRules: true,
      },
    });
    expect(moveInvoices.status).toBe(201);
    await call("POST", rules, {
      displayName: "Flag everything",
      sequence: 2,
      conditions: {},
      actions: { markImportance: "high", forwardTo: [{ emailAddress: { address: USERS.alex.upn } }] },
    });
    await send(USERS.alex.upn, USERS.megan.upn, "Invoice 42");
    await send(USERS.adele.upn, USERS.megan.upn, "Invoice 43");
    const [moved] = await inbox(`${MEGAN}/mailFolders/${folder.json.id}`, "Invoice 42");
    expect(moved).toMatchObject({ isRead: true, categories: ["Finance"], importance: "normal" });
    expect(await inbox(`${MEGAN}/mailFolders/inbox`, "Invoice 42")).toEqual([]);
    // The exception kept Adele's invoice in the Inbox; the second rule ran on it and forwarded it.
    const [kept] = await inbox(`${MEGAN}/mailFolders/inbox`, "Invoice 43");
    expect(kept).toMatchObject({ isRead: false, importance: "high" });
    expect(await inbox(ALEX, "FW: Invoice 43")).toHaveLength(1);
    expect(await inbox(ALEX, "FW: Invoice 42")).toEqual([]);
    const listed = await call("GET", rules);
    expect(listed.json.value.map((r: { displayName: string }) => r.displayName)).toEqual([
      "Invoices",
      "Flag everything",
    ]);
  });
});

describe("delta beyond messages", () => {
  it("reports contacts created, updated and removed in a folder, round after round", async () => {
    const folder = await call("POST", `${ALEX}/contactFolders`, { displayName: "Suppliers" });
    const contacts = `${ALEX}/contactFolders/${folder.json.id}/contacts`;
    const a = await call("POST", contacts, { givenName: "Pavel", surname: "Bansky" });
    const b = await call("POST", contacts, { givenName: "Dana", surname: "Swope" });
    const first = await call("GET", `${contacts}/delta`);
    expect(first.json.value.map((c: { displayName: string }) => c.displayName).sort()).toEqual([
      "Dana Swope",
      "Pavel Bansky",
    ]);
    await call("PATCH", `${ALEX}/contacts/${a.json.id}`, { jobTitle: "Buyer" });
    await call("DELETE", `${ALEX}/contacts/${b.json.id}`);
    const next = await call("GET", String(first.json["@odata.deltaLink"]).replace(sb.url, ""));
    expect(next.json.value).toEqual([
      expect.objectContaining({ id: a.json.id, jobTitle: "Buyer" }),
      { "@odata.type": "#microsoft.graph.contact", id: b.json.id, "@removed": { reason: "deleted" } },
    ]);
  });

  it("pages the mail folder tree and reports a new folder in the next round", async () => {
    let link = `${MEGAN}/mailFolders/delta`;
    const names: string[] = [];
    let deltaLink = "";
    for (let i = 0; i < 20 && !deltaLink; i++) {
      const page = await call("GET", link.replace(sb.url, ""), undefined, { Prefer: "odata.maxpagesize=3" });
      names.push(...page.json.value.map((f: { displayName: string }) => f.displayName));
      link = String(page.json["@odata.nextLink"] ?? "");
      deltaLink = String(page.json["@odata.deltaLink"] ?? "");
    }
    expect(names).toEqual(expect.arrayContaining(["Inbox", "Sent Items", "Archive"]));
    await call("POST", `${MEGAN}/mailFolders/inbox/childFolders`, { displayName: "Receipts" });
    const next = await call("GET", deltaLink.replace(sb.url, ""));
    expect(next.json.value.map((f: { displayName: string }) => f.displayName)).toEqual(
      expect.arrayContaining(["Receipts"]),
    );
  });
});
