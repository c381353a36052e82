import type { RouteContext } from "../router";
import { isUiRequest, type UiState } from "./state";

/**
 * Live updates: one server-sent event stream per open page. The sandbox looks every 250 ms for
 * anything a page shows having changed (requests answered other than the UI's own, deliveries,
 * subscriptions, mailbox changes, fault settings) and sends `change`; the page's script then
 * fetches itself again and swaps the parts marked live.
 */

const CHECK_MS = 250;
const KEEPALIVE_MS = 15_000;

interface Watch {
  /** Records of the request log looked at so far, and how many of them were the UI's own. */
  scanned: number;
  uiRequests: number;
  storeChanges: number;
}

const watches = new WeakMap<UiState["log"], Watch>();

function watchOf(state: UiState): Watch {
  let w = watches.get(state.log);
  if (!w) {
    const fresh: Watch = { scanned: 0, uiRequests: 0, storeChanges: 0 };
    state.store.on("change", () => fresh.storeChanges++);
    watches.set(state.log, (w = fresh));
  }
  return w;
}

/** Requests answered so far, the web UI's own left out. */
export function requestCount(state: UiState): number {
  const w = watchOf(state);
  const records = state.log.records;
  for (; w.scanned < records.length; w.scanned++) if (isUiRequest(records[w.scanned].path)) w.uiRequests++;
  return records.length - w.uiRequests;
}

/** A value that changes whenever something a page shows has changed (and not when only the UI asked). */
export function revision(state: UiState): string {
  const w = watchOf(state);
  const f = state.faults;
  const pending = f.pending();
  return [
    requestCount(state),
    w.storeChanges,
    state.notifier.deliveries.length,
    state.notifier.subscriptions.size,
    state.store.outbound.length,
    pending.before.length,
    pending.after.length,
    f.throttle,
    f.faultRate,
    f.afterRate,
    f.afterKinds.join(","),
    f.slowMs,
    state.options.latencyMs ?? 0,
  ].join("|");
}

/**
 * GET /_sandbox/ui/live?since=REVISION: `event: change` whenever the revision moves from the page's own
 * (at once when it already has); a comment now and then keeps the stream open.
 */
export function liveStream(state: UiState, ctx: RouteContext): Promise<void> {
  watchOf(state);
  const { res } = ctx;
  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.write(`retry: 2000\nevent: hello\ndata: ${revision(state)}\n\n`);
  // The revision the page was rendered at: whatever changed between rendering it and connecting counts.
  let last = ctx.query.get("since") ?? revision(state);
  let quiet = 0;
  return new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = revision(state);
      quiet += CHECK_MS;
      if (now !== last) {
        last = now;
        quiet = 0;
        res.write(`event: change\ndata: ${now}\n\n`);
      } else if (quiet >= KEEPALIVE_MS) {
        quiet = 0;
        res.write(": still here\n\n");
      }
    }, CHECK_MS);
    timer.unref();
    const done = () => {
      clearInterval(timer);
      if (!res.writableEnded) res.end();
      resolve();
    };
    // The response closes when the page goes away (or the sandbox stops); a request's own "close" comes earlier.
    res.once("close", done);
  });
}
