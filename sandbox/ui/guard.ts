import type { RouteContext } from "../router";

/**
 * Who may use the web UI: it needs no login because it answers only on loopback, and only to a
 * Host header naming the sandbox itself (a web page elsewhere that rebinds its own name to
 * 127.0.0.1 gets nothing). Controls that change the sandbox take POST from the UI's own pages only:
 * a request a browser marks as cross-site (Sec-Fetch-Site) or from another origin (Origin) is refused.
 */

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3})$/i;

/** Why a request may not see the UI, or undefined when it may. */
export function refusal(ctx: RouteContext): string | undefined {
  const peer = ctx.req.socket.remoteAddress ?? "";
  if (!LOOPBACK.test(peer)) return "The sandbox's web UI answers on loopback only.";
  const host = ctx.req.headers.host;
  if (typeof host !== "string" || new URL(ctx.origin).host.toLowerCase() !== host.trim().toLowerCase())
    return "The sandbox's web UI answers only to its own host names (localhost, 127.0.0.1, [::1]).";
  return undefined;
}

/** Why a state-changing request is refused as cross-site, or undefined when it comes from the UI itself. */
export function crossSiteRefusal(ctx: RouteContext): string | undefined {
  const site = ctx.req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin") return `Refused a ${String(site)} request: use the UI's own page.`;
  const origin = ctx.req.headers.origin;
  if (origin !== undefined && origin !== ctx.origin)
    return "Refused a request from another origin: use the UI's own page.";
  return undefined;
}
