import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { join } from "node:path";
import { clientErrorAnswer } from "./answers";
import { addBulkMessages } from "./bulk";
import { Clock } from "./clock";
import { registerSandboxRoutes } from "./control";
import { createDispatcher, type SandboxCore } from "./dispatch";
import { Faults } from "./faults";
import { registerGraphRoutes } from "./graph";
import { registerUploadRoutes } from "./graph/uploads";
import { configureIdentity, registerIdentityRoutes } from "./identity";
import { guid } from "./ids";
import { Notifier } from "./notifier";
import { certificateHostNames, OriginPolicy } from "./origin";
import type { SandboxOptions } from "./options";
import { RequestLog, type RequestRecord } from "./recording";
import { Router } from "./router";
import { graphSchema } from "./schema";
import { CERT_DIR, defaultSeed, readSeedFile } from "./seed";
import { Store } from "./store";
import { TokenIssuer } from "./tokens";
import { registerUiRoutes } from "./ui";

export type { SandboxOptions } from "./options";
export type { RequestRecord } from "./recording";

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
  /** Requests whose handling failed unexpectedly (answered 500 generalException): a sandbox bug each. */
  readonly internalErrors: number;
  stop(): Promise<void>;
}

function newFaults(clock: Clock, options: SandboxOptions): Faults {
  const faults = new Faults(clock, options.throttle ?? "off", options.faultRate ?? 0);
  faults.afterRate = options.faultAfterRate ?? 0;
  if (options.faultKinds?.length) faults.afterKinds = [...options.faultKinds];
  if (options.faultBeforeKinds?.length) faults.beforeKinds = [...options.faultBeforeKinds];
  if (options.faultRetryAfterSeconds !== undefined) faults.retryAfterSeconds = options.faultRetryAfterSeconds;
  if (options.slowMs !== undefined) faults.slowMs = options.slowMs;
  return faults;
}

/** The sandbox's state and routes, before any socket is opened. */
function createCore(options: SandboxOptions): SandboxCore {
  graphSchema(); // parse the schema before the first request, not during it
  const clock = new Clock();
  const seed = typeof options.seed === "string" ? readSeedFile(options.seed) : (options.seed ?? defaultSeed());
  const store = new Store(seed, clock);
  configureIdentity(store, seed, options);
  for (const spec of options.messages ?? []) addBulkMessages(store, spec);
  if (options.deltaTokenLifetimeSeconds !== undefined)
    store.delta.lifetimeMs =
      options.deltaTokenLifetimeSeconds > 0 ? options.deltaTokenLifetimeSeconds * 1000 : Infinity;
  const tokens = new TokenIssuer(clock, options.tokenLifetimeSeconds ?? 3599);
  const router = new Router();
  registerIdentityRoutes(router);
  registerGraphRoutes(router);
  registerUploadRoutes(router);
  registerSandboxRoutes(router);
  registerUiRoutes(router, () => core);
  const core: SandboxCore = {
    store,
    clock,
    tokens,
    faults: newFaults(clock, options),
    notifier: new Notifier(store, clock, tokens, options.notifications),
    router,
    log: new RequestLog(options.requestLog),
    options,
    useTls: !options.http,
    stats: { internalErrors: 0 },
  };
  return core;
}

/** The certificate and key to serve: the given ones (PEM text or file paths), else the development certificate. */
function tlsMaterial(options: SandboxOptions): { cert: string; key: string } {
  const pem = (v: string) => (v.includes("-----BEGIN") ? v : readFileSync(v, "utf8"));
  if (options.tls) return { cert: pem(options.tls.cert), key: pem(options.tls.key) };
  return {
    cert: readFileSync(join(CERT_DIR, "server.pem"), "utf8"),
    key: readFileSync(join(CERT_DIR, "server-key.pem"), "utf8"),
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

/** A second server on IPv6 loopback and the same port, so "localhost" works whichever address it resolves to. */
async function listenOnIpv6Loopback(server: http.Server, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "::1", () => resolve(true));
  });
}

/** Remembers open sockets so that `stop()` can end keep-alive connections at once. */
function trackSockets(servers: http.Server[]): Set<Socket> {
  const sockets = new Set<Socket>();
  for (const srv of servers) {
    srv.on("connection", (s: Socket) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
  }
  return sockets;
}

/** Sockets already answered for a parse error (the parser reports every later chunk of a bad request too). */
const answeredSockets = new WeakSet<Duplex>();

/** A request Node's HTTP parser refused gets Graph's error body (and a line in the request log). */
function onClientError(core: SandboxCore, err: Error & { code?: string }, socket: Duplex): void {
  if (answeredSockets.has(socket)) return;
  answeredSockets.add(socket);
  const requestId = guid();
  const started = (socket as Duplex & { _httpMessage?: http.ServerResponse })._httpMessage;
  const reply = started?.headersSent
    ? undefined
    : clientErrorAnswer(err, { requestId, clientRequestId: requestId }, core.clock);
  if (reply && socket.writable) {
    // Read (and drop) what the client still sends, so the answer is not lost to a reset; then let go.
    socket.end(reply.bytes);
    socket.resume();
    setTimeout(() => socket.destroy(), 2000).unref();
  } else socket.destroy();
  core.log.add({
    time: core.clock.iso(),
    method: "",
    path: "",
    query: "",
    status: reply?.status ?? 0,
    durationMs: 0,
    kind: "unknown",
    requestBytes: 0,
    responseBytes: 0,
    authorization: false,
    requestId,
    clientError: err.code ?? err.message,
  });
}

/** Slow clients cannot hold a connection: headers and bodies must arrive within the request timeout. */
function newServer(core: SandboxCore, tls: { cert: string; key: string } | undefined): http.Server {
  const timeout = core.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const serverOptions = {
    connectionsCheckingInterval: Math.max(50, Math.min(1000, timeout / 4)),
    // Long enough for any URL a Graph client builds (and a $filter deep enough to be refused on its merits).
    maxHeaderSize: MAX_HEADER_BYTES,
  };
  const listener = createDispatcher(core);
  const server = tls
    ? https.createServer({ ...tls, ...serverOptions }, listener)
    : http.createServer(serverOptions, listener);
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = timeout;
  // Bodies have their own timer (a Graph-shaped 408); Node's own limit is the backstop.
  server.requestTimeout = timeout * 2;
  server.on("clientError", (err: Error & { code?: string }, socket: Duplex) => onClientError(core, err, socket));
  return server;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Host names links may carry: the serving certificate's (the development one's for plain HTTP), and the listen address.
 */
function originPolicy(core: SandboxCore, tls: { cert: string } | undefined, address: AddressInfo): OriginPolicy {
  const scheme = tls ? "https" : "http";
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const listenUrl = `${scheme}://${shownHost}:${address.port}`;
  const cert = tls?.cert ?? readFileSync(join(CERT_DIR, "server.pem"), "utf8");
  const fallback = core.options.publicUrl ? new URL(core.options.publicUrl).origin : listenUrl;
  return new OriginPolicy(scheme, address.port, fallback, [...certificateHostNames(cert), address.address]);
}

export async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  const core = createCore(options);
  const tls = core.useTls ? tlsMaterial(options) : undefined;
  const server = newServer(core, tls);
  const host = options.host ?? "127.0.0.1";
  await listen(server, options.port ?? 0, host);
  const address = server.address() as AddressInfo;
  const servers = [server];
  if (host === "127.0.0.1") {
    const server6 = newServer(core, tls);
    if (await listenOnIpv6Loopback(server6, address.port)) servers.push(server6);
  }
  const sockets = trackSockets(servers);
  core.origins = originPolicy(core, tls, address);
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `${tls ? "https" : "http"}://${shownHost}:${address.port}`,
    ca: tls && !options.tls ? join(CERT_DIR, "ca.pem") : undefined,
    port: address.port,
    store: core.store,
    clock: core.clock,
    tokens: core.tokens,
    faults: core.faults,
    notifier: core.notifier,
    router: core.router,
    requests: core.log.records,
    get internalErrors() {
      return core.stats.internalErrors;
    },
    stop: async () => {
      core.notifier.stop();
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
    },
  };
}
