import { GraphError, badRequest, sendJson } from "../http";
import type { RouteContext, Router } from "../router";
import type { Mailbox } from "../store";
import { applyPreference, mailboxOf, odataContext } from "./common";
import { bodyPreference, scopedFolderId } from "./messages";
import { compileFilter, parseSelect } from "./odata";
import { messageJson, stripSelectOnly } from "./serialize";

/**
 * Incremental sync of one folder's messages (`GET .../mailFolders/{id}/messages/delta`), as Graph
 * does it: the first round returns what is there, later rounds what was created, updated or
 * removed since; pages end in `@odata.nextLink` ($skiptoken), the last in `@odata.deltaLink`
 * ($deltatoken). A round covers the changes up to the moment it started, paged by change sequence,
 * so an item changed while a client pages is not returned twice in that round but in the next.
 */

const CHANGE_TYPES = ["created", "updated", "deleted"];

interface DeltaState {
  /** User and folder the state belongs to. */
  u: string;
  f: string;
  /** Changes after `s` and up to `t` belong to this round; `c` is the paging cursor within it. */
  s: number;
  t: number;
  c: number;
  /** changeType filter, $select, and the receivedDateTime restriction. */
  ct?: string;
  sel?: string[];
  flt?: string;
  /** When the link was issued (sandbox clock, ms) and the token generation then. */
  i?: number;
  g?: number;
}

/** A link's token: the state, stamped with when it was issued. */
function encode(ctx: RouteContext, state: DeltaState): string {
  const stamped = { ...state, i: ctx.clock.now(), g: ctx.store.delta.generation };
  return Buffer.from(JSON.stringify(stamped)).toString("base64url");
}

/** The first request of a round with the same options: where a client restarts after a sync reset. */
function restartLink(ctx: RouteContext, s: DeltaState): string {
  const query: string[] = [];
  if (s.sel) query.push(`$select=${s.sel.map(encodeURIComponent).join(",")}`);
  if (s.ct) query.push(`changeType=${encodeURIComponent(s.ct)}`);
  if (s.flt) query.push(`$filter=${encodeURIComponent(s.flt)}`);
  query.push("$deltatoken=");
  return `${ctx.origin}${new URL(ctx.req.url ?? "/", "http://x").pathname}?${query.join("&")}`;
}

/** Outlook's answer to a sync state it does not have (any more): 410 Gone, SyncStateNotFound. */
function syncStateNotFound(ctx: RouteContext, s?: DeltaState): GraphError {
  const delta = ctx.store.delta;
  const message =
    s?.g === undefined
      ? "The sync state generation is invalid or has expired; start a full synchronization again."
      : `The sync state generation is not found; generation=${s.g};[highest=${delta.generation}].`;
  const headers: Record<string, string> =
    s?.g !== undefined && s.g < delta.locationBelow ? { Location: restartLink(ctx, s) } : {};
  return new GraphError(410, "SyncStateNotFound", message, headers);
}

function decode(ctx: RouteContext, token: string, userId: string, folderId: string): DeltaState {
  let s: DeltaState | undefined;
  try {
    s = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as DeltaState;
  } catch {
    /* falls through */
  }
  const valid =
    typeof s === "object" &&
    s !== null &&
    s.u === userId &&
    s.f === folderId &&
    [s.s, s.t, s.c, s.i ?? 0, s.g ?? 0].every(Number.isSafeInteger) &&
    (s.ct === undefined || CHANGE_TYPES.includes(s.ct)) &&
    (s.flt === undefined || typeof s.flt === "string") &&
    (s.sel === undefined || (Array.isArray(s.sel) && s.sel.every((p) => typeof p === "string")));
  if (!valid) throw syncStateNotFound(ctx);
  const { expiredBelow, lifetimeMs } = ctx.store.delta;
  if ((s!.g ?? 0) < expiredBelow || ctx.clock.now() - (s!.i ?? 0) > lifetimeMs) throw syncStateNotFound(ctx, s);
  return s!;
}

function pageSize(ctx: RouteContext): number {
  const prefer = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(String(ctx.req.headers.prefer ?? ""));
  const top = ctx.query.get("$top");
  const n = prefer ? Number(prefer[1]) : top ? Number(top) : 10;
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw badRequest(`The page size ${prefer?.[1] ?? top} is out of range; use 1 to 1000.`);
  const size = Math.min(n, ctx.maxPageSize ?? n);
  if (prefer) applyPreference(ctx, `odata.maxpagesize=${size}`);
  return size;
}

function firstState(ctx: RouteContext, mb: Mailbox, folderId: string): DeltaState {
  const ct = ctx.query.get("changeType") ?? undefined;
  if (ct && !CHANGE_TYPES.includes(ct)) throw badRequest(`changeType must be one of ${CHANGE_TYPES.join(", ")}.`);
  const flt = ctx.query.get("$filter") ?? undefined;
  if (flt && !/^\s*receivedDateTime\s+(ge|gt)\s+\S+\s*$/i.test(flt)) {
    throw badRequest(
      "Delta query on messages supports only $filter=receivedDateTime ge|gt {value}.",
      "ErrorInvalidUrlQueryFilter",
    );
  }
  if (flt) compileFilter(flt, "microsoft.graph.message");
  return {
    u: mb.userId,
    f: folderId,
    s: 0,
    t: mb.seq,
    c: 0,
    ct,
    sel: parseSelect(ctx.query, "microsoft.graph.message"),
    flt,
  };
}

function delta(ctx: RouteContext): void {
  const { mailbox } = mailboxOf(ctx, "read");
  const folderId = scopedFolderId(ctx, mailbox)!;
  const skipToken = ctx.query.get("$skiptoken");
  const deltaToken = ctx.query.get("$deltatoken");
  let state: DeltaState;
  if (skipToken) state = decode(ctx, skipToken, mailbox.userId, folderId);
  else if (deltaToken) {
    const previous = decode(ctx, deltaToken, mailbox.userId, folderId);
    state = { ...previous, s: previous.t, t: mailbox.seq, c: previous.t };
  } else state = firstState(ctx, mailbox, folderId);

  const size = pageSize(ctx);
  const matches = state.flt ? compileFilter(state.flt, "microsoft.graph.message") : () => true;
  const pref = bodyPreference(ctx);
  type Entry = { seq: number; json: Record<string, unknown> };
  const entries: Entry[] = [];
  for (const m of mailbox.messages.values()) {
    if (m.folderId !== folderId || m.seq <= state.c || m.seq > state.t) continue;
    const created = m.createdSeq > state.s;
    if (state.ct === "deleted" || (state.ct === "created" && !created) || (state.ct === "updated" && created)) continue;
    const json = messageJson(m, pref);
    if (!matches(json)) continue;
    const projected = state.sel
      ? Object.fromEntries(
          Object.entries(json).filter(([k]) => k === "@odata.etag" || k === "id" || state.sel!.includes(k)),
        )
      : stripSelectOnly(json, undefined);
    entries.push({ seq: m.seq, json: { "@odata.type": "#microsoft.graph.message", ...projected } });
  }
  // Removals are news only to a client that has synced before.
  if (state.s > 0 && (!state.ct || state.ct === "deleted")) {
    for (const t of mailbox.tombstones) {
      if (t.folderId === folderId && t.seq > state.c && t.seq <= state.t)
        entries.push({
          seq: t.seq,
          json: {
            "@odata.type": "#microsoft.graph.message",
            id: pref.immutableIds ? (t.immutableId ?? t.id) : t.id,
            "@removed": { reason: "deleted" },
          },
        });
    }
  }
  entries.sort((a, b) => a.seq - b.seq);
  const page = entries.slice(0, size);
  const more = entries.length > size;
  // Links name the function without its call parentheses ("delta()" asked, "delta" linked), as Graph's do.
  const path = new URL(ctx.req.url ?? "/", "http://x").pathname.replace(/\/delta\(\)$/i, "/delta");
  const body: Record<string, unknown> = {
    "@odata.context": odataContext(ctx, `Collection(message)`),
    value: page.map((e) => e.json),
  };
  if (more)
    body["@odata.nextLink"] =
      `${ctx.origin}${path}?$skiptoken=${encode(ctx, { ...state, c: page[page.length - 1].seq })}`;
  else body["@odata.deltaLink"] = `${ctx.origin}${path}?$deltatoken=${encode(ctx, { ...state, c: state.t })}`;
  ctx.log.returned = page.length;
  sendJson(ctx.res, 200, body);
}

export function registerDeltaRoutes(router: Router): void {
  router.add("graph", "GET", "/users/{user-id}/mailFolders/{mailFolder-id}/messages/delta", delta);
  router.add(
    "graph",
    "GET",
    "/users/{user-id}/mailFolders/{mailFolder-id}/childFolders/{childFolder-id}/messages/delta",
    delta,
  );
}
