import { appendFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Clock } from "./clock";
import { GraphError, IdentityError, readBody, sendJson } from "./http";
import { guid } from "./ids";
import { Router, pathSegments, type Route, type RouteContext, type RouteKind } from "./router";
import { CERT_DIR, defaultSeed, readSeedFile } from "./seed";
import { Store, type Seed } from "./store";
import { InvalidTokenError, TokenIssuer, type Principal } from "./tokens";
import { Faults } from "./faults";
import { Notifier, type NotifierOptions } from "./notifier";
import { registerIdentityRoutes, identityErrorBody } from "./identity";
import { registerGraphRoutes } from "./graph";
import { registerUploadRoutes } from "./graph/uploads";
import { registerSandboxRoutes } from "./control";
import { graphSchema } from "./schema";
import { GRAPH_BODY_LIMIT } from "./limits";

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** A seed object, or the path of a seed file; the built-in seed when omitted. */
  seed?: Seed | string;
  /** Serve HTTPS with this certificate and key (PEM text or file paths). */
  tls?: { cert: string; key: string };
  /** Serve plain HTTP (MSAL refuses plain-HTTP authorities; Graph clients do not). */
  http?: boolean;
  latencyMs?: number;
  /** "outlook" enforces Outlook's per app and mailbox limits (4 concurrent requests, 10,000 per 10 minutes). */
  throttle?: "outlook" | "off";
  /** Fraction (0..1) of Graph requests answered 503 or 504 before they change anything. */
  faultRate?: number;
  /** Append one JSON line per request to this file. */
  requestLog?: string;
  /** Lifetime of issued access tokens in seconds (Graph's are 60 to 90 minutes). */
  tokenLifetimeSeconds?: number;
  /** Change notification delivery: first retry delay, attempts, longest wait. */
  notifications?: NotifierOptions;
  /** The most items a delta page carries, whatever the client prefers (Graph may return fewer than asked). */
  maxPageSize?: number;
}

export interface RequestRecord {
  time: string;
  method: string;
  path: string;
  query: string;
  status: number;
  durationMs: number;
  kind: RouteKind | "unknown";
  requestBytes: number;
  responseBytes: number;
  /** Whether the request carried an Authorization header. */
  authorization: boolean;
  requestId: string;
  appId?: string;
  [extra: string]: unknown;
}

export interface Sandbox {
  /** Base URL: identity at {url}/{tenant}/oauth2/v2.0/..., Graph at {url}/v1.0/... */
  url: string;
  /** Path of the PEM to trust, when serving HTTPS with the shipped development certificate. */
  ca?: string;
  port: number;
  store: Store;
  clock: Clock;
  tokens: TokenIssuer;
  faults: Faults;
  /** Subscriptions and change notifications. */
  notifier: Notifier;
  router: Router;
  /** Every request answered, oldest first. */
  requests: RequestRecord[];
  stop(): Promise<void>;
}

export async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  graphSchema(); // parse the schema before the first request, not during it
  const clock = new Clock();
  const seed = typeof options.seed === "string" ? readSeedFile(options.seed) : (options.seed ?? defaultSeed());
  const store = new Store(seed, clock);
  const tokens = new TokenIssuer(clock, options.tokenLifetimeSeconds ?? 3599);
  const faults = new Faults(clock, options.throttle ?? "off", options.faultRate ?? 0);
  const notifier = new Notifier(store, clock, tokens, options.notifications);
  const router = new Router();
  registerIdentityRoutes(router);
  registerGraphRoutes(router);
  registerUploadRoutes(router);
  registerSandboxRoutes(router);

  const requests: RequestRecord[] = [];
  const pem = (v: string) => (v.includes("-----BEGIN") ? v : readFileSync(v, "utf8"));
  const useTls = !options.http;
  const tls = options.tls
    ? { cert: pem(options.tls.cert), key: pem(options.tls.key) }
    : {
        cert: readFileSync(join(CERT_DIR, "server.pem"), "utf8"),
        key: readFileSync(join(CERT_DIR, "server-key.pem"), "utf8"),
      };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void handle(req, res);
  };
  const server = useTls ? https.createServer(tls, listener) : http.createServer(listener);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? "/", "http://sandbox");
    const requestId = guid();
    const clientRequestId = String(req.headers["client-request-id"] ?? requestId);
    const origin = `${useTls ? "https" : "http"}://${req.headers.host ?? "localhost"}`;
    const segments = pathSegments(url.pathname);
    const kind = classify(segments);
    const record: RequestRecord = {
      time: clock.iso(),
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
    res.setHeader("request-id", requestId);
    res.setHeader("client-request-id", clientRequestId);
    res.setHeader("Date", clock.date().toUTCString());
    res.setHeader("Cache-Control", "no-store, no-cache");
    if (kind === "graph" || kind === "upload") {
      res.setHeader(
        "x-ms-ags-diagnostic",
        JSON.stringify({
          ServerInfo: {
            DataCenter: "Sandbox",
            Slice: "E",
            Ring: "1",
            ScaleUnit: "000",
            RoleInstance: "SANDBOX",
            ADSiteName: "LOCAL",
          },
        }),
      );
      res.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
    const originalWrite = res.write.bind(res);
    const originalEnd = res.end.bind(res);
    // Count response bytes for the request log.
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) record.responseBytes += Buffer.byteLength(chunk as Buffer);
      return (originalWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== "function") record.responseBytes += Buffer.byteLength(chunk as Buffer);
      return (originalEnd as (...a: unknown[]) => http.ServerResponse)(chunk, ...rest);
    }) as typeof res.end;

    let release: (() => void) | undefined;
    const log: Record<string, unknown> = {};
    try {
      if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
      const ctx: RouteContext = {
        req,
        res,
        method: record.method,
        origin,
        params: {},
        query: url.searchParams,
        requestId,
        clientRequestId,
        store,
        clock,
        tokens,
        notifier,
        maxPageSize: options.maxPageSize,
        body: Buffer.alloc(0),
        log,
      };
      let routeSegments = kind === "graph" ? segments.slice(1) : segments;
      if (kind === "graph") {
        if (segments[0] !== "v1.0") throw new GraphError(400, "BadRequest", `Invalid version: ${segments[0] ?? ""}`);
        ctx.principal = authenticate(req);
        record.appId = ctx.principal.appId;
        routeSegments = resolveMe(routeSegments, ctx.principal);
      }
      const found = router.match(kind, record.method, routeSegments);
      if (!("route" in found)) {
        if (found.methodNotAllowed)
          throw new GraphError(
            405,
            "Request_BadRequest",
            `The HTTP method '${record.method}' is not allowed for this resource.`,
          );
        if (kind !== "graph") throw new GraphError(404, "NotFound", `No endpoint at ${url.pathname}.`);
        throw new GraphError(
          400,
          "BadRequest",
          `Resource not found for the segment '${routeSegments[routeSegments.length - 1] ?? ""}'.`,
        );
      }
      const route: Route = found.route;
      ctx.params = found.params;
      if (kind === "graph" || kind === "upload") {
        release = faults.admit({
          appId: record.appId ?? "upload",
          mailbox: mailboxKey(routeSegments),
          method: record.method,
          path: url.pathname,
          query: url.search,
          kind,
        });
        if (route.options.permissions) checkPermissions(ctx.principal!, route.options.permissions);
      }
      ctx.body = await readBody(req, route.options.bodyLimit ?? (kind === "graph" ? GRAPH_BODY_LIMIT : 1024 * 1024));
      record.requestBytes = ctx.body.length;
      await route.handler(ctx);
    } catch (err) {
      if (!res.headersSent) answerError(res, err, requestId, clientRequestId, clock);
      else res.destroy();
    } finally {
      release?.();
      Object.assign(record, log);
      record.status = res.statusCode;
      record.durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      requests.push(record);
      if (options.requestLog) appendFileSync(options.requestLog, JSON.stringify(record) + "\n");
    }
  }

  function authenticate(req: http.IncomingMessage): Principal {
    const header = req.headers.authorization ?? "";
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
    const challenge = {
      "WWW-Authenticate": `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
    };
    if (!token) throw new GraphError(401, "InvalidAuthenticationToken", "Access token is empty.", challenge);
    try {
      return tokens.verify(token);
    } catch (e) {
      if (e instanceof InvalidTokenError) throw new GraphError(401, "InvalidAuthenticationToken", e.message, challenge);
      throw e;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  // Upload URLs name the sandbox by another host name ("localhost" when Graph is reached at 127.0.0.1),
  // as Graph's point at outlook.office.com, so Graph clients do not attach their token to them.
  // Listen on IPv6 loopback too, so "localhost" reaches the sandbox whichever address it resolves to.
  const servers = [server];
  if ((options.host ?? "127.0.0.1") === "127.0.0.1") {
    const server6 = useTls ? https.createServer(tls, listener) : http.createServer(listener);
    await new Promise<void>((resolve) => {
      server6.once("error", () => resolve());
      server6.listen(address.port, "::1", () => {
        servers.push(server6);
        resolve();
      });
    });
  }
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${useTls ? "https" : "http"}://${host}:${address.port}`;
  const sockets = new Set<import("node:net").Socket>();
  for (const srv of servers) {
    srv.keepAliveTimeout = 30_000;
    srv.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
  }

  return {
    url,
    ca: useTls && !options.tls ? join(CERT_DIR, "ca.pem") : undefined,
    port: address.port,
    store,
    clock,
    tokens,
    faults,
    notifier,
    router,
    requests,
    stop: async () => {
      notifier.stop();
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
    },
  };
}

/** Which part of the sandbox answers a path: Graph (/v1.0, /beta), upload URLs, sandbox control, or the identity platform. */
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

function checkPermissions(p: Principal, perms: { app: string[]; delegated: string[] }): void {
  const held = p.kind === "app" ? p.roles : p.scopes;
  const needed = p.kind === "app" ? perms.app : perms.delegated;
  if (!needed.some((n) => held.includes(n))) {
    throw new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
  }
}

function answerError(
  res: http.ServerResponse,
  err: unknown,
  requestId: string,
  clientRequestId: string,
  clock: Clock,
): void {
  if (err instanceof IdentityError) {
    const { status, body } = identityErrorBody(err, requestId, clock);
    sendJson(res, status, body);
    return;
  }
  const e =
    err instanceof GraphError
      ? err
      : new GraphError(
          500,
          "generalException",
          "An internal server error occurred in the sandbox; the request was not processed.",
        );
  if (!(err instanceof GraphError) && process.env.SANDBOX_DEBUG) console.error(err);
  sendJson(
    res,
    e.status,
    {
      error: {
        code: e.code,
        message: e.message,
        innerError: { date: clock.iso(), "request-id": requestId, "client-request-id": clientRequestId },
      },
    },
    e.headers,
  );
}
