import { USERS, type Sandbox } from "../../../sandbox";
import { actionError, actionRunner, secretConnection, startSandbox } from "../support";
import { deliver } from "../triggers/mail";

/**
 * Sync Folder Messages keeps no state: it returns a Delta Link and a Watermark, and takes both
 * back. When Graph has expired the link (410 SyncStateNotFound), a fresh round starts and returns
 * only what the Watermark shows earlier runs did not, with `restarted: true` and why.
 */

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ maxPageSize: 5 });
});
afterAll(() => sb.stop());

const run = actionRunner(() => secretConnection(sb));
type Sync = {
  changes: { id: string; subject: string }[];
  removed: string[];
  deltaLink: string;
  watermark: string;
  restarted?: boolean;
  restartReason?: string;
};
const sync = async (params: Record<string, unknown>) => (await run("syncMessages", params)) as unknown as Sync;

function newFolder(name: string) {
  const mb = sb.store.mailbox(USERS.megan.id);
  return sb.store.addFolder(mb, name, sb.store.folderByWellKnown(mb, "msgfolderroot").id);
}

it("after an expired link returns only what earlier syncs did not, and says it restarted", async () => {
  const folder = newFolder("Synced");
  const mb = sb.store.mailbox(USERS.megan.id);
  const base = { mailbox: USERS.megan.upn, folderId: folder.id, select: "subject,isRead" };
  const first = Array.from({ length: 12 }, (_, i) => deliver(sb, USERS.megan.id, `First ${i}`, folder.id));
  const one = await sync(base);
  expect(one.changes.map((c) => c.subject).sort()).toEqual(first.map((m) => m.subject).sort());
  expect(one.restarted).toBeUndefined();

  const second = Array.from({ length: 3 }, (_, i) => deliver(sb, USERS.megan.id, `Second ${i}`, folder.id));
  const two = await sync({ ...base, deltaLink: one.deltaLink, watermark: one.watermark });
  expect(two.changes.map((c) => c.subject).sort()).toEqual(second.map((m) => m.subject).sort());

  // Graph expires the link; meanwhile mail arrives and an old message is read.
  sb.store.expireDeltaTokens();
  const third = deliver(sb, USERS.megan.id, "Third", folder.id);
  first[0].isRead = true;
  sb.store.touchMessage(mb, first[0]);
  const three = await sync({ ...base, deltaLink: two.deltaLink, watermark: two.watermark });
  expect(three.restarted).toBe(true);
  expect(three.restartReason).toMatch(/SyncStateNotFound.*fresh round/);
  expect(three.changes.map((c) => c.subject).sort()).toEqual(["First 0", "Third"]);
  expect(three.changes.find((c) => c.subject === "Third")!.id).toBe(third.immutableId);

  // The new link and watermark carry on as before.
  const fourth = deliver(sb, USERS.megan.id, "Fourth", folder.id);
  const four = await sync({ ...base, deltaLink: three.deltaLink, watermark: three.watermark });
  expect([four.restarted, four.changes.map((c) => c.id)]).toEqual([undefined, [fourth.immutableId]]);
});

it("without the watermark a fresh round returns the whole folder, and says why", async () => {
  const folder = newFolder("Synced without watermark");
  Array.from({ length: 4 }, (_, i) => deliver(sb, USERS.megan.id, `Old ${i}`, folder.id));
  const base = { mailbox: USERS.megan.upn, folderId: folder.id, changeType: "created" };
  const one = await sync(base);
  sb.store.expireDeltaTokens({ location: true });
  const two = await sync({ ...base, deltaLink: one.deltaLink });
  expect(two.restarted).toBe(true);
  expect(two.restartReason).toMatch(/no watermark was given/);
  expect(two.changes).toHaveLength(4);
});

it("refuses a watermark no sync returned, before any request", async () => {
  const before = sb.requests.length;
  const err = await actionError("syncMessages", {
    connection: secretConnection(sb),
    mailbox: USERS.megan.upn,
    folderId: "inbox",
    watermark: "not-a-watermark",
  });
  expect(err).toMatchObject({ name: "ArgumentError", property: "watermark" });
  expect(sb.requests.length).toBe(before);
});
