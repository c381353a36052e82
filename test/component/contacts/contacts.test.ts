import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, harness, secretConnection, shortenWaits, startSandbox } from "../support";

/** Contact and contact folder actions against the sandbox, and the contact pickers. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
shortenWaits("retry", "confirm");
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterEach(() => sb.faults.clear());
afterAll(() => sb.stop());

const run = actionRunner(() => connection);
const ALEX = USERS.alex;
const graphSince = (before: number) =>
  sb.requests
    .slice(before)
    .filter((r) => r.kind === "graph")
    .map((r) => `${r.method} ${decodeURIComponent(r.path)}${decodeURIComponent(r.query)}`);
const contactsOf = (userId: string) => [...sb.store.mailbox(userId).contacts.values()];
const names = (page: { value?: Record<string, unknown>[] }) => page.value!.map((c) => c.displayName);
type Picked = { result: { key: string; label: string }[] };

describe("contacts", () => {
  let dana: Record<string, unknown>;
  beforeAll(async () => {
    dana = await run("createContact", {
      mailbox: ALEX.upn,
      givenName: "Dana",
      surname: "Swope",
      emailAddresses: ["Dana Swope <dana@fabrikam.com>", "dana.swope@contoso.com"],
      businessPhones: "+1 425 555 0100, +1 425 555 0101",
      companyName: "Fabrikam",
      birthday: "1984-02-29",
      categories: ["Customers"],
      additionalFields: '{"nickName":"D","businessAddress":{"city":"Redmond","countryOrRegion":"US"}}',
    });
    const pavel = await run("createContact", {
      mailbox: ALEX.upn,
      displayName: "Pavel Bansky",
      emailAddresses: "pavel@fabrikam.com",
      additionalFields: { birthday: "1990-05-17", imAddresses: ["pavel@im.fabrikam.com"] },
    });
    expect(pavel).toMatchObject({ birthday: "1990-05-17T00:00:00Z", imAddresses: ["pavel@im.fabrikam.com"] });
    await run("createContact", { mailbox: ALEX.upn, givenName: "Zoe", surname: "Danes" });
  });

  it("creates a contact with what was typed, as Graph keeps it", async () => {
    expect(dana).toMatchObject({
      givenName: "Dana",
      surname: "Swope",
      displayName: "Dana Swope",
      emailAddresses: [{ name: "Dana Swope", address: "dana@fabrikam.com" }, { address: "dana.swope@contoso.com" }],
      businessPhones: ["+1 425 555 0100", "+1 425 555 0101"],
      companyName: "Fabrikam",
      birthday: "1984-02-29T00:00:00Z",
      categories: ["Customers"],
      nickName: "D",
      businessAddress: { city: "Redmond", countryOrRegion: "US" },
    });
    expect(dana).not.toHaveProperty("singleValueExtendedProperties");
    expect(await run("getContact", { mailbox: ALEX.upn, contactId: dana.id })).toMatchObject({ nickName: "D" });
  });

  it("lists by display name, a page at a time or all of them", async () => {
    const before = sb.requests.length;
    const page = await run("listContacts", { mailbox: ALEX.upn, pageLimit: "2" });
    expect(graphSince(before)).toEqual([`GET /v1.0/users/${ALEX.upn}/contacts?$orderby=displayName&$top=2`]);
    expect(names(page)).toEqual(["Dana Swope", "Pavel Bansky"]);
    expect(page.nextLink).toEqual(expect.stringContaining("$skip=2"));
    expect(names(await run("listContacts", { mailbox: ALEX.upn, fetchAll: true }))).toEqual([
      "Dana Swope",
      "Pavel Bansky",
      "Zoe Danes",
    ]);
  });

  it("searches by the start of a name and by an exact email, as Graph filters contacts", async () => {
    const before = sb.requests.length;
    expect(names(await run("searchContacts", { mailbox: ALEX.upn, nameOrEmail: "dan" }))).toEqual([
      "Dana Swope",
      "Zoe Danes",
    ]);
    expect(names(await run("searchContacts", { mailbox: ALEX.upn, nameOrEmail: "DANA.SWOPE@contoso.com" }))).toEqual([
      "Dana Swope",
    ]);
    expect(names(await run("searchContacts", { mailbox: ALEX.upn, nameOrEmail: "o'brien" }))).toEqual([]);
    expect(graphSince(before)).toEqual([
      `GET /v1.0/users/${ALEX.upn}/contacts?$filter=startswith(displayName,'dan') or startswith(givenName,'dan') or ` +
        "startswith(surname,'dan')",
      `GET /v1.0/users/${ALEX.upn}/contacts?$filter=emailAddresses/any(a:a/address eq 'DANA.SWOPE@contoso.com')`,
      `GET /v1.0/users/${ALEX.upn}/contacts?$filter=startswith(displayName,'o''brien') or ` +
        "startswith(givenName,'o''brien') or startswith(surname,'o''brien')",
    ]);
  });

  it("changes only what is given, a list replacing the contact's list", async () => {
    const changed = await run("updateContact", {
      mailbox: ALEX.upn,
      contactId: dana.id,
      jobTitle: "Buyer",
      emailAddresses: "dana@fabrikam.com",
    });
    expect(changed).toMatchObject({
      jobTitle: "Buyer",
      companyName: "Fabrikam",
      emailAddresses: [{ address: "dana@fabrikam.com" }],
    });
  });

  it("offers contacts by 'Name <address>' in the picker", async () => {
    const picked = (await harness.dataSource("selectContact", { connection, mailbox: ALEX.upn })) as Picked;
    expect(picked.result).toEqual([
      { key: dana.id, label: "Dana Swope <dana@fabrikam.com>" },
      { key: expect.any(String), label: "Pavel Bansky <pavel@fabrikam.com>" },
      { key: expect.any(String), label: "Zoe Danes" },
    ]);
  });
});

describe("contact folders", () => {
  it("creates, nests, lists, renames and deletes folders, and keeps contacts in them", async () => {
    const suppliers = await run("createContactFolder", { mailbox: ALEX.upn, displayName: "Suppliers" });
    const europe = await run("createContactFolder", {
      mailbox: ALEX.upn,
      parentContactFolderId: suppliers.id,
      displayName: "Europe",
    });
    const supplier = await run("createContact", {
      mailbox: ALEX.upn,
      contactFolderId: europe.id,
      displayName: "Ana Lopez",
      emailAddresses: "ana@tailspin.es",
    });
    expect(names(await run("listContacts", { mailbox: ALEX.upn, contactFolderId: europe.id }))).toEqual(["Ana Lopez"]);
    expect(names(await run("listContactFolders", { mailbox: ALEX.upn }))).toEqual(["Suppliers"]);
    expect(names(await run("listContactFolders", { mailbox: ALEX.upn, parentContactFolderId: suppliers.id }))).toEqual([
      "Europe",
    ]);
    await run("updateContactFolder", { mailbox: ALEX.upn, contactFolderId: europe.id, displayName: "EMEA" });
    const folders = (await harness.dataSource("selectContactFolder", { connection, mailbox: ALEX.upn })) as Picked;
    expect(folders.result.map((f) => f.label)).toEqual(["Suppliers", "Suppliers/EMEA"]);
    const contacts = (await harness.dataSource("selectContact", { connection, mailbox: ALEX.upn })) as Picked;
    expect(contacts.result.find((c) => c.key === supplier.id)?.label).toBe(
      "Ana Lopez <ana@tailspin.es> (Suppliers/EMEA)",
    );
    expect(await run("getContact", { mailbox: ALEX.upn, contactId: supplier.id })).toMatchObject({
      displayName: "Ana Lopez",
    });
    expect(
      await actionError("createContactFolder", { connection, mailbox: ALEX.upn, displayName: "suppliers" }),
    ).toMatchObject({ graphCode: "ErrorFolderExists", status: 409 });
    await run("deleteContactFolder", { mailbox: ALEX.upn, contactFolderId: suppliers.id });
    expect(contactsOf(ALEX.id).some((c) => c.id === supplier.id)).toBe(false);
    expect(await actionError("getContact", { connection, mailbox: ALEX.upn, contactId: supplier.id })).toMatchObject({
      status: 404,
      property: "contactId",
    });
  });

  it("deletes a contact", async () => {
    const c = await run("createContact", { mailbox: ALEX.upn, displayName: "Short-lived" });
    expect(await run("deleteContact", { mailbox: ALEX.upn, contactId: c.id })).toEqual({
      deleted: true,
      contactId: c.id,
    });
    expect(contactsOf(ALEX.id).some((x) => x.id === c.id)).toBe(false);
  });
});

describe("made once when the answer is lost", () => {
  it.each(["reset", "truncate", "gatewayTimeout"] as const)(
    "creates one contact and one folder after a %s once Graph acted",
    async (kind) => {
      sb.faults.afterNext(1, kind, { method: "POST", path: /\/contacts$/ });
      const contact = await run("createContact", { mailbox: USERS.megan.upn, displayName: `Once ${kind}` });
      expect(contact).toMatchObject({ displayName: `Once ${kind}`, outcome: "confirmedAfterLostAnswer" });
      expect(contactsOf(USERS.megan.id).filter((c) => c.fields.displayName === `Once ${kind}`)).toHaveLength(1);
      sb.faults.afterNext(1, kind, { method: "POST", path: /\/contactFolders$/ });
      const folder = await run("createContactFolder", { mailbox: USERS.megan.upn, displayName: `Folder ${kind}` });
      expect(folder).toMatchObject({ displayName: `Folder ${kind}`, outcome: "confirmedAfterLostAnswer" });
      const folders = [...sb.store.mailbox(USERS.megan.id).contactFolders.values()];
      expect(folders.filter((f) => f.displayName === `Folder ${kind}`)).toHaveLength(1);
    },
  );
});

describe("bad input is refused before any request, naming the input", () => {
  const cases: [string, string, Record<string, unknown>, string][] = [
    ["nothing to create", "createContact", {}, "displayName"],
    ["nothing to change", "updateContact", { contactId: "AAMkAx" }, "displayName"],
    ["a search longer than any email", "searchContacts", { nameOrEmail: "a".repeat(321) }, "nameOrEmail"],
    [
      "four emails",
      "createContact",
      { emailAddresses: ["a@x.com", "b@x.com", "c@x.com", "d@x.com"] },
      "emailAddresses",
    ],
    ["an email that is not one", "createContact", { emailAddresses: "dana at fabrikam" }, "emailAddresses"],
    ["a birthday that does not exist", "createContact", { displayName: "x", birthday: "1985-02-29" }, "birthday"],
    [
      "a JSON birthday that does not exist",
      "createContact",
      { additionalFields: '{"birthday":"1985-02-29"}' },
      "additionalFields.birthday",
    ],
    [
      "a property a contact has not",
      "createContact",
      { additionalFields: '{"shoeSize":"9"}' },
      "additionalFields.shoeSize",
    ],
    [
      "a property given twice",
      "createContact",
      { jobTitle: "a", additionalFields: '{"jobTitle":"b"}' },
      "additionalFields.jobTitle",
    ],
    [
      "an address part Graph has not",
      "createContact",
      { additionalFields: '{"homeAddress":{"zip":"1"}}' },
      "additionalFields.homeAddress.zip",
    ],
    ["a category with a comma", "createContact", { displayName: "x", categories: ['["a,b"]'] }, "categories[0]"],
    ["two emails to search", "searchContacts", { nameOrEmail: "a@x.com; b@x.com" }, "nameOrEmail"],
    ["an empty search", "searchContacts", { nameOrEmail: " " }, "nameOrEmail"],
    ["a folder name of spaces", "createContactFolder", { displayName: "  " }, "displayName"],
    ["a folder id with a slash", "listContacts", { contactFolderId: "../contacts" }, "contactFolderId"],
  ];
  it.each(cases)("%s", async (_name, key, params, property) => {
    const before = sb.requests.length;
    const err = await actionError(key, { connection, mailbox: ALEX.upn, ...params });
    expect(err.property).toBe(property);
    expect(sb.requests.length).toBe(before);
  });
});
