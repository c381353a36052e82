import type { ServerResponse } from "node:http";
import type { RouteContext } from "../router";
import type { Html } from "./html";

/**
 * How the web UI answers: every page with a Content-Security-Policy that lets only the UI's own
 * script and stylesheet run (no inline script, no other origin), never framed by another site.
 */

const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const COMMON_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  // Not "no-referrer": with it, browsers send "Origin: null" on the UI's own form posts, which the
  // same-origin check must refuse (sandboxed documents send it too).
  "Referrer-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

export function sendHtml(res: ServerResponse, status: number, page: Html, headers: Record<string, string> = {}): void {
  const data = Buffer.from(page.text, "utf8");
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(data.length),
    "Content-Security-Policy": PAGE_POLICY,
    "X-Frame-Options": "DENY",
    ...COMMON_HEADERS,
    ...headers,
  });
  res.end(data);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  const data = Buffer.from(text, "utf8");
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(data.length),
    ...COMMON_HEADERS,
  });
  res.end(data);
}

/** After a control acted: back to the page it came from (POST, then redirect, then GET). */
export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, "Content-Length": "0", ...COMMON_HEADERS });
  res.end();
}

/** A body of bytes to save, never to render: whatever type the mail claimed, the browser downloads it. */
export function sendDownload(ctx: RouteContext, name: string, data: Buffer): void {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_") || "attachment";
  ctx.res.writeHead(200, {
    "Content-Type": "application/octet-stream",
    "Content-Length": String(data.length),
    "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    // No "sandbox" here: Chromium cancels downloads from sandboxed documents.
    "Content-Security-Policy": "default-src 'none'",
    ...COMMON_HEADERS,
  });
  ctx.res.end(data);
}
