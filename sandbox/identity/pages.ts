import { sendBytes } from "../http";
import type { RouteContext } from "../router";

/**
 * The identity platform's few HTML pages (sign-in form, device login, sign-out): plain, escaped, no scripts but one.
 */

export function html(ctx: RouteContext, status: number, title: string, body: string): void {
  const page =
    `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head>` +
    `<body><h1>${esc(title)}</h1>${body}</body></html>`;
  sendBytes(ctx.res, status, "text/html; charset=utf-8", Buffer.from(page));
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
