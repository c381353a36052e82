import { sendJson } from "./http";
import type { Router } from "./router";

/**
 * Sandbox control endpoints under /_sandbox (not Graph): for command-line users and tools that run
 * the sandbox in another process. In-process callers use the Sandbox object instead.
 */
export function registerSandboxRoutes(router: Router): void {
  const opts = { inSchema: false };
  router.add(
    "sandbox",
    "GET",
    "/_sandbox/health",
    (ctx) => sendJson(ctx.res, 200, { status: "ok", now: ctx.clock.iso() }),
    opts,
  );
  router.add(
    "sandbox",
    "POST",
    "/_sandbox/clock/advance",
    (ctx) => {
      const body = JSON.parse(ctx.body.toString("utf8") || "{}") as { seconds?: number };
      ctx.clock.advance((body.seconds ?? 0) * 1000);
      sendJson(ctx.res, 200, { now: ctx.clock.iso() });
    },
    opts,
  );
  router.add(
    "sandbox",
    "GET",
    "/_sandbox/outbound",
    (ctx) => sendJson(ctx.res, 200, { value: ctx.store.outbound }),
    opts,
  );
  // Lifecycle notifications on demand: {"event": "reauthorizationRequired" | "subscriptionRemoved" | "missed"}, or
  // {"lose": N}.
  router.add(
    "sandbox",
    "POST",
    "/_sandbox/subscriptions/{id}/lifecycle",
    (ctx) => {
      const body = JSON.parse(ctx.body.toString("utf8") || "{}") as {
        event?: "reauthorizationRequired" | "subscriptionRemoved" | "missed";
        lose?: number;
      };
      if (!ctx.notifier.subscriptions.has(ctx.params.id)) {
        sendJson(ctx.res, 404, { error: { code: "ResourceNotFound", message: "No such subscription." } });
        return;
      }
      if (body.lose) ctx.notifier.lose(ctx.params.id, body.lose);
      if (body.event) ctx.notifier.lifecycle(ctx.params.id, body.event);
      sendJson(ctx.res, 202, { accepted: true });
    },
    opts,
  );
}
