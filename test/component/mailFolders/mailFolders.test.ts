import { USERS, type Sandbox } from "../../../sandbox";
import { actionRunner, harness, secretConnection, startSandbox } from "../support";

/** Mail folder actions and the folder picker against the sandbox: every level, with paths. */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
beforeAll(async () => {
  sb = await startSandbox();
  connection = secretConnection(sb);
});
afterAll(() => sb.stop());

const run = actionRunner(() => connection);

describe("folders at every level", () => {
  it(
    "lists every level with paths, renames, moves, copies and deletes folders, and the picker shows " + "paths",
    async () => {
      const projects = await run("createMailFolder", {
        mailbox: USERS.adele.upn,
        parentFolderId: "inbox",
        displayName: "Projects",
      });
      const year = await run("createMailFolder", {
        mailbox: USERS.adele.upn,
        parentFolderId: projects.id,
        displayName: "2026",
      });
      const tree = await run("listMailFolders", { mailbox: USERS.adele.upn, includeSubfolders: true });
      const paths = tree.value!.map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining(["Inbox", "Inbox/Projects", "Inbox/Projects/2026", "Sent Items"]));
      const picker = (await harness.dataSource("selectMailFolder", { connection, mailbox: USERS.adele.upn })) as {
        result: { key: string; label: string }[];
      };
      expect(picker.result).toEqual(expect.arrayContaining([{ key: year.id, label: "Inbox/Projects/2026" }]));
      const top = await run("listMailFolders", { mailbox: USERS.adele.upn, pageLimit: "3" });
      expect(top.value).toHaveLength(3);
      expect(top.nextLink).toBeDefined();

      expect(
        await run("updateMailFolder", { mailbox: USERS.adele.upn, folderId: year.id, displayName: "FY2026" }),
      ).toMatchObject({ displayName: "FY2026" });
      expect(
        await run("moveMailFolder", { mailbox: USERS.adele.upn, folderId: year.id, destinationFolderId: "archive" }),
      ).toMatchObject({ parentFolderId: sb.store.mailbox(USERS.adele.id).wellKnown.get("archive") });
      const copied = await run("copyMailFolder", {
        mailbox: USERS.adele.upn,
        folderId: projects.id,
        destinationFolderId: "msgfolderroot",
      });
      await run("deleteMailFolder", { mailbox: USERS.adele.upn, folderId: copied.id });
      const deletedParent = sb.store.mailbox(USERS.adele.id).folders.get(String(copied.id))!.parentFolderId;
      expect(deletedParent).toBe(sb.store.mailbox(USERS.adele.id).wellKnown.get("deleteditems"));
    },
  );
});
