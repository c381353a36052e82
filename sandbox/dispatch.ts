import type * as http from "node:http";
import { answerError, type RequestIds } from "./answers";
import type { Clock } from "./clock";
import { ResetBeforeActing, type Admitted, type Faults } from "./faults";
import { GraphError, IdentityError, readBody } from "./http";
import { guid } from "./ids";
import { innerRequest, InnerResponse } from "./innerExchange";
import { GRAPH_BODY_LIMIT } from "./limits";
import type { Notifier } from "./notifier";
import type { SandboxOptions } from "./options";
import type { OriginPolicy } from "./origin";
import { checkRoutePermissions } from "./permissions";
import { countResponseBytes, type RequestLog, type RequestRecord } from "./recording";
import { captureResponse, deliverWithFault, type Capture } from "./responseFaults";
import { graphSchema } from "./schema";
import {
  pathSegments,
  type InnerAnswer,
  type InnerRequest,
  type Route,
  type RouteContext,
  type RouteKind,
  type Router,
} from "./router";
import type { Store } from "./store";
import { InvalidTokenError, type Principal, type TokenIssuer } from "./tokens";

/** What answering a request needs: the sandbox's state, its routes and its options. */
export interface SandboxCore {
  store: Store;
  clock: Clock;
  tokens: TokenIssuer;
  faults: Faults;
  notifier: Notifier;
  router: Router;
  log: RequestLog;
  options: SandboxOptions;
  useTls: boolean;
  /** Where links point (set once the sandbox listens). */
  origins?: OriginPolicy;
  /** Requests whose handler failed unexpectedly (answered 500 generalException). */
  stats: { internalErrors: number };
}

/** Graph's answer to a bearer token it cannot use. */
const CHALLENGE = {
  "WWW-Authenticate":
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
    'client_id="00000003-0000-0000-c000-000000000000"',
};

const GRAPH_DIAGNOSTIC = JSON.stringify({
  ServerInfo: {
    DataCenter: "Sandbox",
    Slice: "E",
    Ring: "1",
    ScaleUnit: "000",
    RoleInstance: "SANDBOX",
    ADSiteName: "LOCAL",
  },
});

/** One request on its way through the sandbox. */
interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  ids: RequestIds;
  record: RequestRecord;
  log: Record<string, unknown>;
  /** The status the client saw, when it is not the response object's (a reset, a raw write). */
  statusSeen?: number;
  /** For a request inside a batch: the batch's caller, whose token was verified once at the front door. */
  principal?: Principal;
}

/** A request that found its route and was admitted, ready to be answered. */
interface Prepared {
  ctx: RouteContext;
  route: Route;
  admitted?: Admitted;
}

/** The request listener: every request is classified, authenticated, routed, admitted and answered. */
export function createDispatcher(core: SandboxCore): http.RequestListener {
  return (req, res) => {
    void handle(core, req, res);
  };
}

async function handle(core: SandboxCore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const x = begin(core, req, res);
  let prepared: Prepared | undefined;
  let refused: unknown;
  try {
    prepared = prepare(core, x);
  } catch (err) {
    refused = err;
  }
  try {
    // Latency counts inside the request's concurrency slot: it was admitted on arrival.
    if (core.options.latencyMs) await new Promise((r) => setTimeout(r, core.options.latencyMs));
    if (!prepared) throw refused;
    await respond(core, x, prepared);
  } catch (err) {
    answer(core, x, err);
  } finally {
    prepared?.admitted?.release();
    Object.assign(x.record, x.log);
    x.record.status = x.statusSeen ?? (res.headersSent ? res.statusCode : 0);
    x.record.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    core.log.add(x.record);
  }
}

/** A client-request-id worth echoing: printable ASCII, at most 200 characters; else the request-id stands in. */
function clientRequestId(header: string | string[] | undefined, requestId: string): string {
  return typeof header === "string" && /^[\x21-\x7e][\x20-\x7e]{0,199}$/.test(header) ? header : requestId;
}

function begin(core: SandboxCore, req: http.IncomingMessage, res: http.ServerResponse): Exchange {
  const requestId = guid();
  const ids: RequestIds = { requestId, clientRequestId: clientRequestId(req.headers["client-request-id"], requestId) };
  const record: RequestRecord = {
    time: core.clock.iso(),
    method: req.method ?? "GET",
    path: "",
    query: "",
    status: 0,
    durationMs: 0,
    kind: "unknown",
    requestBytes: 0,
    responseBytes: 0,
    authorization: Boolean(req.headers.authorization),
    requestId,
  };
  req.on("error", () => undefined);
  res.setHeader("request-id", requestId);
  res.setHeader("client-request-id", ids.clientRequestId);
  res.setHeader("Date", core.clock.date().toUTCString());
  res.setHeader("Cache-Control", "no-store, no-cache");
  countResponseBytes(res, record);
  return { req, res, ids, record, log: {} };
}

/**
 * The request target as a URL: origin-form ("/v1.0/me"), or absolute-form ("https://host/v1.0/me",
 * whose host is ignored). Anything else (authority-form, "*", text no URL parser takes) is a 400.
 */
export function parseTarget(raw: string | undefined): URL {
  const target = raw ?? "/";
  try {
    if (target.startsWith("/")) return new URL(`http://sandbox${target}`);
    if (/^https?:\/\//i.test(target)) {
      const absolute = new URL(target);
      return new URL(`http://sandbox${absolute.pathname}${absolute.search}`);
    }
  } catch {
    // falls through to the 400
  }
  throw new GraphError(400, "BadRequest", "The request target is not a valid URL path.");
}

/** Classifies, authenticates, routes and admits a request; throws the answer it gets instead. */
function prepare(core: SandboxCore, x: Exchange): Prepared {
  const url = parseTarget(x.req.url);
  const segments = pathSegments(url.pathname);
  const kind = classify(segments);
  Object.assign(x.record, { path: url.pathname, query: url.search, kind });
  if (kind === "graph" || kind === "upload") {
    x.res.setHeader("x-ms-ags-diagnostic", GRAPH_DIAGNOSTIC);
    x.res.setHeader("Strict-Transport-Security", "max-age=31536000");
  }
  const ctx = newContext(core, x, url);
  const routeSegments = graphSegments(core, ctx, kind, segments, x.record);
  const route = matchRoute(core, ctx, kind, routeSegments, url.pathname);
  if (kind !== "graph" && kind !== "upload") return { ctx, route };
  const admitted = core.faults.admit({
    appId: x.record.appId ?? "upload",
    mailbox: mailboxOwner(ctx),
    method: x.record.method,
    path: url.pathname,
    query: url.search,
    kind,
  });
  try {
    if (route.options.permissions) checkRoutePermissions(ctx.principal!, route.options.permissions);
  } catch (err) {
    admitted.release();
    throw err;
  }
  return { ctx, route, admitted };
}

/** Reads the body, runs the handler, and delivers its answer (through a fault, when one was drawn). */
async function respond(core: SandboxCore, x: Exchange, p: Prepared): Promise<void> {
  const after = p.admitted?.after;
  const capture = after ? captureResponse(x.res) : undefined;
  try {
    const limit = p.route.options.bodyLimit ?? (p.route.kind === "graph" ? GRAPH_BODY_LIMIT : 1024 * 1024);
    p.ctx.body = await readBody(x.req, limit, core.options.requestTimeoutMs);
    x.record.requestBytes = p.ctx.body.length;
    await p.route.handler(p.ctx);
  } catch (err) {
    answer(core, x, err);
  }
  if (capture && after) await faulty(core, x, capture, after);
}

/** Delivers the captured answer with the fault drawn at admission, and records both. */
async function faulty(core: SandboxCore, x: Exchange, capture: Capture, fault: NonNullable<Admitted["after"]>) {
  if (!capture.answer.ended) {
    capture.restore();
    throw new Error("the handler returned without answering");
  }
  x.log.fault = fault.kind;
  x.log.actedStatus = capture.answer.status;
  const outcome = await deliverWithFault(x.res, capture, fault);
  x.record.responseBytes += outcome.rawBodyBytes;
  if (fault.kind === "gatewayTimeout") {
    const message = "The gateway timed out waiting for the service; the request may have been carried out.";
    answerError(x.res, new GraphError(504, "GatewayTimeout", message), x.ids, core.clock);
  } else x.statusSeen = outcome.status;
}

/** Answers a failure: Graph's or Entra's error body, a reset for `resetNext`, nothing once headers went out. */
function answer(core: SandboxCore, x: Exchange, err: unknown): void {
  if (err instanceof ResetBeforeActing) {
    x.log.fault = "resetBeforeActing";
    x.statusSeen = 0;
    x.res.socket?.destroy();
    return;
  }
  if (x.res.headersSent || x.res.destroyed) {
    x.res.destroy();
    return;
  }
  if (!(err instanceof GraphError) && !(err instanceof IdentityError)) {
    core.stats.internalErrors++;
    x.log.internalError = true;
  }
  answerError(x.res, err, x.ids, core.clock);
}

function newContext(core: SandboxCore, x: Exchange, url: URL): RouteContext {
  const ctx: RouteContext = {
    req: x.req,
    res: x.res,
    method: x.req.method ?? "GET",
    origin: core.origins!.originFor(x.req.headers.host),
    params: {},
    query: url.searchParams,
    requestId: x.ids.requestId,
    clientRequestId: x.ids.clientRequestId,
    store: core.store,
    clock: core.clock,
    tokens: core.tokens,
    notifier: core.notifier,
    maxPageSize: core.options.maxPageSize,
    body: Buffer.alloc(0),
    log: x.log,
    principal: x.principal,
  };
  ctx.dispatchInner = (request) => dispatchInner(core, x, request, ctx.principal);
  return ctx;
}

/**
 * A request inside a JSON batch: authorised as the batch's caller (whose token the front door
 * verified once), routed, admitted (faults, Outlook's limits per app and mailbox) and answered as
 * a top-level request is, and recorded with `batch` naming the batch's request-id. No latency of
 * its own: it does not cross the network.
 * A fault that would lose the connection (a reset before or after acting, a truncated answer)
 * loses the batch's connection instead.
 */
async function dispatchInner(
  core: SandboxCore,
  outer: Exchange,
  request: InnerRequest,
  principal: Principal | undefined,
): Promise<InnerAnswer> {
  const started = process.hrtime.bigint();
  const res = new InnerResponse();
  // Relative to the version root ("/me/messages"); the Graph JS client's batch content keeps "/v1.0" in front.
  const relative = request.url.replace(/^\/?v1\.0(?=\/)/i, "");
  const url = `/v1.0${relative.startsWith("/") ? "" : "/"}${relative}`;
  const x = begin(core, innerRequest(outer.req, request, url), res.asServerResponse());
  x.record.batch = outer.ids.requestId;
  x.principal = principal;
  let prepared: Prepared | undefined;
  let reset = false;
  try {
    prepared = prepare(core, x);
    if (prepared.route.kind !== "graph" || !x.record.path.startsWith("/v1.0/") || /\/\$batch$/i.test(x.record.path))
      throw new GraphError(400, "BadRequest", "A request in a batch must name a Graph resource relative to /v1.0.");
    prepared.ctx.body = request.body;
    x.record.requestBytes = request.body.length;
    await runHandler(core, x, prepared);
    // A slow answer holds its slot until it is out, as a top-level one does.
    reset = await innerFault(core, x, res, prepared.admitted?.after);
  } catch (err) {
    if (err instanceof ResetBeforeActing) reset = true;
    else answer(core, x, err);
  } finally {
    prepared?.admitted?.release();
  }
  Object.assign(x.record, x.log, { status: reset ? 0 : res.statusCode });
  x.record.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  core.log.add(x.record);
  return { ...res.answer(), reset };
}

async function runHandler(core: SandboxCore, x: Exchange, prepared: Prepared): Promise<void> {
  try {
    await prepared.route.handler(prepared.ctx);
  } catch (err) {
    answer(core, x, err);
  }
}

/** A fault drawn for an inner request after it acted: a 504 in its place, a slow answer, or the batch's loss. */
async function innerFault(
  core: SandboxCore,
  x: Exchange,
  res: InnerResponse,
  fault: Admitted["after"],
): Promise<boolean> {
  if (!fault) return false;
  x.log.fault = fault.kind;
  x.log.actedStatus = res.statusCode;
  if (fault.kind === "slow") await new Promise((resolve) => setTimeout(resolve, fault.slowMs));
  if (fault.kind === "gatewayTimeout") {
    res.clear();
    const message = "The gateway timed out waiting for the service; the request may have been carried out.";
    answerError(x.res, new GraphError(504, "GatewayTimeout", message), x.ids, core.clock);
  }
  return fault.kind === "reset" || fault.kind === "resetMidResponse" || fault.kind === "truncate";
}

/** Graph paths lose their version segment, need a valid token, and have "/me" resolved to the signed-in user. */
function graphSegments(
  core: SandboxCore,
  ctx: RouteContext,
  kind: RouteKind,
  segments: string[],
  record: RequestRecord,
): string[] {
  if (kind !== "graph") return segments;
  if (segments[0] !== "v1.0") throw new GraphError(400, "BadRequest", `Invalid version: ${segments[0] ?? ""}`);
  ctx.principal ??= authenticate(ctx.req, core.tokens);
  record.appId = ctx.principal.appId;
  return resolveMe(segments.slice(1), ctx.principal);
}

/** The route for the request, with its parameters stored on the context; Graph's 400/404/405 when none fits. */
function matchRoute(
  core: SandboxCore,
  ctx: RouteContext,
  kind: RouteKind,
  segments: string[],
  pathname: string,
): Route {
  const found = core.router.match(kind, ctx.method, segments);
  if ("route" in found) {
    ctx.params = found.params;
    return found.route;
  }
  if (found.methodNotAllowed)
    throw new GraphError(
      405,
      "Request_BadRequest",
      `The HTTP method '${ctx.method}' is not allowed for this resource.`,
    );
  if (kind !== "graph") throw new GraphError(404, "NotFound", `No endpoint at ${pathname}.`);
  // Graph names the first segment it cannot resolve (a path it resolves but the sandbox lacks names the last).
  const unresolved = graphSchema().firstUnresolvedSegment(segments) ?? segments[segments.length - 1] ?? "";
  throw new GraphError(400, "BadRequest", `Resource not found for the segment '${unresolved}'.`);
}

function authenticate(req: http.IncomingMessage, tokens: TokenIssuer): Principal {
  const header = req.headers.authorization ?? "";
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  if (!token) throw new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.", CHALLENGE);
  try {
    return tokens.verify(token);
  } catch (e) {
    if (e instanceof InvalidTokenError) throw new GraphError(401, "InvalidAuthenticationToken", e.message, CHALLENGE);
    throw e;
  }
}

/** Which part of the sandbox answers a path: Graph (/v1.0, /beta), upload URLs, sandbox control, or identity. */
function classify(segments: string[]): RouteKind {
  const first = (segments[0] ?? "").toLowerCase();
  if (first === "v1.0" || first === "beta") return "graph";
  if (first === "upload") return "upload";
  if (first === "_sandbox") return "sandbox";
  return "identity";
}

/** "/me/..." becomes "/users/{signed-in user}/..."; with an app-only token Graph refuses it. */
function resolveMe(segments: string[], principal: Principal): string[] {
  if (segments[0]?.toLowerCase() !== "me") return segments;
  if (principal.kind === "app")
    throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
  return ["users", principal.userId!, ...segments.slice(1)];
}

/**
 * The mailbox a request works on, for Outlook's per-mailbox limits: the user a "{user-id}" names
 * (by id, UPN or address: one mailbox, one count), or "" when the path names no user.
 */
function mailboxOwner(ctx: RouteContext): string {
  const key = ctx.params["user-id"];
  if (!key) return "";
  const tenantId = ctx.principal?.tenantId;
  const user = tenantId ? ctx.store.findUser(tenantId, key) : ctx.store.users.get(key);
  return user?.id ?? key.toLowerCase();
}
