import { USERS, type Sandbox } from "../../sandbox";
import { appToken, expectGraphError, jsonBody, raw, startSandbox } from "./support";

/**
 * Single-value extended properties, as a client stamps a message to find it again: set on sendMail,
 * a draft or a reply, kept on the Sent Items copy, found with `$filter=singleValueExtendedProperties/Any(...)`
 * and read back only through `$expand=singleValueExtendedProperties($filter=id eq '...')`.
 */

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
});
afterAll(() => sb.stop());

const adele = `/v1.0/users/${USERS.adele.upn}`;
const STAMP = "String {3f1c9a52-7d2e-4b6a-9c41-8e5d0a7b2f63} Name SendId";
const stamped = (value: string) => ({ singleValueExtendedProperties: [{ id: STAMP, value }] });
const byStamp = (value: string, lambda = "Any") => {
  const test = `ep/id eq '${STAMP}' and ep/value eq '${value}'`;
  return `$filter=${encodeURIComponent(`singleValueExtendedProperties/${lambda}(ep: ${test})`)}`;
};

async function sendStamped(value: string, subject: string): Promise<void> {
  const message = { subject, toRecipients: [{ emailAddress: { address: USERS.alex.upn } }], ...stamped(value) };
  const res = await raw(sb, "POST", `${adele}/sendMail`, { ...jsonBody(JSON.stringify({ message })), token });
  expect(res.status).toBe(202);
}

it("finds the Sent Items copy of a stamped sendMail by $filter, with Any or any, and nothing else", async () => {
  await sendStamped("a-1", "stamped one");
  await sendStamped("a-2", "stamped two");
  for (const lambda of ["Any", "any"]) {
    const found = await raw(sb, "GET", `${adele}/mailFolders/sentitems/messages?${byStamp("a-1", lambda)}`, { token });
    expect(found.status).toBe(200);
    expect((found.json.value as { subject: string }[]).map((m) => m.subject)).toEqual(["stamped one"]);
    // Not asked for, the properties stay out of the answer.
    expect(found.json.value).toEqual([
      expect.not.objectContaining({ singleValueExtendedProperties: expect.anything() }),
    ]);
  }
  const none = await raw(sb, "GET", `${adele}/mailFolders/sentitems/messages?${byStamp("a-3")}`, { token });
  expect(none.json.value).toEqual([]);
  const drafts = await raw(sb, "GET", `${adele}/mailFolders/drafts/messages?${byStamp("a-1")}`, { token });
  expect(drafts.json.value).toEqual([]);
});

it("returns the properties under $expand, filtered by id, with or without $select, listed or alone", async () => {
  const body = { subject: "stamped draft", ...stamped("d-1") };
  body.singleValueExtendedProperties.push({ id: "Boolean 0x0E01", value: "true" });
  const draft = await raw(sb, "POST", `${adele}/messages`, { ...jsonBody(JSON.stringify(body)), token });
  expect(draft.status).toBe(201);
  expect(draft.json.singleValueExtendedProperties).toBeUndefined();
  const expand = `$expand=${encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${STAMP}')`)}`;
  const list = await raw(
    sb,
    "GET",
    `${adele}/mailFolders/drafts/messages?$select=subject&${byStamp("d-1")}&${expand}`,
    {
      token,
    },
  );
  expect(list.json.value).toEqual([
    expect.objectContaining({ subject: "stamped draft", singleValueExtendedProperties: [{ id: STAMP, value: "d-1" }] }),
  ]);
  const one = await raw(sb, "GET", `${adele}/messages/${draft.json.id}?$expand=singleValueExtendedProperties`, {
    token,
  });
  expect(one.json.singleValueExtendedProperties).toEqual([
    { id: STAMP, value: "d-1" },
    { id: "Boolean 0x0E01", value: "true" },
  ]);
});

it("keeps a stamp given in a reply's message on the reply's Sent Items copy", async () => {
  await sendStamped("r-0", "to reply to");
  const inAlex = [...sb.store.mailbox(USERS.alex.id).messages.values()].find((m) => m.subject === "to reply to")!;
  const reply = { comment: "Thanks", message: stamped("r-1") };
  const alex = `/v1.0/users/${USERS.alex.upn}`;
  const res = await raw(sb, "POST", `${alex}/messages/${inAlex.id}/reply`, {
    ...jsonBody(JSON.stringify(reply)),
    token,
  });
  expect(res.status).toBe(202);
  const found = await raw(sb, "GET", `${alex}/mailFolders/sentitems/messages?${byStamp("r-1")}`, { token });
  expect((found.json.value as { subject: string }[]).map((m) => m.subject)).toEqual(["RE: to reply to"]);
});

it("refuses an $expand it cannot read and a $filter inside it on an unknown property", async () => {
  expectGraphError(
    await raw(sb, "GET", `${adele}/messages?$expand=${encodeURIComponent("a b")}`, { token }),
    400,
    "BadRequest",
  );
  const bad = `$expand=${encodeURIComponent("singleValueExtendedProperties($filter=colour eq 'x')")}`;
  expectGraphError(await raw(sb, "GET", `${adele}/messages?${bad}`, { token }), 400, "RequestBroker--ParseUri");
});
