import { USERS, type Sandbox } from "../../../sandbox";
import type { StoredMessage } from "../../../sandbox/store";
import { actionError, actionRunner, secretConnection, shortenWaits, startSandbox, storedMessage } from "../support";
import { deliver } from "../triggers/mail";

/**
 * Update, Move, Copy and Delete Messages: thousands of ids through JSON batching (20 to a request, 4 in flight), one
 * result per message, throttled messages sent again on their own, and no message worked on twice, also when the
 * answer to a whole batch is lost (each message is looked at before anything is sent again).
 */

let sb: Sandbox;
let connection: ReturnType<typeof secretConnection>;
// The sandbox answers Retry-After 0 and at once: short waits keep the run quick.
shortenWaits("retry");
beforeAll(async () => {
  sb = await startSandbox({ throttle: "outlook" });
  connection = secretConnection(sb, { userId: USERS.alex.upn });
});
afterEach(() => sb.faults.clear());
afterAll(() => sb.stop());

const run = actionRunner(() => connection);

type Outcome = {
  total: number;
  done: number;
  failed: number;
  items: { id: string; status: string; newId?: string; confirmed?: true; error?: Record<string, unknown> }[];
};

function newMessages(n: number, prefix: string): StoredMessage[] {
  const mb = sb.store.mailbox(USERS.alex.id);
  const folder = sb.store.addFolder(mb, `${prefix} ${Date.now()}`, sb.store.folderByWellKnown(mb, "msgfolderroot").id);
  return Array.from({ length: n }, (_, i) => deliver(sb, USERS.alex.id, `${prefix} ${i}`, folder.id));
}

const idsOf = (messages: StoredMessage[]) => messages.map((m) => m.immutableId!);
const batchRequests = (since: number) => sb.requests.slice(since).filter((r) => r.path === "/v1.0/$batch" && !r.batch);

/** How many times the sandbox carried out each kind of request on each message, since `since`. */
function actedOn(since: number, method: string, suffix = ""): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of sb.requests.slice(since)) {
    const acted = (r.actedStatus as number | undefined) ?? r.status;
    if (!r.batch || r.method !== method || acted < 200 || acted >= 300 || !r.path.endsWith(suffix)) continue;
    const id = decodeURIComponent(
      r.path
        .slice(0, r.path.length - suffix.length)
        .split("/")
        .pop()!,
    );
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

const pathOf = (id: string) => new RegExp(`/messages/${id.replace(/=+$/, "").replace(/[-_]/g, "\\$&")}`);

describe("Update Messages", () => {
  const change = { isRead: "true", flagStatus: "flagged", categories: ["Blue category"], importance: "high" };

  it("updates 1,000 messages in 50 batch requests, each changed exactly once", async () => {
    const messages = newMessages(1000, "Bulk");
    const before = sb.requests.length;
    const result = (await run("updateMessages", { messageIds: idsOf(messages), ...change })) as unknown as Outcome;
    expect([result.total, result.done, result.failed]).toEqual([1000, 1000, 0]);
    expect(result.items.map((i) => i.id)).toEqual(idsOf(messages));
    expect(batchRequests(before)).toHaveLength(50);
    const patched = actedOn(before, "PATCH");
    expect(patched.size).toBe(1000);
    expect([...patched.values()].every((n) => n === 1)).toBe(true);
    for (const m of messages) {
      expect(m).toMatchObject({ isRead: true, importance: "high", categories: ["Blue category"] });
      expect(m.flag.flagStatus).toBe("flagged");
    }
  });

  it("with 10 % of the messages answered 429 inside their batch: sent again, each changed once", async () => {
    const messages = newMessages(1000, "Throttled");
    messages
      .filter((_, i) => i % 10 === 3)
      .forEach((m) => sb.faults.throttleNext(1, 0, { method: "PATCH", path: pathOf(m.immutableId!) }));
    const before = sb.requests.length;
    const result = (await run("updateMessages", { messageIds: idsOf(messages), ...change })) as unknown as Outcome;
    expect([result.done, result.failed]).toEqual([1000, 0]);
    const inner = sb.requests.slice(before).filter((r) => r.batch);
    expect(inner.filter((r) => r.status === 429)).toHaveLength(100);
    const patched = actedOn(before, "PATCH");
    expect([patched.size, Math.max(...patched.values())]).toEqual([1000, 1]);
    // 50 batches for the first tries, and the 100 throttled messages 20 to a batch: 5 more.
    expect(batchRequests(before)).toHaveLength(55);
    expect(messages.every((m) => m.isRead && m.flag.flagStatus === "flagged")).toBe(true);
  });

  it.each(["reset", "gatewayTimeout", "resetMidResponse", "truncate"] as const)(
    "a batch whose answer is lost after acting (%s) is checked, not sent again",
    async (kind) => {
      const messages = newMessages(60, `Lost ${kind}`);
      // The second batch acts, and its answer never arrives whole.
      sb.faults.afterNext(1, kind, { path: /\/\$batch$/ });
      const before = sb.requests.length;
      const result = (await run("updateMessages", {
        messageIds: idsOf(messages),
        isRead: "true",
      })) as unknown as Outcome;
      expect([result.done, result.failed]).toEqual([60, 0]);
      expect(result.items.filter((i) => i.confirmed)).toHaveLength(20);
      const patched = actedOn(before, "PATCH");
      expect([patched.size, Math.max(...patched.values())]).toEqual([60, 1]);
      // Three batches, one lost, and one more carrying the lost batch's 20 checks.
      expect(batchRequests(before)).toHaveLength(4);
    },
  );

  it("a batch whose connection drops before it acts is checked, and its messages are then changed once", async () => {
    const messages = newMessages(20, "Dropped");
    sb.faults.resetNext(1, { path: /\/\$batch$/ });
    const before = sb.requests.length;
    const result = (await run("updateMessages", {
      messageIds: idsOf(messages),
      flagStatus: "complete",
    })) as unknown as Outcome;
    expect([result.done, result.failed, result.items.filter((i) => i.confirmed).length]).toEqual([20, 0, 0]);
    const patched = actedOn(before, "PATCH");
    expect([patched.size, Math.max(...patched.values())]).toEqual([20, 1]);
    // The dropped batch, the checks (each found the change not made), then the changes.
    expect(batchRequests(before)).toHaveLength(3);
  });

  it("a message answered 504 inside its batch after acting is checked, not changed again", async () => {
    const messages = newMessages(5, "Inner 504");
    sb.faults.afterNext(1, "gatewayTimeout", { method: "PATCH", path: pathOf(messages[2].immutableId!) });
    const before = sb.requests.length;
    const result = (await run("updateMessages", {
      messageIds: idsOf(messages),
      importance: "low",
    })) as unknown as Outcome;
    expect(result.items.map((i) => [i.status, Boolean(i.confirmed)])).toEqual([
      ["done", false],
      ["done", false],
      ["done", true],
      ["done", false],
      ["done", false],
    ]);
    expect(Math.max(...actedOn(before, "PATCH").values())).toBe(1);
  });

  it("reports each message's own failure, and fails as a whole only when every message failed alike", async () => {
    const [m] = newMessages(1, "Mixed");
    const mixed = (await run("updateMessages", {
      messageIds: `${m.immutableId}\nAAkALgAAgoneAAA=`,
      isRead: "true",
    })) as unknown as Outcome;
    expect([mixed.total, mixed.done, mixed.failed]).toEqual([2, 1, 1]);
    expect(mixed.items[1]).toMatchObject({
      id: "AAkALgAAgoneAAA=",
      status: "failed",
      error: { code: "ErrorItemNotFound", status: 404 },
    });
    const err = await actionError("updateMessages", {
      connection,
      messageIds: ["AAkALgAAgoneAAA=", "AAkALgAAgoneBBB="],
      isRead: "true",
    });
    expect(err).toMatchObject({ name: "GraphServiceError", graphCode: "ErrorItemNotFound", property: "messageIds[0]" });
  });
});

describe("reading the ids", () => {
  it("takes text with commas and line breaks, a JSON array or a list, and works on a repeated id once", async () => {
    const messages = newMessages(3, "Forms");
    const [a, b, c] = idsOf(messages);
    for (const messageIds of [`${a}, ${b}\r\n${c}\n`, JSON.stringify([a, b, c]), [a, `${b},${c}`, a]]) {
      const result = (await run("updateMessages", { messageIds, isRead: "false" })) as unknown as Outcome;
      expect(result.items.map((i) => i.id)).toEqual([a, b, c]);
    }
  });

  it("refuses a bad id, no ids, too many ids and no change, naming the input, before any request", async () => {
    const before = sb.requests.length;
    const cases: [unknown, string, string][] = [
      [["AAkALg1", "../../me"], "ArgumentError", "messageIds[1]"],
      [" , \n", "PropertyEmptyError", "messageIds"],
      [Array.from({ length: 10_001 }, (_, i) => `AAkALg${i}`), "ArgumentError", "messageIds"],
      [[{ id: "x" }], "ArgumentError", "messageIds[0]"],
    ];
    for (const [messageIds, name, property] of cases) {
      const err = await actionError("updateMessages", { connection, messageIds, isRead: "true" });
      expect([err.name, err.property]).toEqual([name, property]);
    }
    const none = await actionError("updateMessages", { connection, messageIds: ["AAkALg1"] });
    expect([none.name, none.property]).toEqual(["PropertyNullError", "isRead"]);
    expect(sb.requests.length).toBe(before);
  });
});

describe("Move, Copy and Delete Messages", () => {
  const folderOf = (name: string) => sb.store.folderByWellKnown(sb.store.mailbox(USERS.alex.id), name).id;

  it("moves 45 messages, each once and keeping its id, also when a batch's answer is lost", async () => {
    const messages = newMessages(45, "Move");
    sb.faults.afterNext(1, "reset", { path: /\/\$batch$/ });
    const before = sb.requests.length;
    const result = (await run("moveMessages", {
      messageIds: idsOf(messages),
      destinationFolderId: "archive",
    })) as unknown as Outcome;
    expect([result.done, result.failed]).toEqual([45, 0]);
    expect(result.items.every((i) => i.newId === i.id)).toBe(true);
    expect(result.items.filter((i) => i.confirmed)).toHaveLength(20);
    expect(Math.max(...actedOn(before, "POST", "/move").values())).toBe(1);
    expect(
      messages.every((m) => storedMessage(sb, USERS.alex.id, m.immutableId)!.folderId === folderOf("archive")),
    ).toBe(true);
  });

  it("copies 25 messages once each, also when a batch's answer is lost: the copy is looked for first", async () => {
    const messages = newMessages(25, "Copy");
    const target = await run("createMailFolder", { displayName: `Copies ${Date.now()}` });
    sb.faults.afterNext(1, "gatewayTimeout", { path: /\/\$batch$/ });
    const result = (await run("copyMessages", {
      messageIds: idsOf(messages),
      destinationFolderId: target.id,
    })) as unknown as Outcome;
    expect([result.done, result.failed]).toEqual([25, 0]);
    expect(result.items.filter((i) => i.confirmed)).toHaveLength(20);
    const copies = [...sb.store.mailbox(USERS.alex.id).messages.values()].filter((m) => m.folderId === target.id);
    expect(copies.map((m) => m.subject).sort()).toEqual(messages.map((m) => m.subject).sort());
    expect(result.items.map((i) => i.newId).sort()).toEqual(copies.map((m) => m.immutableId).sort());
  });

  it("copies after a batch lost before it acted: nothing found, so each is copied, once", async () => {
    const messages = newMessages(3, "Copy again");
    const target = await run("createMailFolder", { displayName: `Copies again ${Date.now()}` });
    sb.faults.resetNext(1, { path: /\/\$batch$/ });
    const result = (await run("copyMessages", {
      messageIds: idsOf(messages),
      destinationFolderId: target.id,
    })) as unknown as Outcome;
    expect([result.done, result.items.filter((i) => i.confirmed).length]).toEqual([3, 0]);
    const copies = [...sb.store.mailbox(USERS.alex.id).messages.values()].filter((m) => m.folderId === target.id);
    expect(copies).toHaveLength(3);
  });

  it("deletes to Deleted Items once each after a lost answer, and for good when asked", async () => {
    const messages = newMessages(30, "Delete");
    sb.faults.afterNext(1, "resetMidResponse", { path: /\/\$batch$/ });
    const before = sb.requests.length;
    const result = (await run("deleteMessages", { messageIds: idsOf(messages) })) as unknown as Outcome;
    expect([result.done, result.failed]).toEqual([30, 0]);
    expect(Math.max(...actedOn(before, "DELETE").values())).toBe(1);
    expect(
      messages.every((m) => storedMessage(sb, USERS.alex.id, m.immutableId)!.folderId === folderOf("deleteditems")),
    ).toBe(true);
    const gone = (await run("deleteMessages", { messageIds: idsOf(messages), permanent: true })) as unknown as Outcome;
    expect([gone.done, gone.failed]).toEqual([30, 0]);
    expect(messages.filter((m) => storedMessage(sb, USERS.alex.id, m.immutableId))).toEqual([]);
  });

  it("refuses a destination folder that is not there once, blamed on it, before touching any message", async () => {
    const messages = newMessages(2, "Nowhere");
    const before = sb.requests.length;
    const err = await actionError("moveMessages", {
      connection,
      messageIds: idsOf(messages),
      destinationFolderId: "AAMkNoFolder",
    });
    expect(err).toMatchObject({ graphCode: "ErrorItemNotFound", property: "destinationFolderId" });
    expect(batchRequests(before)).toHaveLength(0);
  });
});
