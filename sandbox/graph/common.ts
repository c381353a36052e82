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
    throw badRequest(
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest(
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
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

function checkValue(value: unknown, type: { name: string; collection: boolean }, where: string): void {
  if (value === null) return;
  if (type.collection) {
    if (!Array.isArray(value))
      throw typeError(
        `A node of type '${typeof value === "object" ? "StartObject" : "PrimitiveValue"}' was read from the JSON reader when trying to read the contents of the property '${where}'; however, a 'StartArray' node was expected.`,
      );
    for (const v of value) checkValue(v, { name: type.name, collection: false }, where);
    return;
  }
  const schema = graphSchema();
  const name = type.name;
  switch (name) {
    case "Edm.String":
      if (typeof value !== "string")
        throw typeError(`Cannot convert a primitive value to the expected type 'Edm.String' for '${where}'.`);
      return;
    case "Edm.Boolean":
      if (typeof value !== "boolean")
        throw typeError(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.Boolean'.`);
      return;
    case "Edm.Int32":
    case "Edm.Int64":
      if (typeof value !== "number" || !Number.isInteger(value))
        throw typeError(`Cannot convert the literal '${String(value)}' to the expected type '${name}'.`);
      return;
    case "Edm.Double":
      if (typeof value !== "number")
        throw typeError(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.Double'.`);
      return;
    case "Edm.DateTimeOffset":
      if (typeof value !== "string" || Number.isNaN(Date.parse(value)))
        throw typeError(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.DateTimeOffset'.`);
      return;
    case "Edm.Binary":
      if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value.replace(/\s/g, ""))) {
        throw new GraphError(
          400,
          "ErrorMimeContentInvalidBase64String",
          `The value of '${where}' is not a valid base64 string.`,
        );
      }
      return;
    case "Edm.Guid":
    case "Edm.Duration":
    case "Edm.Date":
    case "Edm.TimeOfDay":
      if (typeof value !== "string")
        throw typeError(`Cannot convert the literal '${String(value)}' to the expected type '${name}'.`);
      return;
  }
  if (name.startsWith("Edm.")) return;
  const members = schema.enums.get(name);
  if (members) {
    // Flags enums (e.g. mailTipsType) take a comma-separated list of members.
    const given = typeof value === "string" ? value.split(",").map((v) => v.trim().toLowerCase()) : [];
    if (!given.length || !given.every((g) => members.some((m) => m.toLowerCase() === g))) {
      throw typeError(`Requested value '${String(value)}' was not found.`);
    }
    return;
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    throw typeError(
      `A node of type 'PrimitiveValue' was read from the JSON reader when trying to read the contents of '${where}'; however, a 'StartObject' node was expected.`,
    );
  }
  const record = value as Record<string, unknown>;
  let actual = name;
  const declared = record["@odata.type"];
  if (typeof declared === "string") {
    const derived = declared.replace(/^#/, "");
    if (!schema.types.has(derived) || !schema.isA(derived, name)) {
      throw typeError(
        `A type named '${derived}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`,
      );
    }
    actual = derived;
  }
  const props = schema.propertiesOf(actual);
  const navs = schema.navigationOf(actual);
  for (const [key, v] of Object.entries(record)) {
    if (key.startsWith("@odata.") || key.includes("@odata.")) continue;
    const prop = props.get(key) ?? navs.get(key);
    if (!prop) {
      throw badRequest(
        `The property '${key}' does not exist on type '${actual}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
    checkValue(v, prop, key);
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
