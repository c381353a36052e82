import { badRequest, GraphError, sendJson } from "./http";
import type { RouteContext, Router } from "./router";
import { MAX_ADVANCE_MS } from "./clock";

/**
 * Sandbox control endpoints under /_sandbox (not Graph): for command-line users and tools that run
 * the sandbox in another process. In-process callers use the Sandbox object instead. Every value is
 * checked: anything else gets Graph's 400 body, and the sandbox's state is left as it was.
 */

const LIFECYCLE_EVENTS = ["reauthorizationRequired", "subscriptionRemoved", "missed"] as const;

/** The request's JSON object (an empty body is an empty object). */
function controlBody(ctx: RouteContext): Record<string, unknown> {
  const text = ctx.body.toString("utf8").trim();
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest("The body must be a JSON object.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw badRequest("The body must be a JSON object.");
  return value as Record<string, unknown>;
}

function advanceClock(ctx: RouteContext): void {
  const body = controlBody(ctx);
  const seconds = body.seconds === undefined ? 0 : body.seconds;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds * 1000 > MAX_ADVANCE_MS) {
    throw badRequest(`seconds must be a number from 0 to ${MAX_ADVANCE_MS / 1000} (got ${JSON.stringify(seconds)}).`);
  }
  ctx.clock.advance(seconds * 1000);
  sendJson(ctx.res, 200, { now: ctx.clock.iso() });
}

/**
 * Lifecycle notifications on demand: {"event": "reauthorizationRequired" | "subscriptionRemoved" | "missed"}, or
 * {"lose": N}.
 */
function lifecycle(ctx: RouteContext): void {
  const body = controlBody(ctx);
  const { event, lose } = body;
  if (event !== undefined && !LIFECYCLE_EVENTS.includes(event as (typeof LIFECYCLE_EVENTS)[number]))
    throw badRequest(`event must be one of ${LIFECYCLE_EVENTS.join(", ")}.`);
  if (lose !== undefined && (typeof lose !== "number" || !Number.isInteger(lose) || lose < 0 || lose > 1_000_000))
    throw badRequest("lose must be a whole number from 0 to 1000000.");
  if (!ctx.notifier.subscriptions.has(ctx.params.id))
    throw new GraphError(404, "ResourceNotFound", "No such subscription.");
  if (lose) ctx.notifier.lose(ctx.params.id, lose);
  if (event) ctx.notifier.lifecycle(ctx.params.id, event as (typeof LIFECYCLE_EVENTS)[number]);
  sendJson(ctx.res, 202, { accepted: true });
}

/** Every delta and skip token issued so far expires: {"location": true} answers with a Location to restart from. */
function expireDeltaTokens(ctx: RouteContext): void {
  const { location } = controlBody(ctx);
  if (location !== undefined && typeof location !== "boolean") throw badRequest("location must be true or false.");
  ctx.store.expireDeltaTokens({ location: location === true });
  sendJson(ctx.res, 200, { expired: true });
}

export function registerSandboxRoutes(router: Router): void {
  const opts = { inSchema: false };
  const health = (ctx: RouteContext) => sendJson(ctx.res, 200, { status: "ok", now: ctx.clock.iso() });
  router.add("sandbox", "GET", "/_sandbox/health", health, opts);
  router.add("sandbox", "POST", "/_sandbox/clock/advance", advanceClock, opts);
  const outbound = (ctx: RouteContext) => sendJson(ctx.res, 200, { value: ctx.store.outbound });
  router.add("sandbox", "GET", "/_sandbox/outbound", outbound, opts);
  router.add("sandbox", "POST", "/_sandbox/subscriptions/{id}/lifecycle", lifecycle, opts);
  router.add("sandbox", "POST", "/_sandbox/delta/expire", expireDeltaTokens, opts);
}
