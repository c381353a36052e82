import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { join } from "node:path";
import { Clock } from "./clock";
import { registerSandboxRoutes } from "./control";
import { createDispatcher, type SandboxCore } from "./dispatch";
import { Faults } from "./faults";
import { registerGraphRoutes } from "./graph";
import { registerUploadRoutes } from "./graph/uploads";
import { registerIdentityRoutes } from "./identity";
import { Notifier } from "./notifier";
import type { SandboxOptions } from "./options";
import { RequestLog, type RequestRecord } from "./recording";
import { Router } from "./router";
import { graphSchema } from "./schema";
import { CERT_DIR, defaultSeed, readSeedFile } from "./seed";
import { Store } from "./store";
import { TokenIssuer } from "./tokens";

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
  stop(): Promise<void>;
}

/** The sandbox's state and routes, before any socket is opened. */
function createCore(options: SandboxOptions): SandboxCore {
  graphSchema(); // parse the schema before the first request, not during it
  const clock = new Clock();
  const seed = typeof options.seed === "string" ? readSeedFile(options.seed) : (options.seed ?? defaultSeed());
  const store = new Store(seed, clock);
  const tokens = new TokenIssuer(clock, options.tokenLifetimeSeconds ?? 3599);
  const router = new Router();
  registerIdentityRoutes(router);
  registerGraphRoutes(router);
  registerUploadRoutes(router);
  registerSandboxRoutes(router);
  return {
    store,
    clock,
    tokens,
    faults: new Faults(clock, options.throttle ?? "off", options.faultRate ?? 0),
    notifier: new Notifier(store, clock, tokens, options.notifications),
    router,
    log: new RequestLog(options.requestLog),
    options,
    useTls: !options.http,
  };
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
    srv.keepAliveTimeout = 30_000;
    srv.on("connection", (s: Socket) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
  }
  return sockets;
}

export async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  const core = createCore(options);
  const tls = core.useTls ? tlsMaterial(options) : undefined;
  const listener = createDispatcher(core);
  const newServer = () => (tls ? https.createServer(tls, listener) : http.createServer(listener));
  const server = newServer();
  const host = options.host ?? "127.0.0.1";
  await listen(server, options.port ?? 0, host);
  const address = server.address() as AddressInfo;
  const servers = [server];
  if (host === "127.0.0.1") {
    const server6 = newServer();
    if (await listenOnIpv6Loopback(server6, address.port)) servers.push(server6);
  }
  const sockets = trackSockets(servers);
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
    stop: async () => {
      core.notifier.stop();
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
    },
  };
}
