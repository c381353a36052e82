import { GraphError, badRequest, sendJson } from "../http";
import type { RouteContext } from "../router";
import type { Mailbox } from "../store";
import { applyPreference, odataContext } from "./common";
import { selectProperties } from "./odata";

/**
 * Delta rounds for the collections other than a folder's messages (mail folders, contact folders,
 * contacts, events and calendar views), as Graph runs them: the first round returns what is there,
 * later rounds what was created, updated or removed since (`@removed`); pages end in
 * `@odata.nextLink` ($skiptoken), the last in `@odata.deltaLink` ($deltatoken). A round covers the
 * changes up to the moment it started, paged by change sequence; tokens expire as message ones do.
 */

export interface DeltaItem {
  id: string;
  seq: number;
  json: Record<string, unknown>;
}

export interface DeltaSource {
  /** What the tokens belong to (user and collection): a token for another collection is refused. */
  scope: string;
  /** `@odata.type` of the items, e.g. "#microsoft.graph.contact". */
  odataType: string;
  /** The @odata.context fragment, e.g. "Collection(contact)". */
  context: string;
  /** The collection's items now. */
  items(state: RoundState): DeltaItem[];
  /** Ids removed from the collection, with the sequence of their removal. */
  removed(): { id: string; seq: number }[];
  /** Query options the round keeps (the calendar view's window, $select), stored in its tokens. */
  options?: Record<string, string>;
}

export interface RoundState {
  /** Scope, round start and end sequences, paging cursor. */
  k: string;
  s: number;
  t: number;
  c: number;
  /** Kept query options. */
  o?: Record<string, string>;
  /** Issued at (sandbox clock) and token generation. */
  i?: number;
  g?: number;
}

function syncStateNotFound(ctx: RouteContext, s?: RoundState): GraphError {
  const message =
    s?.g === undefined
      ? "The sync state generation is invalid or has expired; start a full synchronization again."
      : `The sync state generation is not found; generation=${s.g};[highest=${ctx.store.delta.generation}].`;
  return new GraphError(410, "SyncStateNotFound", message);
}

function encode(ctx: RouteContext, state: RoundState): string {
  const stamped = { ...state, i: ctx.clock.now(), g: ctx.store.delta.generation };
  return Buffer.from(JSON.stringify(stamped)).toString("base64url");
}

function decode(ctx: RouteContext, token: string, scope: string): RoundState {
  let s: RoundState | undefined;
  try {
    s = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as RoundState;
  } catch {
    /* falls through */
  }
  const valid =
    typeof s === "object" &&
    s !== null &&
    s.k === scope &&
    [s.s, s.t, s.i ?? 0, s.g ?? 0].every(Number.isSafeInteger) &&
    Number.isFinite(s.c) &&
    (s.o === undefined || (typeof s.o === "object" && Object.values(s.o).every((v) => typeof v === "string")));
  if (!valid) throw syncStateNotFound(ctx);
  const { expiredBelow, lifetimeMs } = ctx.store.delta;
  if ((s!.g ?? 0) < expiredBelow || ctx.clock.now() - (s!.i ?? 0) > lifetimeMs) throw syncStateNotFound(ctx, s);
  return s!;
}

/** A query option by name, without regard to case or "$". */
export function queryValue(ctx: RouteContext, name: string): string | undefined {
  for (const [k, v] of ctx.query) if (k.toLowerCase().replace(/^\$/, "") === name.toLowerCase()) return v;
  return undefined;
}

/** `Prefer: odata.maxpagesize` (or $top), said applied; 10 by default, at most 1,000. */
export function deltaPageSize(ctx: RouteContext): number {
  const prefer = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(String(ctx.req.headers.prefer ?? ""));
  const top = queryValue(ctx, "top");
  const n = prefer ? Number(prefer[1]) : top ? Number(top) : 10;
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw badRequest(`The page size ${prefer?.[1] ?? top} is out of range; use 1 to 1000.`);
  const size = Math.min(n, ctx.maxPageSize ?? n);
  if (prefer) applyPreference(ctx, `odata.maxpagesize=${size}`);
  return size;
}

/** The round a request continues (from its token) or starts. */
export function roundOf(ctx: RouteContext, mb: Mailbox, scope: string, options?: Record<string, string>): RoundState {
  const skip = queryValue(ctx, "skiptoken");
  const delta = queryValue(ctx, "deltatoken");
  if (skip) return decode(ctx, skip, scope);
  if (delta) {
    const previous = decode(ctx, delta, scope);
    return { ...previous, s: previous.t, t: mb.seq, c: previous.t };
  }
  return { k: scope, s: 0, t: mb.seq, c: 0, o: options };
}

/** Answers one page of a delta round. */
export function answerDelta(ctx: RouteContext, mb: Mailbox, source: DeltaSource, state: RoundState): void {
  const size = deltaPageSize(ctx);
  const select = state.o?.select?.split(",").filter(Boolean);
  const entries: DeltaItem[] = [];
  for (const item of source.items(state)) {
    if (item.seq <= state.c || item.seq > state.t) continue;
    const json = select ? selectProperties(item.json, select) : item.json;
    entries.push({ ...item, json: { "@odata.type": source.odataType, ...json } });
  }
  if (state.s > 0) {
    for (const r of source.removed()) {
      if (r.seq > state.c && r.seq <= state.t)
        entries.push({
          id: r.id,
          seq: r.seq,
          json: { "@odata.type": source.odataType, id: r.id, "@removed": { reason: "deleted" } },
        });
    }
  }
  entries.sort((a, b) => a.seq - b.seq);
  const page = entries.slice(0, size);
  const path = new URL(ctx.req.url ?? "/", "http://x").pathname.replace(/\/delta\(\)$/i, "/delta");
  const body: Record<string, unknown> = {
    "@odata.context": odataContext(ctx, source.context),
    value: page.map((e) => e.json),
  };
  if (entries.length > size)
    body["@odata.nextLink"] =
      `${ctx.origin}${path}?$skiptoken=${encode(ctx, { ...state, c: page[page.length - 1].seq })}`;
  else body["@odata.deltaLink"] = `${ctx.origin}${path}?$deltatoken=${encode(ctx, { ...state, c: state.t })}`;
  ctx.log.returned = page.length;
  sendJson(ctx.res, 200, body);
}
