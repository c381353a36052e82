import { sendJson } from "./http";
import type { Router } from "./router";

/**
 * Sandbox control endpoints under /_sandbox (not Graph): for command-line users and tools that run
 * the sandbox in another process. In-process callers use the Sandbox object instead.
 */
export function registerSandboxRoutes(router: Router): void {
  const opts = { inSchema: false };
  router.add("sandbox", "GET", "/_sandbox/health", (ctx) => sendJson(ctx.res, 200, { status: "ok", now: ctx.clock.iso() }), opts);
  router.add("sandbox", "POST", "/_sandbox/clock/advance", (ctx) => {
    const body = JSON.parse(ctx.body.toString("utf8") || "{}") as { seconds?: number };
    ctx.clock.advance((body.seconds ?? 0) * 1000);
    sendJson(ctx.res, 200, { now: ctx.clock.iso() });
  }, opts);
  router.add("sandbox", "GET", "/_sandbox/outbound", (ctx) => sendJson(ctx.res, 200, { value: ctx.store.outbound }), opts);
}
