import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Handler, RouteContext, Router } from "../router";
import { calendarIndex, weekView } from "./calendar";
import { controlAction, controlsView, lifecycleAction } from "./controls";
import { refusal } from "./guard";
import { liveStream } from "./live";
import { mailboxView, overview } from "./mailboxes";
import { attachmentDownload, inlineImage, messageBody, messageMime, messageView } from "./message";
import { requestsView } from "./requests";
import { COMMON_HEADERS, sendText } from "./respond";
import type { UiState } from "./state";
import { subscriptionsView } from "./subscriptions";

/**
 * The sandbox's web UI at /_sandbox/ui, on the sandbox's own port: mailboxes, folders and messages,
 * calendars by week, subscriptions and their deliveries, the request log, and the fault, throttling
 * and latency controls, updated live. Server-rendered HTML with one small script and one stylesheet,
 * both served from here (no other origin is ever contacted). Loopback only; see guard.ts.
 */

type UiHandler = (state: UiState, ctx: RouteContext) => void | Promise<void>;

const ASSET_TYPES: Record<string, string> = {
  "ui.css": "text/css; charset=utf-8",
  "ui.js": "text/javascript; charset=utf-8",
};
const assetCache = new Map<string, Buffer>();

function asset(_state: UiState, ctx: RouteContext): void {
  const name = ctx.params.name;
  const type = ASSET_TYPES[name];
  if (!type) return sendText(ctx.res, 404, "No such asset.");
  let data = assetCache.get(name);
  if (!data) assetCache.set(name, (data = readFileSync(join(__dirname, "assets", name))));
  ctx.res.writeHead(200, { "Content-Type": type, "Content-Length": String(data.length), ...COMMON_HEADERS });
  ctx.res.end(data);
}

function guarded(state: () => UiState, handler: UiHandler): Handler {
  return (ctx) => {
    const refused = refusal(ctx);
    if (refused) return sendText(ctx.res, 403, refused);
    return handler(state(), ctx);
  };
}

const PAGES: [string, string, UiHandler][] = [
  ["GET", "", overview],
  ["GET", "/mailboxes/{user}", mailboxView],
  ["GET", "/mailboxes/{user}/messages/{message}", messageView],
  ["GET", "/mailboxes/{user}/messages/{message}/body", messageBody],
  ["GET", "/mailboxes/{user}/messages/{message}/mime", messageMime],
  ["GET", "/mailboxes/{user}/messages/{message}/attachments/{attachment}", attachmentDownload],
  ["GET", "/mailboxes/{user}/messages/{message}/attachments/{attachment}/image", inlineImage],
  ["GET", "/calendars", calendarIndex],
  ["GET", "/calendars/{user}", weekView],
  ["GET", "/subscriptions", subscriptionsView],
  ["POST", "/subscriptions/{id}/lifecycle", lifecycleAction],
  ["GET", "/requests", requestsView],
  ["GET", "/controls", controlsView],
  ["POST", "/controls/{action}", controlAction],
  ["GET", "/live", liveStream],
  ["GET", "/assets/{name}", asset],
];

/** Registers the UI's routes; `state` is read when a request arrives (the sandbox's core, once built). */
export function registerUiRoutes(router: Router, state: () => UiState): void {
  for (const [method, path, handler] of PAGES)
    router.add("sandbox", method, `/_sandbox/ui${path}`, guarded(state, handler), { inSchema: false });
}
