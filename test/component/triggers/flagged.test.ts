import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import { USERS, type Sandbox } from "../../../sandbox";
import { MAX_FLAGGED_PRINTS } from "../../../src/triggers/flagged";
import { harness, secretConnection, startSandbox } from "../support";
import { deliver } from "./mail";

/**
 * The Flagged Mail trigger: each flagging emitted once (again after the flag was cleared and set
 * anew), nothing for other changes, across an expired delta link and a restart, with bounded state.
 */

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

type Payload = { body: { data: { id: string; subject: string; flag: { flagStatus: string } }[] }; restarted?: boolean };

function poller(params: Record<string, unknown>) {
  let context = { instanceState: {}, crossFlowState: {} } as Record<string, unknown>;
  return {
    poll: async () =>
      (
        (await harness.trigger(
          "flaggedMailPolling",
          defaultTriggerPayload(),
          { connection: secretConnection(sb), ...params },
          context as never,
        )) as unknown as { payload: Payload }
      ).payload,
    /** A restart: only what was persisted survives. */
    restart: () => (context = JSON.parse(JSON.stringify(context))),
    state: () =>
      (context.instanceState as { __prismaticInternal?: { polling?: { flagged?: string[] } } }).__prismaticInternal
        ?.polling,
    context: () => context,
  };
}

const flagAs = (userId: string, id: string, flagStatus: string) =>
  harness.action("updateMessage", {
    connection: secretConnection(sb),
    mailbox: userId,
    messageId: id,
    flagStatus,
  });
const subjects = (p: Payload) => p.body.data.map((m) => m.subject);

describe("the Flagged Mail trigger", () => {
  it("emits each flagging once, and nothing for other changes", async () => {
    const already = deliver(sb, USERS.alex.id, "Flagged before");
    already.flag = { flagStatus: "flagged" };
    const a = deliver(sb, USERS.alex.id, "Invoice");
    const b = deliver(sb, USERS.alex.id, "Contract");
    const t = poller({ mailbox: USERS.alex.upn, folderId: "inbox" });
    expect(subjects(await t.poll())).toEqual([]); // the first poll remembers what is flagged already
    await flagAs(USERS.alex.upn, a.id, "flagged");
    const first = await t.poll();
    expect(subjects(first)).toEqual(["Invoice"]);
    expect(first.body.data[0].flag.flagStatus).toBe("flagged");
    expect(subjects(await t.poll())).toEqual([]);
    // Read, categorised, flagged again while flagged: no new flagging.
    await harness.action("updateMessage", {
      connection: secretConnection(sb),
      mailbox: USERS.alex.upn,
      messageId: a.id,
      isRead: "true",
    });
    await harness.action("updateMessage", {
      connection: secretConnection(sb),
      mailbox: USERS.alex.upn,
      messageId: already.id,
      isRead: "true",
    });
    expect(subjects(await t.poll())).toEqual([]);
    // Completed, then flagged anew: a second flagging. Another message flagged and cleared between polls: none.
    await flagAs(USERS.alex.upn, a.id, "complete");
    expect(subjects(await t.poll())).toEqual([]);
    await flagAs(USERS.alex.upn, a.id, "flagged");
    await flagAs(USERS.alex.upn, b.id, "flagged");
    await flagAs(USERS.alex.upn, b.id, "notFlagged");
    expect(subjects(await t.poll())).toEqual(["Invoice"]);
  });

  it("emits what was flagged while the delta link had expired, once, and survives a restart", async () => {
    const c = deliver(sb, USERS.megan.id, "Quote");
    const d = deliver(sb, USERS.megan.id, "Order");
    const t = poller({ mailbox: USERS.megan.upn, folderId: "inbox" });
    await t.poll();
    await flagAs(USERS.megan.upn, c.id, "flagged");
    expect(subjects(await t.poll())).toEqual(["Quote"]);
    sb.store.expireDeltaTokens();
    await flagAs(USERS.megan.upn, d.id, "flagged");
    const restarted = await t.poll();
    expect(restarted).toMatchObject({ restarted: true });
    expect(subjects(restarted)).toEqual(["Order"]);
    t.restart();
    expect(subjects(await t.poll())).toEqual([]);
    // Deleted while flagged: its print goes; a message moved in flagged counts as flagged there.
    await harness.action("deleteMessage", {
      connection: secretConnection(sb),
      mailbox: USERS.megan.upn,
      messageId: c.id,
    });
    expect(subjects(await t.poll())).toEqual([]);
    expect(t.state()?.flagged).toHaveLength(1);
    const archived = deliver(sb, USERS.megan.id, "Filed flagged", "archive");
    archived.flag = { flagStatus: "flagged" };
    await harness.action("moveMessage", {
      connection: secretConnection(sb),
      mailbox: USERS.megan.upn,
      messageId: archived.id,
      destinationFolderId: "inbox",
    });
    expect(subjects(await t.poll())).toEqual(["Filed flagged"]);
    expect(t.state()?.flagged).toHaveLength(2);
  });

  it("emits the flagged mail already there on the first poll when asked", async () => {
    const e = deliver(sb, USERS.adele.id, "Old flag", "archive");
    e.flag = { flagStatus: "flagged" };
    const t = poller({ mailbox: USERS.adele.upn, folderId: "archive", emitExisting: true, select: "subject" });
    const first = await t.poll();
    expect(subjects(first)).toEqual(["Old flag"]);
    expect(first.body.data[0].flag).toEqual({ flagStatus: "flagged" }); // flag is always selected
  });

  it("keeps its state bounded with more flagged mail than it remembers", async () => {
    const mb = sb.store.mailbox(USERS.sales.id);
    for (let i = 0; i < MAX_FLAGGED_PRINTS + 150; i++)
      deliver(sb, USERS.sales.id, `bulk ${i}`).flag = { flagStatus: "flagged" };
    const t = poller({ mailbox: USERS.sales.upn, folderId: "inbox", select: "subject" });
    await t.poll();
    const flagged = t.state()!.flagged!;
    expect(flagged).toHaveLength(MAX_FLAGGED_PRINTS);
    expect(JSON.stringify(t.context()).length).toBeLessThan(MAX_FLAGGED_PRINTS * 20 + 2000);
    expect(mb.messages.size).toBeGreaterThan(MAX_FLAGGED_PRINTS);
  });
});
