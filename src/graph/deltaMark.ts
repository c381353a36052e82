import { createHash } from "node:crypto";
import type { Message } from "@microsoft/microsoft-graph-types";

/**
 * A watermark of what a folder's delta rounds have already handed out, so that a fresh round
 * (after Graph expired the delta link) hands out only what is new: the latest received and
 * modified times seen, and a print (id and version) of each message seen within a margin of
 * them. Bounded: at most 1,000 prints, about 30 characters each.
 */

/** Messages received (or changed) this close before the latest seen are checked one by one. */
export const MARGIN_SECONDS = 300;
export const MAX_PRINTS = 1000;

export interface DeltaMark {
  /** The latest receivedDateTime and lastModifiedDateTime seen (seconds since 1970). */
  r: number;
  m: number;
  /** When prints had to be dropped: everything at or before these counts as seen. */
  fr?: number;
  fm?: number;
  /** "idHash.versionHash.received.modified" (times in base 36 seconds) for messages within the margin. */
  p: string[];
}

/** Which changes a sync hands out; a fresh round can tell them apart only by time. */
export type SyncMode = "created" | "updated" | "created,updated" | "deleted";

const hash = (text: string, size: number) => createHash("sha256").update(text).digest("base64url").slice(0, size);
const seconds = (iso: unknown) => (typeof iso === "string" ? Math.floor(Date.parse(iso) / 1000) : Number.NaN);

interface Entry {
  id: string;
  version: string;
  r: number;
  m: number;
}

function entryOf(message: Message): Entry | undefined {
  const r = seconds(message.receivedDateTime);
  const m = seconds(message.lastModifiedDateTime);
  if (!message.id || Number.isNaN(r) || Number.isNaN(m)) return undefined;
  // The change key changes with every change, even two within one second of lastModifiedDateTime.
  const version = hash(`${String(message.lastModifiedDateTime)}|${message.changeKey ?? ""}`, 6);
  return { id: hash(message.id, 10), version, r, m };
}

function parse(print: string): Entry | undefined {
  const [id, version, r, m] = print.split(".");
  const entry = { id, version, r: parseInt(r, 36), m: parseInt(m, 36) };
  return id && version && Number.isFinite(entry.r) && Number.isFinite(entry.m) ? entry : undefined;
}

const format = (e: Entry) => `${e.id}.${e.version}.${e.r.toString(36)}.${e.m.toString(36)}`;

export function emptyMark(): DeltaMark {
  return { r: 0, m: 0, p: [] };
}

/** The mark once these messages have been handed out (or found already there). */
export function advance(mark: DeltaMark | undefined, messages: Message[]): DeltaMark {
  const next: DeltaMark = { ...(mark ?? emptyMark()) };
  const byId = new Map<string, Entry>();
  for (const e of next.p.map(parse)) if (e) byId.set(e.id, e);
  for (const message of messages) {
    const e = entryOf(message);
    if (!e) continue;
    next.r = Math.max(next.r, e.r);
    next.m = Math.max(next.m, e.m);
    byId.set(e.id, e);
  }
  let kept = [...byId.values()].filter((e) => e.r >= next.r - MARGIN_SECONDS || e.m >= next.m - MARGIN_SECONDS);
  if (kept.length > MAX_PRINTS) {
    kept.sort((a, b) => Math.max(b.r, b.m) - Math.max(a.r, a.m));
    const dropped = kept.slice(MAX_PRINTS);
    kept = kept.slice(0, MAX_PRINTS);
    next.fr = Math.max(next.fr ?? 0, ...dropped.map((e) => e.r));
    next.fm = Math.max(next.fm ?? 0, ...dropped.map((e) => e.m));
  }
  next.p = kept.map(format);
  return next;
}

/**
 * The messages of a fresh round not yet handed out, by the mark: new ones are received after it
 * (or within its margin and not printed); changed ones modified after it (or within its margin in
 * another version). Without a mark, every message is new.
 */
export function unseen(messages: Message[], mark: DeltaMark | undefined, mode: SyncMode): Message[] {
  if (mode === "deleted") return [];
  if (!mark) return messages;
  const sinceR = Math.max(mark.r - MARGIN_SECONDS, (mark.fr ?? -1) + 1);
  const sinceM = Math.max(mark.m - MARGIN_SECONDS, (mark.fm ?? -1) + 1);
  const prints = mark.p.map(parse).filter((e): e is Entry => e !== undefined);
  const ids = new Set(prints.map((e) => e.id));
  const versions = new Set(prints.map((e) => `${e.id}.${e.version}`));
  return messages.filter((message) => {
    const e = entryOf(message);
    if (!e) return true;
    const changed = e.m >= sinceM && !versions.has(`${e.id}.${e.version}`);
    if (mode === "created") return e.r >= sinceR && !ids.has(e.id);
    // An update is a change to a message that was there before: one received after the mark is new, not updated.
    if (mode === "updated") return changed && e.r <= mark.r;
    return changed;
  });
}

/** The mark as one opaque text (Sync Folder Messages returns it, and takes it back). */
export function encodeMark(mark: DeltaMark): string {
  return Buffer.from(JSON.stringify(mark)).toString("base64url");
}

/** A mark from its text, or undefined when the text is not one. */
export function decodeMark(text: string): DeltaMark | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as DeltaMark;
    const numbers = [value.r, value.m, value.fr ?? 0, value.fm ?? 0];
    if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) return undefined;
    if (
      !Array.isArray(value.p) ||
      value.p.length > MAX_PRINTS ||
      !value.p.every((p) => typeof p === "string" && parse(p))
    )
      return undefined;
    return {
      r: value.r,
      m: value.m,
      ...(value.fr ? { fr: value.fr } : {}),
      ...(value.fm ? { fm: value.fm } : {}),
      p: value.p,
    };
  } catch {
    return undefined;
  }
}
