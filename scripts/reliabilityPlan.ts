import { createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../src";
import { USERS, type Sandbox } from "../sandbox";
import { connectionFor } from "./sandboxApp";

/**
 * The work of a reliability run: which actions it runs (mostly Send Message, some with attachments
 * over 3 MB, some without a Sent Items copy, plus Send Draft, replies, forwards, events and folders),
 * what each reported, and what really happened, counted in the sandbox's mailboxes.
 */

const MB = 1024 * 1024;

export type OpKind =
  | "sendMessage"
  | "sendMessageNoCopy"
  | "sendMessageSmallFile"
  | "sendMessageLargeFile"
  | "sendDraft"
  | "replyToMessage"
  | "replyAllToMessage"
  | "forwardMessage"
  | "createEvent"
  | "createMailFolder";

type User = { id: string; upn: string };
const PEOPLE: User[] = [USERS.adele, USERS.alex, USERS.megan];

export interface Op {
  i: number;
  kind: OpKind;
  action: string;
  sender: User;
  /** Who must receive it once each (events: the attendee's invitation). */
  recipients: User[];
  /** The subject it arrives with. */
  subject: string;
  /** Copies expected in the sender's Sent Items (sends), or items it creates (events, folders). */
  ownCopies: number;
  params: Record<string, unknown>;
  /** Size of the attachment that goes through an upload session. */
  largeBytes?: number;
}

export interface Reported {
  ok: boolean;
  outcome?: string;
  error?: { name: string; code?: string; graphCode?: string; message: string };
  upload?: { bytesSent: number; resumes: number; newSessions: number };
}

/** The kind of the i-th send: one in 20 carries a file over 3 MB; Send Draft, replies and forwards among them. */
function kindOf(i: number): OpKind {
  if (i % 20 === 0) return "sendMessageLargeFile";
  const kinds: OpKind[] = [
    "sendMessage",
    "sendMessageSmallFile",
    "sendMessage",
    "sendDraft",
    "sendMessageNoCopy",
    "replyToMessage",
    "sendMessage",
    "forwardMessage",
    "sendMessage",
    "replyAllToMessage",
  ];
  return kinds[i % kinds.length];
}

/**
 * The plan: `sends` actions that send mail, then one event and one folder per 50 sends, senders and
 * recipients drawn from the seeded generator.
 */
export function plan(sends: number, run: string, random: () => number): Op[] {
  const creates = Math.max(1, Math.floor(sends / 50));
  const kinds: OpKind[] = [
    ...Array.from({ length: sends }, (_, i) => kindOf(i)),
    ...Array.from({ length: creates }, (): OpKind => "createEvent"),
    ...Array.from({ length: creates }, (): OpKind => "createMailFolder"),
  ];
  return kinds.map((kind, i) => {
    const sender = PEOPLE[Math.floor(random() * PEOPLE.length)];
    const others = PEOPLE.filter((p) => p !== sender);
    const to = others[Math.floor(random() * others.length)];
    // Events invite one attendee; folders reach nobody.
    const cc = random() < 0.3 && kind !== "createEvent" ? others.filter((p) => p !== to) : [];
    const subject = `${run} n${i} ${kind}`;
    const largeBytes = kind === "sendMessageLargeFile" ? Math.floor(3 * MB + random() * 2 * MB) : undefined;
    const recipients = kind === "createMailFolder" ? [] : [to, ...cc];
    return { i, kind, sender, recipients, subject, largeBytes, ...shape(kind, subject, to, cc) };
  });
}

/** The action and inputs of a kind (replies and Send Draft get their message id in `prepare`). */
function shape(kind: OpKind, subject: string, to: User, cc: User[]) {
  const base = { to: to.upn, cc: cc.map((c) => c.upn).join(","), subject, body: `<p>${subject}</p>` };
  switch (kind) {
    case "sendMessageNoCopy":
      return { action: "sendMessage", ownCopies: 0, params: { ...base, saveToSentItems: false } };
    case "sendMessageSmallFile":
      return {
        action: "sendMessage",
        ownCopies: 1,
        params: { ...base, attachments: [{ key: "notes.txt", value: subject }] },
      };
    case "createEvent":
      return {
        action: "createEvent",
        ownCopies: 1,
        params: { subject, attendees: [to.upn], startAt: "2031-05-06T09:00:00", endAt: "2031-05-06T09:30:00" },
      };
    case "createMailFolder":
      return { action: "createMailFolder", ownCopies: 1, params: { displayName: subject } };
    default:
      return { action: kind === "sendMessageLargeFile" ? "sendMessage" : kind, ownCopies: 1, params: base };
  }
}

export const harness = createHarness(component);

/** Messages in a user's well-known folder with this subject, straight from the sandbox's store. */
export function countIn(sb: Sandbox, user: User, folder: string, subject: string): number {
  const mb = sb.store.mailbox(user.id);
  const folderId = sb.store.folderByWellKnown(mb, folder).id;
  let n = 0;
  for (const m of mb.messages.values()) if (m.folderId === folderId && m.subject === subject) n++;
  return n;
}

/**
 * Before the faults: the messages replies and forwards answer (sent to the replier), and the drafts
 * Send Draft sends. Each op's subject becomes what its recipients will see.
 */
export async function prepare(sb: Sandbox, ops: Op[]): Promise<void> {
  for (const op of ops) {
    const connection = connectionFor(sb, op.sender);
    if (op.kind === "sendDraft") {
      const draft = (await harness.action("createDraft", { connection, ...op.params })) as { data: { id: string } };
      op.params = { messageId: draft.data.id };
    }
    if (!["replyToMessage", "replyAllToMessage", "forwardMessage"].includes(op.kind)) continue;
    const original = `${op.subject} (original)`;
    const author = op.kind === "forwardMessage" ? op.recipients.find((r) => r !== op.sender)! : op.recipients[0];
    await harness.action("sendMessage", {
      connection: connectionFor(sb, author),
      to: op.sender.upn,
      subject: original,
    });
    const mb = sb.store.mailbox(op.sender.id);
    const received = [...mb.messages.values()].find((m) => m.subject === original)!;
    op.params = { messageId: received.id, comment: "Noted." };
    if (op.kind === "forwardMessage") {
      op.recipients = PEOPLE.filter((p) => p !== op.sender && p !== author).slice(0, 1);
      op.params.to = op.recipients[0].upn;
      op.subject = `FW: ${original}`;
    } else {
      op.recipients = [author];
      op.subject = `RE: ${original}`;
    }
  }
}

/** Runs one action and records what it reported (never throws). */
export async function perform(sb: Sandbox, op: Op): Promise<Reported> {
  const connection = connectionFor(sb, op.sender);
  const params = { ...op.params };
  if (op.largeBytes) params.attachments = [{ key: "large.bin", value: Buffer.alloc(op.largeBytes, op.i % 251) }];
  try {
    const { data } = (await harness.action(op.action, { connection, ...params })) as { data: Record<string, unknown> };
    const attachments = (data.attachments ?? []) as { upload?: Reported["upload"] }[];
    return { ok: true, outcome: String(data.outcome ?? "answered"), upload: attachments.find((a) => a.upload)?.upload };
  } catch (e) {
    const err = e as Error & { code?: string; graphCode?: string };
    return { ok: false, error: { name: err.name, code: err.code, graphCode: err.graphCode, message: err.message } };
  }
}

/** What really happened: copies at each recipient and in the sender's own folder (or calendar, or folder tree). */
export function observe(sb: Sandbox, op: Op): { delivered: number[]; own: number } {
  const delivered = op.kind === "createMailFolder" ? [] : op.recipients.map((r) => countIn(sb, r, "inbox", op.subject));
  const mb = sb.store.mailbox(op.sender.id);
  let own: number;
  if (op.kind === "createEvent") own = [...mb.events.values()].filter((e) => e.subject === op.subject).length;
  else if (op.kind === "createMailFolder")
    own = [...mb.folders.values()].filter((f) => f.displayName === op.subject).length;
  else own = countIn(sb, op.sender, "sentitems", op.subject);
  return { delivered, own };
}
