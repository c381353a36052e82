import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import component from "../../../src";
import { USERS, type Sandbox } from "../../../sandbox";
import { startReceiver, type Receiver } from "../../../tools/receiver";
import { harness, secretConnection, startSandbox } from "../support";
import { deliver } from "./mail";

/**
 * The new-mail triggers (webhook and polling): the mailbox's own drafts and sent copies skipped
 * unless asked (or unless the folder watched is theirs), and attachments on request, content for
 * files within the limit and metadata for the rest, read through JSON batching.
 */

let sb: Sandbox;
const receivers: Receiver[] = [];
beforeAll(async () => {
  sb = await startSandbox({ notifications: { retryBaseMs: 100 } });
});
afterAll(async () => {
  for (const r of receivers) await r.stop();
  await sb.stop();
});

const SMALL = Buffer.alloc(200, "s");
const BIG = Buffer.alloc(5000, "b");
/** `from` sends `to` a message with a 200-byte and a 5,000-byte file. */
const sendWithFiles = (from: string, to: string, subject: string) =>
  harness.action("sendMessage", {
    connection: secretConnection(sb),
    mailbox: from,
    to,
    subject,
    attachments: [
      { key: "small.txt", value: SMALL },
      { key: "big.bin", value: BIG },
    ],
  });
/** A draft saved straight into a folder, as a mail client saving one there would. */
function draftIn(userId: string, folder: string, subject: string) {
  const m = deliver(sb, userId, subject, folder);
  m.isDraft = true;
  return m;
}

type Attachment = { name: string; size: number; contentBytes?: string; "@odata.type": string };
type Mail = { id: string; subject: string; attachments?: Attachment[]; isDraft?: boolean };
const files = (m: Mail) =>
  (m.attachments ?? []).map((a) => [a.name, a.size, a.contentBytes && Buffer.from(a.contentBytes, "base64").length]);

describe("the polling trigger", () => {
  const state = () => ({ instanceState: {}, crossFlowState: {} });
  const poller = (params: Record<string, unknown>, context = state()) => ({
    context,
    poll: async () =>
      (
        (await harness.trigger(
          "mailPolling",
          defaultTriggerPayload(),
          { connection: secretConnection(sb), ...params },
          context as never,
        )) as unknown as { payload: { body: { data: Mail[] }; skippedOwnMail?: number } }
      ).payload,
  });

  it("skips a draft saved in the watched folder unless asked, and brings attachments within the limit", async () => {
    const plain = poller({
      mailbox: USERS.alex.upn,
      folderId: "inbox",
      includeAttachments: true,
      attachmentContentLimit: "1000",
    });
    const asked = poller({ mailbox: USERS.alex.upn, folderId: "inbox", includeOwnMail: true });
    await plain.poll();
    await asked.poll();
    await sendWithFiles(USERS.adele.upn, USERS.alex.upn, "Files for Alex");
    draftIn(USERS.alex.id, "inbox", "Alex's unfinished reply");
    const before = sb.requests.length;
    const got = await plain.poll();
    expect(got.body.data.map((m) => m.subject)).toEqual(["Files for Alex"]);
    expect(got.skippedOwnMail).toBe(1);
    expect(files(got.body.data[0])).toEqual([
      ["small.txt", 200, 200],
      ["big.bin", 5000, undefined],
    ]);
    // The delta round, then the attachments listed in one $batch and the small file's content in another.
    const outer = sb.requests.slice(before).filter((r) => !r.batch);
    expect(outer.map((r) => `${r.method} ${r.path.split("/").pop()}`)).toEqual([
      "GET delta",
      "POST $batch",
      "POST $batch",
    ]);
    const all = await asked.poll();
    expect(all.body.data.map((m) => m.subject).sort()).toEqual(["Alex's unfinished reply", "Files for Alex"]);
    expect(all.body.data[0].attachments).toBeUndefined();
  });

  it("emits the sent copies when the folder watched is Sent Items itself", async () => {
    const sent = poller({ mailbox: USERS.adele.upn, folderId: "sentitems" });
    await sent.poll();
    await harness.action("sendMessage", {
      connection: secretConnection(sb),
      mailbox: USERS.adele.upn,
      to: USERS.megan.upn,
      subject: "Sent by Adele",
    });
    const got = await sent.poll();
    expect(got.body.data.map((m) => m.subject)).toEqual(["Sent by Adele"]);
    expect(got.skippedOwnMail).toBeUndefined();
  });

  it("refuses a content limit that is not a size, before any request", async () => {
    const before = sb.requests.length;
    const { poll } = poller({ mailbox: USERS.alex.upn, includeAttachments: true, attachmentContentLimit: "1 MB" });
    await expect(poll()).rejects.toMatchObject({ name: "ArgumentError", property: "attachmentContentLimit" });
    expect(sb.requests.length).toBe(before);
  });
});

describe("the self-managing mail trigger", () => {
  async function deployed(params: Record<string, unknown>, flowName: string) {
    const full = { connection: secretConnection(sb), ...params };
    const r = await startReceiver({ component, trigger: "mailWebhook", params: full, flowName });
    receivers.push(r);
    await harness.triggerOnInstanceDeploy("mailWebhook", full, r.context as never);
    return r;
  }
  const watched = (r: Receiver) =>
    sb.notifier
      .active()
      .filter((s) => s.notificationUrl === r.url)
      .map((s) => s.target.containerId);
  type Notified = { resourceContent?: Mail; resourceData?: { id: string } };
  const notificationsOf = (run: { payload: unknown }) => (run.payload as { notifications: Notified[] }).notifications;

  it("watches the whole mailbox without its Drafts, Sent Items and Outbox, and brings attachments", async () => {
    const mb = sb.store.mailbox(USERS.megan.id);
    const own = ["drafts", "sentitems", "outbox"].map((f) => sb.store.folderByWellKnown(mb, f).id);
    const r = await deployed(
      {
        mailbox: USERS.megan.upn,
        folderId: "msgfolderroot",
        includeSubfolders: true,
        includeAttachments: true,
        attachmentContentLimit: "1000",
      },
      "whole mailbox",
    );
    expect(watched(r).length).toBeGreaterThan(5);
    expect(watched(r).filter((id) => own.includes(id!))).toEqual([]);
    expect(watched(r)).toContain(sb.store.folderByWellKnown(mb, "inbox").id);
    // Megan sends: no notification reaches the flow. A draft saved in her Inbox is skipped.
    await harness.action("sendMessage", {
      connection: secretConnection(sb),
      mailbox: USERS.megan.upn,
      to: USERS.alex.upn,
      subject: "From Megan",
    });
    const skipped = r.waitFor((x) => x.branch === "Skipped");
    draftIn(USERS.megan.id, "inbox", "Megan's draft");
    expect((await skipped).payload).toMatchObject({ notifications: [], skippedOwnMail: 1 });
    // Mail she receives comes with its attachments.
    const arrived = r.waitFor((x) => x.branch === "Notification");
    await sendWithFiles(USERS.adele.upn, USERS.megan.upn, "Files for Megan");
    const [n] = notificationsOf(await arrived);
    expect(n.resourceContent!.subject).toBe("Files for Megan");
    expect(files(n.resourceContent!)).toEqual([
      ["small.txt", 200, 200],
      ["big.bin", 5000, undefined],
    ]);
    await sb.notifier.settle();
    expect(r.runs.filter((x) => x.branch === "Notification")).toHaveLength(1);
    await harness.triggerOnInstanceDelete("mailWebhook", { connection: secretConnection(sb) }, r.context as never);
  });

  it("with own mail asked for, passes on what Graph notifies for a send: the draft, the Sent Items copy", async () => {
    const mb = sb.store.mailbox(USERS.adele.id);
    const r = await deployed(
      { mailbox: USERS.adele.upn, folderId: "msgfolderroot", includeSubfolders: true, includeOwnMail: true },
      "with own mail",
    );
    expect(watched(r)).toEqual(expect.arrayContaining([sb.store.folderByWellKnown(mb, "sentitems").id]));
    await harness.action("sendMessage", {
      connection: secretConnection(sb),
      mailbox: USERS.adele.upn,
      to: USERS.alex.upn,
      subject: "Echo",
    });
    await sb.notifier.settle();
    const got = r.runs.filter((x) => x.branch === "Notification").flatMap(notificationsOf);
    // The draft is gone by the time it is read (no content); the Sent Items copy is read.
    expect(got.map((n) => n.resourceContent?.subject ?? null).sort()).toEqual(["Echo", null]);
    await harness.triggerOnInstanceDelete("mailWebhook", { connection: secretConnection(sb) }, r.context as never);
  });
});
