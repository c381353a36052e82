import { GraphError, badRequest, notFound, sendJson } from "../http";
import { checkMailboxAccess, type MailAccess, type Workload } from "../permissions";
import type { RouteContext } from "../router";
import { graphSchema } from "../schema";
import { normalizeValue } from "./bodyReader";
import type { Mailbox, SeedUser } from "../store";

/** The Graph service root as the caller addressed it, e.g. "https://127.0.0.1:4433/v1.0". */
export function serviceRoot(ctx: RouteContext): string {
  return `${ctx.origin}/v1.0`;
}

export function odataContext(ctx: RouteContext, fragment: string): string {
  return `${serviceRoot(ctx)}/$metadata#${fragment}`;
}

/** The user a "/users/{user-id}" path names, within the caller's tenant. */
export function targetUser(ctx: RouteContext, notFoundAs: "directory" | "mail"): SeedUser {
  const key = ctx.params["user-id"];
  const user = ctx.store.findUser(ctx.principal!.tenantId, key);
  if (!user) {
    if (notFoundAs === "directory") {
      throw new GraphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    throw new GraphError(404, "ErrorInvalidUser", `The requested user '${key}' is invalid.`);
  }
  return user;
}

export type { MailAccess, Workload } from "../permissions";

/**
 * The mailbox a route works on, after Graph's checks: the user exists in the caller's tenant
 * and has an Exchange mailbox; an app-only caller holds the application permission; a delegated
 * caller holds the scope, and for someone else's mailbox the *.Shared scope plus that mailbox's
 * full access (read, write) or send-as (send) right.
 */
export function mailboxOf(
  ctx: RouteContext,
  access: MailAccess,
  workload: Workload = "mail",
): { user: SeedUser; mailbox: Mailbox } {
  const user = targetUser(ctx, "mail");
  if (user.mailboxType === "none" || !ctx.store.mailboxes.has(user.id)) {
    throw new GraphError(
      404,
      "MailboxNotEnabledForRESTAPI",
      "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    );
  }
  checkMailboxAccess(ctx.store, ctx.principal!, user, access, workload);
  ctx.log.mailbox = user.userPrincipalName;
  return { user, mailbox: ctx.store.mailbox(user.id) };
}

const unreadablePayload = () =>
  badRequest(
    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON " +
      "format.",
  );

/**
 * Parses a JSON request body and reads it as a Graph type (see bodyReader.ts): property names and
 * enum members in any case come back in Graph's casing, primitives may come as strings; unknown
 * properties, wrong value types and unknown enum members get Graph's 400 answers.
 */
export function readJson(
  ctx: RouteContext,
  typeName?: string,
  options: { required?: boolean } = {},
): Record<string, unknown> {
  const required = options.required ?? true;
  if (ctx.body.length === 0) {
    if (!required) return {};
    throw badRequest("Empty Payload. JSON content expected.");
  }
  const type = String(ctx.req.headers["content-type"] ?? "");
  // Graph reads a JSON object sent without a JSON content type (clients that omit it, or send text/plain).
  const jsonAnyway = (!type || /^text\/plain\b/i.test(type)) && /^\s*\{/.test(ctx.body.toString("utf8", 0, 64));
  if (!/^application\/json\b/i.test(type) && !jsonAnyway) {
    throw new GraphError(
      415,
      "UnsupportedMediaType",
      `The content type '${type || "(none)"}' is not supported for this request; send application/json.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(ctx.body.toString("utf8"));
  } catch {
    throw unreadablePayload();
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw unreadablePayload();
  }
  if (typeName)
    return normalizeValue(value, { name: typeName, collection: false }, typeName) as Record<string, unknown>;
  return value as Record<string, unknown>;
}

/** The parameters of a bound action, by Graph's name for each (any case), each value read as its declared type. */
export function readActionParameters(
  ctx: RouteContext,
  bindingType: string,
  action: string,
  options: { required?: boolean } = {},
): Record<string, unknown> {
  return actionParametersOf(readJson(ctx, undefined, options), bindingType, action);
}

/** Reads an already parsed body as the parameters of a bound action. */
export function actionParametersOf(
  body: Record<string, unknown>,
  bindingType: string,
  action: string,
): Record<string, unknown> {
  const op = graphSchema()
    .operationsFor({ name: bindingType, collection: false })
    .concat(graphSchema().operationsFor({ name: bindingType, collection: true }))
    .find((o) => o.name === action);
  if (!op) throw new Error(`no action ${action} bound to ${bindingType} in the schema`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const param = [...op.parameters.entries()].find(([name]) => name.toLowerCase() === key.toLowerCase());
    if (!param)
      throw badRequest(
        `The parameter '${key}' in the request payload is not a valid parameter for the operation '${action}'.`,
      );
    out[param[0].charAt(0).toLowerCase() + param[0].slice(1)] = normalizeValue(value, param[1], param[0]);
  }
  return out;
}

export function sendEntity(
  ctx: RouteContext,
  status: number,
  contextFragment: string,
  entity: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  sendJson(ctx.res, status, { "@odata.context": odataContext(ctx, contextFragment), ...entity }, headers);
}

/** A required route parameter naming an item, checked before lookup. */
export function itemParam(ctx: RouteContext, name: string): string {
  const v = ctx.params[name];
  if (!v) throw badRequest(`Id is malformed.`, "ErrorInvalidIdMalformed");
  return v;
}

export { notFound };

/** Adds one preference to the answer's `Preference-Applied` header (several may apply to one request). */
export function applyPreference(ctx: RouteContext, value: string): void {
  const current = ctx.res.getHeader("Preference-Applied");
  const list = current ? String(current).split(/,\s*/) : [];
  if (!list.includes(value)) list.push(value);
  ctx.res.setHeader("Preference-Applied", list.join(", "));
}

/** Whether the request asks for immutable ids (`Prefer: IdType="ImmutableId"`); the answer says it applied. */
export function wantsImmutableIds(ctx: RouteContext): boolean {
  const prefer = String(ctx.req.headers.prefer ?? "");
  if (!/IdType\s*=\s*"?ImmutableId"?/i.test(prefer)) return false;
  applyPreference(ctx, 'IdType="ImmutableId"');
  return true;
}

/** `$expand` as navigation names with their nested options, e.g. ["attachments", "singleValue…($filter=…)"]. */
export function expandOption(ctx: RouteContext): { name: string; options: string }[] {
  let raw: string | undefined;
  for (const [k, v] of ctx.query) if (k.toLowerCase() === "$expand" || k.toLowerCase() === "expand") raw = v;
  if (!raw) return [];
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of raw) {
    if (c === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    if (c === "(") depth++;
    if (c === ")") depth--;
    current += c;
  }
  parts.push(current);
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      // A navigation name (a cast may lead it), then its options in parentheses; anything else is not OData.
      const m = /^([A-Za-z0-9_.]+(?:\/[A-Za-z0-9_.]+)?)\s*(?:\((.*)\))?$/s.exec(p);
      if (!m) throw new GraphError(400, "BadRequest", `Syntax error in $expand at '${p.slice(0, 100)}'.`);
      return { name: m[1], options: m[2] ?? "" };
    });
}

/**
 * The page size a list answers with: `Prefer: odata.maxpagesize=N` when the request sends it (said
 * applied, capped at 1,000 and the sandbox's own cap), else the collection's default.
 */
export function pageSizeOf(ctx: RouteContext, fallback: number): number {
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(String(ctx.req.headers.prefer ?? ""));
  if (!m) return fallback;
  const n = Math.min(Math.max(1, Number(m[1])), 1000, ctx.maxPageSize ?? 1000);
  applyPreference(ctx, `odata.maxpagesize=${n}`);
  return n;
}
