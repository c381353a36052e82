import { GraphError, badRequest, notFound, sendJson } from "../http";
import { checkMailboxAccess, type MailAccess, type Workload } from "../permissions";
import type { RouteContext } from "../router";
import { graphSchema } from "../schema";
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
 * Parses a JSON request body and checks it against a Graph type: unknown properties, wrong value
 * types and unknown enum members get Graph's 400 answers. Keys are matched as declared; Graph's
 * action parameters (e.g. sendMail's "Message") are matched without regard to case.
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
  if (!/^application\/json\b/i.test(type)) {
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
  if (typeName) checkValue(value, { name: typeName, collection: false }, typeName);
  return value as Record<string, unknown>;
}

/** The parameters of a bound action, with each parameter's value checked against its declared type. */
export function readActionParameters(
  ctx: RouteContext,
  bindingType: string,
  action: string,
  options: { required?: boolean } = {},
): Record<string, unknown> {
  const body = readJson(ctx, undefined, options);
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
    checkValue(value, param[1], param[0]);
    out[param[0].charAt(0).toLowerCase() + param[0].slice(1)] = value;
  }
  return out;
}

function typeError(message: string): GraphError {
  return new GraphError(400, "RequestBodyRead", message);
}

type ValueType = { name: string; collection: boolean };

/** How deeply a request body may nest objects and arrays. */
const MAX_BODY_DEPTH = 64;

function checkValue(value: unknown, type: ValueType, where: string, depth = 0): void {
  if (value === null) return;
  if (depth > MAX_BODY_DEPTH) throw typeError(`The request body nests more than ${MAX_BODY_DEPTH} levels deep.`);
  if (type.collection) return checkCollection(value, type, where, depth);
  if (type.name.startsWith("Edm.")) return checkPrimitive(value, type.name, where);
  const members = graphSchema().enums.get(type.name);
  if (members) return checkEnum(value, members);
  checkStructured(value, type.name, where, depth);
}

function checkCollection(value: unknown, type: ValueType, where: string, depth: number): void {
  if (!Array.isArray(value)) {
    const node = typeof value === "object" ? "StartObject" : "PrimitiveValue";
    throw typeError(
      `A node of type '${node}' was read from the JSON reader when trying to read the contents of the property ` +
        `'${where}'; however, a 'StartArray' node was expected.`,
    );
  }
  for (const v of value) checkValue(v, { name: type.name, collection: false }, where, depth + 1);
}

/** Whether a JSON value can be read as an Edm primitive ("Edm.Binary" is checked apart, for its own error). */
const PRIMITIVE_CHECKS: Record<string, (value: unknown) => boolean> = {
  "Edm.String": (v) => typeof v === "string",
  "Edm.Boolean": (v) => typeof v === "boolean",
  "Edm.Int32": (v) => typeof v === "number" && Number.isInteger(v),
  "Edm.Int64": (v) => typeof v === "number" && Number.isInteger(v),
  "Edm.Double": (v) => typeof v === "number",
  "Edm.DateTimeOffset": (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
  "Edm.Guid": (v) => typeof v === "string",
  "Edm.Duration": (v) => typeof v === "string",
  "Edm.Date": (v) => typeof v === "string",
  "Edm.TimeOfDay": (v) => typeof v === "string",
};

function checkPrimitive(value: unknown, name: string, where: string): void {
  if (name === "Edm.Binary") {
    if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value.replace(/\s/g, ""))) {
      throw new GraphError(
        400,
        "ErrorMimeContentInvalidBase64String",
        `The value of '${where}' is not a valid base64 string.`,
      );
    }
    return;
  }
  const check = PRIMITIVE_CHECKS[name];
  if (!check || check(value)) return;
  if (name === "Edm.String")
    throw typeError(`Cannot convert a primitive value to the expected type 'Edm.String' for '${where}'.`);
  throw typeError(`Cannot convert the literal '${String(value)}' to the expected type '${name}'.`);
}

/** Flags enums (e.g. mailTipsType) take a comma-separated list of members. */
function checkEnum(value: unknown, members: string[]): void {
  const given = typeof value === "string" ? value.split(",").map((v) => v.trim().toLowerCase()) : [];
  if (!given.length || !given.every((g) => members.some((m) => m.toLowerCase() === g))) {
    throw typeError(`Requested value '${String(value)}' was not found.`);
  }
}

/** The type an object declares with "@odata.type" (it must derive from the declared one), or the declared one. */
function actualType(record: Record<string, unknown>, name: string): string {
  const declared = record["@odata.type"];
  if (typeof declared !== "string") return name;
  const derived = declared.replace(/^#/, "");
  const schema = graphSchema();
  if (!schema.types.has(derived) || !schema.isA(derived, name)) {
    throw typeError(
      `A type named '${derived}' could not be resolved by the model. When a model is available, each type name ` +
        "must resolve to a valid type.",
    );
  }
  return derived;
}

function checkStructured(value: unknown, name: string, where: string, depth: number): void {
  if (typeof value !== "object" || Array.isArray(value)) {
    throw typeError(
      "A node of type 'PrimitiveValue' was read from the JSON reader when trying to read the contents of " +
        `'${where}'; however, a 'StartObject' node was expected.`,
    );
  }
  const record = value as Record<string, unknown>;
  const actual = actualType(record, name);
  const props = graphSchema().propertiesOf(actual);
  const navs = graphSchema().navigationOf(actual);
  for (const [key, v] of Object.entries(record)) {
    if (key.startsWith("@odata.") || key.includes("@odata.")) continue;
    const prop = props.get(key) ?? navs.get(key);
    if (!prop) {
      throw badRequest(
        `The property '${key}' does not exist on type '${actual}'. Make sure to only use property names that are ` +
          "defined by the type or mark the type as open type.",
      );
    }
    checkValue(v, prop, key, depth + 1);
  }
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
