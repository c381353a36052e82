import type { Mailbox, Sandbox } from "../../sandbox";

/**
 * A copy of what the sandbox holds (every mailbox's folders, messages with their attachments,
 * events, calendars, Focused Inbox overrides, contacts and contact folders, categories, Inbox rules
 * and settings; subscriptions; mail sent outside), to
 * see what a case created or changed, and to put the store back afterwards so every case starts
 * from the same state and the store stays small however many cases run.
 */

type Entry = Record<string, unknown> & { id?: string; changeKey?: string };

interface MailboxCopy {
  maps: Record<MapName, Map<string, Entry>>;
  settings: string;
  tombstones: number;
  removals: number;
  autoRepliedTo: Set<string>;
  rules: Entry[];
}

const MAPS = [
  "folders",
  "messages",
  "events",
  "calendars",
  "overrides",
  "wellKnown",
  "contacts",
  "contactFolders",
  "categories",
] as const;
type MapName = (typeof MAPS)[number];

export interface Snapshot {
  mailboxes: Map<string, MailboxCopy>;
  subscriptions: Map<string, Entry>;
  outbound: number;
}

export interface Change {
  kind:
    | "folder"
    | "message"
    | "event"
    | "calendar"
    | "override"
    | "contact"
    | "contactFolder"
    | "category"
    | "rule"
    | "subscription"
    | "attachment"
    | "outbound";
  mailbox?: string;
  object: Entry;
}

export interface Diff {
  created: Change[];
  changed: Change[];
  settingsChanged: string[];
}

/** One level deeper than a shallow copy: arrays and plain objects inside an entry are copied too. */
function copyEntry(value: unknown): Entry {
  if (typeof value !== "object" || value === null) return value as Entry;
  const out: Entry = {};
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v)) out[k] = v.slice();
    else if (v && typeof v === "object" && !Buffer.isBuffer(v) && !(v instanceof Map)) out[k] = { ...v };
    else out[k] = v;
  }
  return out;
}

function copyMap(map: Map<string, unknown>): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const [k, v] of map) out.set(k, copyEntry(v));
  return out;
}

export function snapshot(sb: Sandbox): Snapshot {
  const mailboxes = new Map<string, MailboxCopy>();
  for (const [userId, mb] of sb.store.mailboxes) {
    const maps = {} as MailboxCopy["maps"];
    for (const name of MAPS) maps[name] = copyMap(mb[name] as Map<string, unknown>);
    mailboxes.set(userId, {
      maps,
      settings: JSON.stringify(mb.settings),
      tombstones: mb.tombstones.length,
      removals: mb.removals.length,
      autoRepliedTo: new Set(mb.autoRepliedTo),
      rules: mb.rules.map((r) => copyEntry(r)),
    });
  }
  return {
    mailboxes,
    subscriptions: copyMap(sb.notifier.subscriptions as Map<string, unknown>),
    outbound: sb.store.outbound.length,
  };
}

const KIND_OF: Partial<Record<MapName, Change["kind"]>> = {
  folders: "folder",
  messages: "message",
  events: "event",
  calendars: "calendar",
  overrides: "override",
  contacts: "contact",
  contactFolders: "contactFolder",
  categories: "category",
};

function isChanged(before: Entry, now: Entry): boolean {
  if (before.changeKey !== undefined) return before.changeKey !== now.changeKey;
  return JSON.stringify(before) !== JSON.stringify(now);
}

function diffMailbox(userId: string, copy: MailboxCopy, mb: Mailbox, out: Diff): void {
  for (const [name, kind] of Object.entries(KIND_OF) as [MapName, Change["kind"]][]) {
    for (const [k, v] of mb[name] as unknown as Map<string, Entry>) {
      const before = copy.maps[name].get(k);
      if (!before) out.created.push({ kind, mailbox: userId, object: v });
      else if (isChanged(before, v)) out.changed.push({ kind, mailbox: userId, object: v });
      if (before && kind === "message") {
        const had = new Set((before.attachments as Entry[]).map((a) => a.id));
        for (const a of v.attachments as Entry[])
          if (!had.has(a.id)) out.created.push({ kind: "attachment", mailbox: userId, object: a });
      }
    }
  }
  for (const rule of mb.rules) {
    const before = copy.rules.find((r) => r.id === rule.id);
    const entry = rule as unknown as Entry;
    if (!before) out.created.push({ kind: "rule", mailbox: userId, object: entry });
    else if (isChanged(before, entry)) out.changed.push({ kind: "rule", mailbox: userId, object: entry });
  }
  if (JSON.stringify(mb.settings) !== copy.settings) out.settingsChanged.push(userId);
}

export function diff(before: Snapshot, sb: Sandbox): Diff {
  const out: Diff = { created: [], changed: [], settingsChanged: [] };
  for (const [userId, copy] of before.mailboxes) diffMailbox(userId, copy, sb.store.mailbox(userId), out);
  for (const [k, v] of sb.notifier.subscriptions as unknown as Map<string, Entry>) {
    const was = before.subscriptions.get(k);
    if (!was) out.created.push({ kind: "subscription", object: v });
    else if (isChanged(was, v)) out.changed.push({ kind: "subscription", object: v });
  }
  for (const mail of sb.store.outbound.slice(before.outbound))
    out.created.push({ kind: "outbound", object: mail as unknown as Entry });
  return out;
}

/** Puts the store back as it was at the snapshot. */
export function restore(sb: Sandbox, before: Snapshot): void {
  for (const [userId, copy] of before.mailboxes) {
    const mb = sb.store.mailbox(userId);
    for (const name of MAPS) {
      const map = mb[name] as Map<string, unknown>;
      map.clear();
      for (const [k, v] of copy.maps[name]) map.set(k, copyEntry(v));
    }
    mb.settings = JSON.parse(copy.settings) as Mailbox["settings"];
    mb.tombstones.length = copy.tombstones;
    mb.removals.length = copy.removals;
    mb.rules = copy.rules.map((r) => copyEntry(r) as unknown as Mailbox["rules"][number]);
    mb.autoRepliedTo = new Set(copy.autoRepliedTo);
  }
  const subscriptions = sb.notifier.subscriptions as Map<string, unknown>;
  subscriptions.clear();
  for (const [k, v] of before.subscriptions) subscriptions.set(k, copyEntry(v));
  sb.store.outbound.length = before.outbound;
}
