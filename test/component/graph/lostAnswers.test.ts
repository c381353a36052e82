import { randomBytes } from "node:crypto";
import component from "../../../src";
import { USERS, type AfterFaultKind, type FaultMatch, type Sandbox } from "../../../sandbox";
import { openMailbox } from "../../../src/graph/mailbox";
import { rootFolders } from "../../../src/graph/mailFolders";
import { retryPolicy } from "../../../src/graph/retry";
import { startReceiver, type Receiver } from "../../../tools/receiver";
import {
  actionError,
  actionRunner,
  folderMessages,
  harness,
  secretConnection,
  shortenWaits,
  startSandbox,
  storedMessage,
} from "../support";

/**
 * Every call that sends or creates, when its answer is lost (the connection drops before or after
 * Graph acted, the answer is cut short, Graph's gateway answers 504): the action either finds the
 * effect and reports it done ("confirmedAfterLostAnswer") or sends it again once it knows nothing
 * happened ("retriedAfterLostAnswer"). Counted in the sandbox's mailboxes: once, never twice, never
 * reported failed when it went, and no draft left behind.
 */

const MB = 1024 * 1024;
let sb: Sandbox;
// Backoff without Retry-After and the wait for Sent Items filing, shortened: the sandbox files at once.
shortenWaits("retry", "confirm");
beforeAll(async () => {
  sb = await startSandbox();
});
afterEach(() => sb.faults.clear());
afterAll(() => sb.stop());

const run = actionRunner(() => secretConnection(sb));
const inFolder = (userId: string, folder: string, subject: string) =>
  folderMessages(sb, userId, folder).filter((m) => m.subject === subject);
const lookupPaths = { rootFolders };
const folderNamed = (box: Sandbox, name: string) =>
  [...box.store.mailbox(USERS.adele.id).folders.values()].find((f) => f.displayName === name);
const draftsLeft = () => folderMessages(sb, USERS.adele.id, "drafts").length;

/** The faults that lose an answer: before Graph acted (nothing happened) and after (it happened). */
type Lost = { when: "before"; kind: "gatewayTimeout" | "reset" } | { when: "after"; kind: AfterFaultKind };
const LOST: Lost[] = [
  { when: "before", kind: "gatewayTimeout" },
  { when: "before", kind: "reset" },
  { when: "after", kind: "gatewayTimeout" },
  { when: "after", kind: "reset" },
  { when: "after", kind: "resetMidResponse" },
  { when: "after", kind: "truncate" },
];
const label = (l: Lost) => `${l.kind} ${l.when} acting`;

function lose(l: Lost, match: FaultMatch): void {
  if (l.when === "after") sb.faults.afterNext(1, l.kind, match);
  else if (l.kind === "reset") sb.faults.resetNext(1, match);
  else sb.faults.failNext(1, 504, null, match);
}

/** What the action must report: done after a fault after acting (unless the answer came through), sent again before. */
function expectOutcome(l: Lost, outcome: unknown): void {
  if (l.when === "before") expect(outcome).toBe("retriedAfterLostAnswer");
  // A 202 has no body to cut short: a truncated one arrives whole.
  else if (l.kind === "truncate") expect(["confirmedAfterLostAnswer", "answered"]).toContain(outcome);
  else expect(outcome).toBe("confirmedAfterLostAnswer");
}

describe("Send Message delivers exactly once", () => {
  it.each(LOST.map((l) => [label(l), l] as const))("sendMail's answer lost: %s", async (_name, l) => {
    const subject = `sendMail ${label(l)}`;
    lose(l, { method: "POST", path: /sendMail$/ });
    const data = await run("sendMessage", { to: USERS.alex.upn, subject });
    expect(data).toMatchObject({ sent: true, via: "sendMail" });
    expectOutcome(l, data.outcome);
    expect(inFolder(USERS.alex.id, "inbox", subject)).toHaveLength(1);
    expect(inFolder(USERS.adele.id, "sentitems", subject)).toHaveLength(1);
  });

  it.each(LOST.map((l) => [label(l), l] as const))("the draft send's answer lost: %s", async (_name, l) => {
    const subject = `draft send ${label(l)}`;
    const file = randomBytes(3 * MB + 17);
    lose(l, { method: "POST", path: /\/send$/ });
    const data = await run("sendMessage", {
      to: USERS.alex.upn,
      subject,
      attachments: [{ key: "f.bin", value: file }],
    });
    expect(data).toMatchObject({ sent: true, via: "draft" });
    expectOutcome(l, data.outcome);
    const [received, ...more] = inFolder(USERS.alex.id, "inbox", subject);
    expect(more).toHaveLength(0);
    expect(received.attachments.map((a) => a.content.equals(file))).toEqual([true]);
    expect(inFolder(USERS.adele.id, "sentitems", subject)).toHaveLength(1);
    expect(draftsLeft()).toBe(0);
  });

  it.each([
    ["creating the draft", { method: "POST", path: /\/messages$/ }],
    ["adding a small attachment", { method: "POST", path: /\/attachments$/ }],
    ["creating the upload session", { method: "POST", path: /createUploadSession$/ }],
  ] as const)("a lost answer while %s is found done, not done twice", async (step, match) => {
    const subject = `lost while ${step}`;
    sb.faults.afterNext(1, "reset", match);
    const big = randomBytes(3 * MB);
    const data = await run("sendMessage", {
      to: USERS.alex.upn,
      subject,
      body: `<p>${"x".repeat(3 * MB)}</p>`,
      attachments: [
        { key: "small.txt", value: "hello" },
        { key: "big.bin", value: big },
      ],
    });
    expect(data.outcome).toBe(
      match.path.source.includes("Session") ? "retriedAfterLostAnswer" : "confirmedAfterLostAnswer",
    );
    const [received, ...more] = inFolder(USERS.alex.id, "inbox", subject);
    expect(more).toHaveLength(0);
    expect(received.attachments.map((a) => a.name)).toEqual(["small.txt", "big.bin"]);
    expect(received.attachments[1].content.equals(big)).toBe(true);
    expect(draftsLeft()).toBe(0);
  });

  it.each(LOST.map((l) => [label(l), l] as const))(
    "without a Sent Items copy it goes through a draft, whose fate tells: %s",
    async (_name, l) => {
      const subject = `no copy ${label(l)}`;
      lose(l, { method: "POST", path: /\/send$/ });
      const data = await run("sendMessage", { to: USERS.alex.upn, subject, saveToSentItems: false });
      expect(data).toMatchObject({ sent: true, via: "draft", saveToSentItems: false });
      expectOutcome(l, data.outcome);
      expect(inFolder(USERS.alex.id, "inbox", subject)).toHaveLength(1);
      expect(inFolder(USERS.adele.id, "sentitems", subject)).toHaveLength(0);
      expect(draftsLeft()).toBe(0);
    },
  );
});

describe("sending a draft, replying and forwarding deliver exactly once", () => {
  const received = (subject: string) => inFolder(USERS.alex.id, "inbox", subject);

  it.each(LOST.map((l) => [label(l), l] as const))("Send Draft: %s", async (_name, l) => {
    const subject = `send draft ${label(l)}`;
    const draft = await run("createDraft", { to: USERS.alex.upn, subject });
    lose(l, { method: "POST", path: /\/send$/ });
    const data = await run("sendDraft", { messageId: draft.id });
    expectOutcome(l, data.outcome);
    expect(received(subject)).toHaveLength(1);
    expect(draftsLeft()).toBe(0);
  });

  it.each(
    ["replyToMessage", "replyAllToMessage", "forwardMessage"].flatMap((key) =>
      LOST.filter((_l, i) => i % 2 === (key === "forwardMessage" ? 0 : 1) || key === "replyToMessage").map(
        (l) => [key, label(l), l] as const,
      ),
    ),
  )("%s: %s", async (key, _name, l) => {
    const subject = `${key} ${label(l)}`;
    await harness.action("sendMessage", {
      connection: secretConnection(sb, { userId: USERS.alex.upn }),
      to: USERS.adele.upn,
      subject,
    });
    const original = inFolder(USERS.adele.id, "inbox", subject)[0];
    lose(l, { method: "POST", path: /\/(reply|replyAll|forward)$/ });
    const extra = key === "forwardMessage" ? { to: USERS.alex.upn } : {};
    const data = await run(key, { messageId: original.id, comment: "Noted", ...extra });
    expectOutcome(l, data.outcome);
    const prefix = key === "forwardMessage" ? "FW: " : "RE: ";
    expect(inFolder(USERS.alex.id, "inbox", prefix + subject)).toHaveLength(1);
    expect(inFolder(USERS.adele.id, "sentitems", prefix + subject)).toHaveLength(1);
  });

  it("Create Reply Draft makes one draft when its answer is lost", async () => {
    const subject = "reply draft lost";
    await harness.action("sendMessage", {
      connection: secretConnection(sb, { userId: USERS.alex.upn }),
      to: USERS.adele.upn,
      subject,
    });
    const original = inFolder(USERS.adele.id, "inbox", subject)[0];
    sb.faults.afterNext(1, "resetMidResponse", { method: "POST", path: /createReply$/ });
    const data = await run("createReplyDraft", { messageId: original.id, comment: "Draft" });
    expect(data).toMatchObject({ outcome: "confirmedAfterLostAnswer", subject: `RE: ${subject}`, isDraft: true });
    expect(inFolder(USERS.adele.id, "drafts", `RE: ${subject}`).map((m) => m.immutableId)).toEqual([data.id]);
    await run("deleteMessage", { messageId: data.id, permanent: true });
  });
});

describe("drafts and attachments are created once", () => {
  it("Create Draft finds the draft it made when the answer was lost, and adds each attachment once", async () => {
    sb.faults.afterNext(1, "truncate", { method: "POST", path: /\/messages$/ });
    sb.faults.afterNext(1, "gatewayTimeout", { method: "POST", path: /\/attachments$/ });
    const data = await run("createDraft", {
      to: USERS.alex.upn,
      subject: "draft lost twice",
      attachments: [{ key: "a.txt", value: "one" }],
    });
    expect(data).toMatchObject({ outcome: "confirmedAfterLostAnswer", subject: "draft lost twice" });
    const drafts = inFolder(USERS.adele.id, "drafts", "draft lost twice");
    expect(drafts.map((d) => d.immutableId)).toEqual([data.id]);
    expect(drafts[0].attachments.map((a) => a.name)).toEqual(["a.txt"]);
    await run("deleteMessage", { messageId: data.id, permanent: true });
  });

  it("Add Attachment adds a small file once after a lost answer, and a second file of the same name too", async () => {
    const draft = await run("createDraft", { subject: "attach twice" });
    for (const content of ["first", "second"]) {
      sb.faults.afterNext(1, "reset", { method: "POST", path: /\/attachments$/ });
      const data = await run("addAttachment", { messageId: draft.id, fileName: "same.txt", file: content });
      expect(data).toMatchObject({ method: "inline", outcome: "confirmedAfterLostAnswer" });
    }
    const stored = storedMessage(sb, USERS.adele.id, draft.id)!;
    expect(stored.attachments.map((a) => a.content.toString())).toEqual(["first", "second"]);
    await run("deleteMessage", { messageId: draft.id, permanent: true });
  });
});

describe("events, folders and subscriptions are created once", () => {
  it.each(LOST.map((l) => [label(l), l] as const))("Create Event: %s", async (_name, l) => {
    const subject = `event ${label(l)}`;
    lose(l, { method: "POST", path: /\/events$/ });
    const data = await run("createEvent", {
      subject,
      startAt: "2031-03-04T10:00:00",
      endAt: "2031-03-04T11:00:00",
      attendees: [USERS.alex.upn],
    });
    expect(data).toMatchObject({ subject, outcome: "retriedAfterLostAnswer" });
    const mine = [...sb.store.mailbox(USERS.adele.id).events.values()].filter((e) => e.subject === subject);
    expect(mine.map((e) => e.id)).toEqual([data.id]);
    // One invitation, as there is one meeting.
    expect(inFolder(USERS.alex.id, "inbox", subject)).toHaveLength(1);
  });

  it.each(LOST.map((l) => [label(l), l] as const))("Create Mail Folder: %s", async (_name, l) => {
    const displayName = `Folder ${label(l)}`;
    lose(l, { method: "POST", path: /\/mailFolders$/ });
    const data = await run("createMailFolder", { displayName });
    expect(data).toMatchObject({
      displayName,
      outcome: l.when === "before" ? "retriedAfterLostAnswer" : expect.any(String),
    });
    if (l.when === "after" && l.kind !== "truncate") expect(data.outcome).toBe("confirmedAfterLostAnswer");
    const folders = [...sb.store.mailbox(USERS.adele.id).folders.values()].filter((f) => f.displayName === displayName);
    expect(folders.map((f) => f.id)).toEqual([data.id]);
  });

  describe("Create Mail Folder Subscription", () => {
    let receiver: Receiver;
    beforeAll(async () => {
      receiver = await startReceiver({ component, trigger: "webhook", params: { connection: secretConnection(sb) } });
    });
    afterAll(() => receiver.stop());

    it.each([
      ["after acting", "reset"],
      ["after acting", "gatewayTimeout"],
      ["before acting", "reset"],
    ] as const)("subscribes once when the answer is lost %s (%s)", async (when, kind) => {
      const folder = (await run("createMailFolder", { displayName: `Watched ${when} ${kind}` })).id;
      const lost: Lost = when === "after acting" ? { when: "after", kind } : { when: "before", kind: "reset" };
      lose(lost, { method: "POST", path: /\/subscriptions$/ });
      const watching = () => sb.notifier.active().filter((s) => s.notificationUrl === receiver.url);
      const before = watching().map((s) => s.id);
      const context = { crossFlowState: receiver.context.crossFlowState, webhookUrls: receiver.context.webhookUrls };
      const result = (await harness.action(
        "createMailFolderSubscription",
        { connection: secretConnection(sb), folderId: folder, notificationUrl: receiver.url },
        context as never,
      )) as { data: Record<string, unknown> };
      expect(result.data).toMatchObject({
        outcome: when === "after acting" ? "confirmedAfterLostAnswer" : "retriedAfterLostAnswer",
      });
      expect(result.data).not.toHaveProperty("clientState");
      expect(
        watching()
          .filter((s) => !before.includes(s.id))
          .map((s) => s.id),
      ).toEqual([result.data.id]);
    });
  });
});

describe("the client's lookups", () => {
  it("a resend that meets its own effect (409: the folder exists) looks once more and reports it done", async () => {
    const mb = openMailbox(secretConnection(sb), USERS.adele.upn);
    let looks = 0;
    sb.faults.afterNext(1, "reset", { method: "POST", path: /\/mailFolders$/ });
    const { result, outcome } = await mb.graph.callWithOutcome<{ id: string; displayName: string }>({
      method: "POST",
      path: lookupPaths.rootFolders(mb),
      body: { displayName: "Missed once" },
      // The first look misses it (as a slow index might); the second is the real lookup.
      confirm: async () => {
        if (looks++ === 0) return { tookEffect: false };
        const found = folderNamed(sb, "Missed once");
        return found
          ? { tookEffect: true, result: { id: found.id, displayName: found.displayName } }
          : { tookEffect: false };
      },
    });
    expect(looks).toBe(2);
    expect(outcome).toBe("confirmedAfterLostAnswer");
    expect(result).toEqual({ id: folderNamed(sb, "Missed once")!.id, displayName: "Missed once" });
    const posts = sb.requests.filter((r) => r.method === "POST" && r.path.endsWith("/mailFolders")).slice(-2);
    expect(posts.map((r) => r.status)).toEqual([0, 409]);
  });
});

describe("failures report what happened and leave no draft behind", () => {
  it("a send whose answer is lost and cannot be checked says it may or may not have gone", async () => {
    sb.faults.afterNext(1, "reset", { method: "POST", path: /sendMail$/ });
    sb.faults.failNext(1, 500, null, { method: "GET", path: /sentitems\/messages$/ });
    const err = await actionError("sendMessage", {
      connection: secretConnection(sb),
      to: USERS.alex.upn,
      subject: "unknowable",
    });
    expect(err).toMatchObject({ name: "GraphServiceError", graphCode: "OutcomeUnknown" });
    expect(err.message).toMatch(/may or may not have been sent, so it was not repeated/);
    expect(inFolder(USERS.alex.id, "inbox", "unknowable")).toHaveLength(1);
    expect(draftsLeft()).toBe(0);
  });

  it("a draft whose creation cannot be checked is found by its stamp and deleted", async () => {
    sb.faults.afterNext(1, "reset", { method: "POST", path: /\/messages$/ });
    sb.faults.failNext(1, 500, null, { method: "GET", path: /drafts\/messages$/ });
    const err = await actionError("sendMessage", {
      connection: secretConnection(sb),
      to: USERS.alex.upn,
      subject: "half made",
      attachments: [{ key: "big.bin", value: randomBytes(3 * MB) }],
    });
    expect(err).toMatchObject({ graphCode: "OutcomeUnknown" });
    expect(err.message).toMatch(/^Send Message failed while creating the draft \(the draft was deleted\)/);
    expect(draftsLeft()).toBe(0);
    expect(inFolder(USERS.alex.id, "inbox", "half made")).toHaveLength(0);
  });

  it("lost answers that outlast the retry budget are reported not sent, and the draft is deleted", async () => {
    const saved = retryPolicy.maxRetries;
    retryPolicy.maxRetries = 2;
    try {
      sb.faults.resetNext(3, { method: "POST", path: /\/send$/ });
      const err = await actionError("sendMessage", {
        connection: secretConnection(sb),
        to: USERS.alex.upn,
        subject: "never went",
        saveToSentItems: false,
      });
      expect(err).toMatchObject({ graphCode: "AnswerLost" });
      expect(err.message).toMatch(/had not been sent, and the retry budget is spent\. Nothing was done/);
      expect(err.message).toMatch(/\(the draft was deleted\)/);
    } finally {
      retryPolicy.maxRetries = saved;
    }
    expect(inFolder(USERS.alex.id, "inbox", "never went")).toHaveLength(0);
    expect(draftsLeft()).toBe(0);
  });

  it("a create Graph gives no way to check (Create Calendar) says it may or may not have taken effect", async () => {
    sb.faults.afterNext(1, "reset", { method: "POST", path: /\/calendars$/ });
    const err = await actionError("createCalendar", { connection: secretConnection(sb), name: "Unchecked" });
    expect(err).toMatchObject({ graphCode: "NetworkError" });
    expect(err.message).toMatch(/was lost \(the connection dropped .*\); it may or may not have taken effect/);
    const calendars = [...sb.store.mailbox(USERS.adele.id).calendars.values()].filter((c) => c.name === "Unchecked");
    expect(calendars).toHaveLength(1);
    expect(draftsLeft()).toBe(0);
  });

  it("a host that refuses connections is reported at once: nothing was sent", async () => {
    const dead = await startSandbox();
    const connection = secretConnection(dead);
    await harness.action("getCurrentUser", { connection });
    await dead.stop();
    // A read meets the connection the sandbox closed, then a refusal: a read is simply tried again.
    expect(await actionError("getCurrentUser", { connection })).toMatchObject({ graphCode: "NetworkError" });
    const requests = dead.requests.length;
    const err = await actionError("sendMessage", { connection, to: USERS.alex.upn, subject: "refused" });
    expect(err).toMatchObject({ graphCode: "NetworkError", status: 0 });
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(dead.requests.length).toBe(requests);
    expect(folderMessages(dead, USERS.adele.id, "drafts")).toHaveLength(0);
  });
});
