import type * as http from "node:http";
import { answerError, type RequestIds } from "./answers";
import type { Clock } from "./clock";
import type { Faults } from "./faults";
import { GraphError, readBody } from "./http";
import { guid } from "./ids";
import { GRAPH_BODY_LIMIT } from "./limits";
import type { Notifier } from "./notifier";
import type { SandboxOptions } from "./options";
import { checkRoutePermissions } from "./permissions";
import { countResponseBytes, type RequestLog, type RequestRecord } from "./recording";
import { pathSegments, type Route, type RouteContext, type RouteKind, type Router } from "./router";
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

/** The request listener: every request is classified, authenticated, routed, admitted and answered. */
export function createDispatcher(core: SandboxCore): http.RequestListener {
  return (req, res) => {
    void handle(core, req, res);
  };
}

async function handle(core: SandboxCore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const url = new URL(req.url ?? "/", "http://sandbox");
  const requestId = guid();
  const ids: RequestIds = { requestId, clientRequestId: String(req.headers["client-request-id"] ?? requestId) };
  const segments = pathSegments(url.pathname);
  const kind = classify(segments);
  const record = newRecord(core, req, url, kind, requestId);
  setStandardHeaders(core, res, kind, ids);
  countResponseBytes(res, record);
  let release: (() => void) | undefined;
  const log: Record<string, unknown> = {};
  try {
    if (core.options.latencyMs) await new Promise((r) => setTimeout(r, core.options.latencyMs));
    const ctx = newContext(core, req, res, url, ids, log);
    const routeSegments = graphSegments(core, ctx, kind, segments, record);
    const route = matchRoute(core, ctx, kind, routeSegments, url.pathname);
    if (kind === "graph" || kind === "upload") {
      release = core.faults.admit({
        appId: record.appId ?? "upload",
        mailbox: mailboxKey(routeSegments),
        method: record.method,
        path: url.pathname,
        query: url.search,
        kind,
      });
      if (route.options.permissions) checkRoutePermissions(ctx.principal!, route.options.permissions);
    }
    ctx.body = await readBody(req, route.options.bodyLimit ?? (kind === "graph" ? GRAPH_BODY_LIMIT : 1024 * 1024));
    record.requestBytes = ctx.body.length;
    await route.handler(ctx);
  } catch (err) {
    if (!res.headersSent) answerError(res, err, ids, core.clock);
    else res.destroy();
  } finally {
    release?.();
    Object.assign(record, log);
    record.status = res.statusCode;
    record.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    core.log.add(record);
  }
}

function newRecord(
  core: SandboxCore,
  req: http.IncomingMessage,
  url: URL,
  kind: RouteKind,
  requestId: string,
): RequestRecord {
  return {
    time: core.clock.iso(),
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.search,
    status: 0,
    durationMs: 0,
    kind,
    requestBytes: 0,
    responseBytes: 0,
    authorization: Boolean(req.headers.authorization),
    requestId,
  };
}

function setStandardHeaders(core: SandboxCore, res: http.ServerResponse, kind: RouteKind, ids: RequestIds): void {
  res.setHeader("request-id", ids.requestId);
  res.setHeader("client-request-id", ids.clientRequestId);
  res.setHeader("Date", core.clock.date().toUTCString());
  res.setHeader("Cache-Control", "no-store, no-cache");
  if (kind === "graph" || kind === "upload") {
    res.setHeader("x-ms-ags-diagnostic", GRAPH_DIAGNOSTIC);
    res.setHeader("Strict-Transport-Security", "max-age=31536000");
  }
}

function newContext(
  core: SandboxCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  ids: RequestIds,
  log: Record<string, unknown>,
): RouteContext {
  return {
    req,
    res,
    method: req.method ?? "GET",
    origin: `${core.useTls ? "https" : "http"}://${req.headers.host ?? "localhost"}`,
    params: {},
    query: url.searchParams,
    requestId: ids.requestId,
    clientRequestId: ids.clientRequestId,
    store: core.store,
    clock: core.clock,
    tokens: core.tokens,
    notifier: core.notifier,
    maxPageSize: core.options.maxPageSize,
    body: Buffer.alloc(0),
    log,
  };
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
  ctx.principal = authenticate(ctx.req, core.tokens);
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
  throw new GraphError(
    400,
    "BadRequest",
    `Resource not found for the segment '${segments[segments.length - 1] ?? ""}'.`,
  );
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

function mailboxKey(segments: string[]): string {
  return segments[0]?.toLowerCase() === "users" && segments[1] ? segments[1].toLowerCase() : "";
}
