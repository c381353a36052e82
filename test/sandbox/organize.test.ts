import { USERS, type Sandbox } from "../../sandbox";
import { appToken, expectGraphError, raw, startSandbox, type RawResponse } from "./support";

/**
 * Contacts and Inbox rules as Graph answers them, beyond CRUD: the one filter Graph allows on a contact's
 * addresses, extended properties on contacts (found by $filter, shown only when expanded), and rule updates that
 * replace a whole group of conditions, actions or exceptions.
 */

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
});
afterAll(() => sb.stop());

const MEGAN = `/v1.0/users/${USERS.megan.upn}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown): Promise<RawResponse & { json: Json }> {
  const headers: Record<string, string> = body === undefined ? {} : { "Content-Type": "application/json" };
  return raw(sb, method, path, { token, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

const filtered = (filter: string) => call("GET", `${MEGAN}/contacts?$filter=${encodeURIComponent(filter)}`);
const names = (res: { json: Json }) => (res.json.value as { displayName: string }[]).map((c) => c.displayName);

describe("contacts", () => {
  const stamp = "String {c5a2e8d4-1f3b-4a6c-9e7d-2b8f0a4c6e13} Name OutlookConnectorStamp";
  beforeAll(async () => {
    await call("POST", `${MEGAN}/contacts`, {
      givenName: "Pavel",
      surname: "Bansky",
      emailAddresses: [{ address: "pavel@fabrikam.com", name: "Pavel Bansky" }],
      singleValueExtendedProperties: [{ id: stamp, value: "stamp-1" }],
    });
    await call("POST", `${MEGAN}/contacts`, {
      displayName: "Dana Swope",
      emailAddresses: [{ address: "dana@fabrikam.com" }, { address: "dana.swope@contoso.com" }],
    });
  });

  it("finds a contact by any of its addresses, without regard to case, and by the start of its name", async () => {
    expect(names(await filtered("emailAddresses/any(a:a/address eq 'DANA.SWOPE@contoso.com')"))).toEqual([
      "Dana Swope",
    ]);
    expect(names(await filtered("emailAddresses/any(x: x/address eq 'nobody@fabrikam.com')"))).toEqual([]);
    expect(names(await filtered("startswith(displayName,'pav') or startswith(surname,'pav')"))).toEqual([
      "Pavel Bansky",
    ]);
  });

  it("refuses any other test of a contact's addresses, as Graph documents", async () => {
    for (const filter of [
      "emailAddresses/any(a:a/name eq 'Pavel Bansky')",
      "emailAddresses/any(a:startswith(a/address,'pavel'))",
      "emailAddresses/any(a:a/address ne 'pavel@fabrikam.com')",
      "emailAddresses/all(a:a/address eq 'pavel@fabrikam.com')",
      "emailAddresses/any(a:a/address eq 'x' or a/address eq 'y')",
    ])
      expectGraphError(await filtered(filter), 400, "ErrorInvalidUrlQueryFilter");
  });

  it("finds a contact by an extended property it carries, and keeps the property out of its answers", async () => {
    const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${stamp}' and ep/value eq 'stamp-1')`;
    const found = await filtered(filter);
    expect(names(found)).toEqual(["Pavel Bansky"]);
    expect(found.json.value[0].singleValueExtendedProperties).toBeUndefined();
    const one = await call("GET", `${MEGAN}/contacts/${found.json.value[0].id}`);
    expect(one.json.singleValueExtendedProperties).toBeUndefined();
    await call("PATCH", `${MEGAN}/contacts/${found.json.value[0].id}`, { jobTitle: "Buyer" });
    expect(names(await filtered(filter))).toEqual(["Pavel Bansky"]);
  });
});

describe("Inbox rules", () => {
  it("replaces a whole group of conditions when an update gives one, and clears a group given as null", async () => {
    const rules = `${MEGAN}/mailFolders/inbox/messageRules`;
    const created = await call("POST", rules, {
      displayName: "Reports",
      sequence: 1,
      conditions: { subjectContains: ["report"], hasAttachments: true },
      exceptions: { senderContains: ["noreply"] },
      actions: { markAsRead: true, markImportance: "low" },
    });
    expect(created.status).toBe(201);
    const updated = await call("PATCH", `${rules}/${created.json.id}`, {
      conditions: { bodyContains: ["quarterly"] },
      exceptions: null,
    });
    expect(updated.status).toBe(200);
    expect(updated.json.conditions).toEqual({ bodyContains: ["quarterly"] });
    expect(updated.json.exceptions).toBeUndefined();
    expect(updated.json.actions).toEqual({ markAsRead: true, markImportance: "low" });
    await call("DELETE", `${rules}/${created.json.id}`);
  });

  it("tests sensitivity from the Sensitivity header, and never runs a rule on a condition it cannot tell", async () => {
    const rules = `${MEGAN}/mailFolders/inbox/messageRules`;
    const privateRule = await call("POST", rules, {
      displayName: "Private",
      sequence: 1,
      conditions: { sensitivity: "private" },
      actions: { markImportance: "high" },
    });
    const signedRule = await call("POST", rules, {
      displayName: "Signed",
      sequence: 2,
      conditions: { isSigned: true },
      actions: { markAsRead: true },
    });
    const mime = [
      `From: ${USERS.adele.upn}`,
      `To: ${USERS.megan.upn}`,
      "Subject: Private matter",
      "Sensitivity: Private",
      "Content-Type: text/plain",
      "",
      "hello",
    ].join("\r\n");
    const sent = await raw(sb, "POST", `/v1.0/users/${USERS.adele.upn}/sendMail`, {
      token,
      headers: { "Content-Type": "text/plain" },
      body: Buffer.from(mime).toString("base64"),
    });
    expect(sent.status).toBe(202);
    await call("POST", `/v1.0/users/${USERS.adele.upn}/sendMail`, {
      message: { subject: "Plain matter", toRecipients: [{ emailAddress: { address: USERS.megan.upn } }] },
    });
    const got = await call("GET", `${MEGAN}/mailFolders/inbox/messages?$select=subject,importance,isRead&$top=50`);
    const bySubject = Object.fromEntries(got.json.value.map((m: Json) => [m.subject, m]));
    expect(bySubject["Private matter"]).toMatchObject({ importance: "high", isRead: false });
    expect(bySubject["Plain matter"]).toMatchObject({ importance: "normal", isRead: false });
    for (const r of [privateRule, signedRule]) await call("DELETE", `${rules}/${r.json.id}`);
  });
});
