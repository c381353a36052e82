import { USERS, type Sandbox } from "../../../sandbox";
import { harness, scheduledPayload, secretConnection, setClock, startSandbox } from "../support";
import { deliver } from "../triggers/mail";

/**
 * The polling trigger over a simulated month (the component's and the sandbox's clocks moving
 * together), mail arriving every day and some of it read. Delta links live 3 days here: the
 * instance is paused for 5 days mid-month, so its link has expired when it polls again, and on
 * day 25 Graph expires every link early. Each time a fresh round starts, the payload says so, and
 * every message is emitted exactly once over the month.
 */

const DAY = 24 * 3600 * 1000;
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ deltaTokenLifetimeSeconds: 3 * 24 * 3600, maxPageSize: 7 });
});
afterEach(() => jest.useRealTimers());
afterAll(() => sb.stop());

type Poll = {
  payload: { body: { data: { id: string; subject: string }[] }; restarted?: boolean; restartReason?: string };
  resultType?: string;
};

it.each([["created"], ["created,updated"]])(
  "emits each message exactly once through an expired link and an early expiry (%s)",
  async (changeTypes) => {
    const folder = sb.store.addFolder(
      sb.store.mailbox(USERS.megan.id),
      `Polled ${changeTypes}`,
      sb.store.folderByWellKnown(sb.store.mailbox(USERS.megan.id), "msgfolderroot").id,
    );
    const params = { connection: secretConnection(sb), mailbox: USERS.megan.upn, folderId: folder.id, changeTypes };
    const context = { instanceState: {}, crossFlowState: {} };
    const poll = async () =>
      (await harness.trigger("mailPolling", scheduledPayload(), params, context as never)) as unknown as Poll;
    const mb = sb.store.mailbox(USERS.megan.id);
    const put = (subject: string) => deliver(sb, USERS.megan.id, subject, folder.id);
    const paused = (day: number) => day >= 14 && day <= 18;
    const start = Date.now();
    const emitted: string[] = [];
    const restarts: { day: number; reason: string }[] = [];
    const expected: string[] = [];
    setClock(start);
    expect((await poll()).resultType).toBe("polled_no_changes");
    for (let day = 1; day <= 30; day++) {
      setClock(start + day * DAY);
      for (let i = 0; i < 3; i++) expected.push(put(`Day ${day} #${i}`).subject);
      if (day % 4 === 0) {
        // Yesterday's first message is read: in "created,updated" mode a change to emit again, unless no poll
        // came between (a delta round hands out a message once, however often it changed).
        const read = [...mb.messages.values()].find(
          (m) => m.folderId === folder.id && m.subject === `Day ${day - 1} #0`,
        )!;
        read.isRead = true;
        sb.store.touchMessage(mb, read);
        if (changeTypes === "created,updated" && !paused(day - 1)) expected.push(read.subject);
      }
      if (paused(day)) continue; // the instance is paused: no polls, and the link expires meanwhile
      if (day === 25) sb.store.expireDeltaTokens(); // Graph expires every link early
      const result = await poll();
      emitted.push(...result.payload.body.data.map((m) => m.subject));
      if (result.payload.restarted) restarts.push({ day, reason: result.payload.restartReason! });
    }
    expect(restarts.map((x) => x.day)).toEqual([19, 25]);
    expect(restarts[0].reason).toMatch(/SyncStateNotFound/);
    expect(emitted.sort()).toEqual(expected.sort());
    const state = (context.instanceState as { __prismaticInternal: { polling: { mark: { p: string[] } } } })
      .__prismaticInternal.polling;
    expect(JSON.stringify(state).length).toBeLessThan(40_000);
  },
);
