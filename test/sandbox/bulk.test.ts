import { USERS, type Sandbox } from "../../sandbox";
import { addBulkMessages } from "../../sandbox/bulk";
import { CliError, parseCliArgs } from "../../sandbox/cliOptions";
import { appToken, raw, startSandbox } from "./support";

/**
 * Many messages at once (`messages` option, `--messages N:MAILBOX[:FOLDER]`), for load and benchmark
 * runs, and listing a large folder: a page is worked out before anything is serialized, and answers
 * exactly as the general query path does.
 */

let sb: Sandbox;
let token: string;
beforeAll(async () => {
  sb = await startSandbox({ messages: [{ mailbox: USERS.alex.upn, folder: "Load", count: 2500 }] });
  token = await appToken(sb);
});
afterAll(() => sb.stop());

const alex = `/v1.0/users/${USERS.alex.upn}`;

async function folderId(name: string): Promise<string> {
  const res = await raw(sb, "GET", `${alex}/mailFolders?$filter=displayName eq '${name}'`, { token });
  return String((res.json.value as { id: string }[])[0].id);
}

/** Every page of a listing, following @odata.nextLink; the subjects in order and the requests it took. */
async function listAll(path: string): Promise<{ subjects: string[]; ids: string[]; requests: number }> {
  const subjects: string[] = [];
  const ids: string[] = [];
  let next: string | undefined = path;
  let requests = 0;
  while (next) {
    const res = await raw(sb, "GET", next, { token });
    expect(res.status).toBe(200);
    requests++;
    for (const m of res.json.value as { id: string; subject: string }[]) {
      subjects.push(m.subject);
      ids.push(m.id);
    }
    next = res.json["@odata.nextLink"] as string | undefined;
  }
  return { subjects, ids, requests };
}

it("starts with the messages in a folder made under the root, newest first, paged as Graph pages", async () => {
  const id = await folderId("Load");
  const all = await listAll(`${alex}/mailFolders/${id}/messages?$top=1000&$select=subject`);
  expect(all.requests).toBe(3);
  expect(all.subjects).toEqual(Array.from({ length: 2500 }, (_, i) => `Message ${i + 1}`));
  const counted = await raw(sb, "GET", `${alex}/mailFolders/${id}/messages?$count=true&$top=1`, { token });
  expect(counted.json["@odata.count"]).toBe(2500);
  const mb = sb.store.mailbox(USERS.alex.id);
  expect(sb.store.folderByWellKnown(mb, "inbox").id).not.toBe(id);
});

it("answers a plain listing exactly as a filtered one that keeps every message (same page, same order)", async () => {
  const id = await folderId("Load");
  // Ties in received time keep the order the messages were stored in, on both paths.
  addBulkMessages(sb.store, { mailbox: USERS.alex.id, folder: id, count: 30, subjectPrefix: "Tie" });
  for (const query of ["$top=7&$skip=13", "$top=1000&$skip=2000", "$skip=2525"]) {
    const plain = await raw(sb, "GET", `${alex}/mailFolders/${id}/messages?${query}`, { token });
    const general = await raw(sb, "GET", `${alex}/mailFolders/${id}/messages?${query}&$filter=isDraft eq false`, {
      token,
    });
    expect(plain.status).toBe(200);
    expect(plain.json.value).toEqual(general.json.value);
    expect(Boolean(plain.json["@odata.nextLink"])).toBe(Boolean(general.json["@odata.nextLink"]));
  }
  const bad = await raw(sb, "GET", `${alex}/mailFolders/${id}/messages?$top=1001`, { token });
  expect(bad.status).toBe(400);
});

it("adds to a well-known folder by name, refuses unknown mailboxes and counts out of range", () => {
  const before = sb.store.mailbox(USERS.megan.id).messages.size;
  const inbox = addBulkMessages(sb.store, { mailbox: USERS.megan.upn, count: 5 });
  expect(inbox.wellKnownName).toBe("inbox");
  expect(sb.store.mailbox(USERS.megan.id).messages.size).toBe(before + 5);
  expect(() => addBulkMessages(sb.store, { mailbox: "nobody@contoso.onmicrosoft.com", count: 1 })).toThrow(
    /no mailbox 'nobody@contoso.onmicrosoft.com'/,
  );
  expect(() => addBulkMessages(sb.store, { mailbox: USERS.megan.upn, count: -1 })).toThrow(/count must be/);
  expect(() => addBulkMessages(sb.store, { mailbox: USERS.megan.upn, count: 1.5 })).toThrow(/count must be/);
});

it("reads --messages N:MAILBOX[:FOLDER] from the command line, repeated", () => {
  const { options } = parseCliArgs([
    "--messages",
    "10000:alexw@contoso.onmicrosoft.com",
    "--messages",
    "3:meganb@contoso.onmicrosoft.com:Projects:2026",
  ]);
  expect(options.messages).toEqual([
    { count: 10000, mailbox: "alexw@contoso.onmicrosoft.com" },
    { count: 3, mailbox: "meganb@contoso.onmicrosoft.com", folder: "Projects:2026" },
  ]);
  for (const bad of ["ten:alexw@contoso.onmicrosoft.com", "5", "5:", "2000000:a@b.c", "1.5:a@b.c"])
    expect(() => parseCliArgs(["--messages", bad])).toThrow(CliError);
});
