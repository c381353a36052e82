import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createHarness, defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import type { Component } from "@prismatic-io/spectral/dist/serverTypes";

/**
 * A local stand-in for the integration platform's webhook endpoint: an HTTPS server whose requests
 * become trigger invocations through spectral's harness, with the instance's state kept between
 * them as the platform keeps it. Point a subscription (or the sandbox) at `url`, and every
 * request runs the trigger; `runs` records what each run answered and which branch it took.
 */

export interface TriggerRun {
  request: { method: string; query: Record<string, string>; body: string };
  branch?: string;
  status: number;
  payload: unknown;
  error?: string;
}

export interface Receiver {
  /** The flow's webhook URL. */
  url: string;
  runs: TriggerRun[];
  /** The context every run gets: webhook URLs and the instance's state (kept across runs). */
  context: {
    webhookUrls: Record<string, string>;
    crossFlowState: Record<string, unknown>;
    instanceState: Record<string, unknown>;
    flow: { id: string; name: string; stableId: string };
  };
  /** Resolves with the first run from now on that matches. */
  waitFor(match: (run: TriggerRun) => boolean, timeoutMs?: number): Promise<TriggerRun>;
  /**
   * The next `count` validation requests (Graph's handshake) are answered 503 without running the
   * trigger, as an endpoint that is briefly down: Graph then refuses to make the subscription.
   */
  refuseValidations(count: number): void;
  stop(): Promise<void>;
}

export interface ReceiverOptions {
  component: unknown;
  trigger: string;
  params?: Record<string, unknown>;
  flowName?: string;
  /** TLS certificate and key (PEM); the Graph sandbox's development certificate by default. */
  tls?: { cert: string; key: string };
  /** Delay before answering, to exercise Graph's 3-second delivery limit. */
  delayMs?: number;
}

async function read(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startReceiver(o: ReceiverOptions): Promise<Receiver> {
  const harness = createHarness(o.component as Component);
  const flowName = o.flowName ?? "Flow 1";
  const certs = join(__dirname, "../sandbox/certs");
  const tls = o.tls ?? {
    cert: readFileSync(join(certs, "server.pem"), "utf8"),
    key: readFileSync(join(certs, "server-key.pem"), "utf8"),
  };
  const runs: TriggerRun[] = [];
  const waiters: { match: (r: TriggerRun) => boolean; resolve: (r: TriggerRun) => void }[] = [];
  const context: Receiver["context"] = {
    webhookUrls: {},
    crossFlowState: {},
    instanceState: {},
    flow: { id: "flowId", name: flowName, stableId: "flowStableId" },
  };

  let refusing = 0;
  const server: Server = createServer(tls, (req, res) => {
    // Requests run concurrently, as the platform runs them: a run that makes a subscription must be
    // able to answer Graph's validation request for it meanwhile.
    void read(req).then(async (raw) => {
      const url = new URL(req.url ?? "/", "https://receiver");
      const query = Object.fromEntries(url.searchParams);
      if (refusing > 0 && url.searchParams.has("validationToken")) {
        refusing--;
        res.writeHead(503, { "Content-Type": "text/plain" });
        res.end("unavailable");
        return;
      }
      const body = raw.toString("utf8");
      let parsed: unknown = body;
      try {
        parsed = body ? JSON.parse(body) : body;
      } catch {
        /* text */
      }
      const payload = {
        ...defaultTriggerPayload(),
        headers: req.headers as Record<string, string>,
        queryParameters: query,
        rawBody: { data: raw, contentType: req.headers["content-type"] },
        body: { data: parsed, contentType: req.headers["content-type"] },
        webhookUrls: context.webhookUrls,
      };
      const run: TriggerRun = {
        request: { method: req.method ?? "POST", query, body },
        status: 500,
        payload: undefined,
      };
      try {
        const result = (await harness.trigger(o.trigger, payload, o.params ?? {}, context as never)) as {
          branch?: string;
          payload?: { body?: { data?: unknown } };
          response?: { statusCode: number; contentType: string; body?: string };
          crossFlowState?: Record<string, unknown>;
          instanceState?: Record<string, unknown>;
        };
        if (result.crossFlowState && result.crossFlowState !== context.crossFlowState)
          Object.assign(context.crossFlowState, result.crossFlowState);
        if (result.instanceState && result.instanceState !== context.instanceState)
          Object.assign(context.instanceState, result.instanceState);
        run.branch = result.branch;
        run.payload = result.payload?.body?.data;
        const response = result.response ?? { statusCode: 200, contentType: "text/plain", body: "" };
        run.status = response.statusCode;
        if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
        res.writeHead(response.statusCode, { "Content-Type": response.contentType });
        res.end(response.body ?? "");
      } catch (e) {
        run.error = (e as Error).message;
        res.writeHead(500, { "Content-Type": "text/plain" });
        res.end("trigger failed");
      }
      runs.push(run);
      for (const w of [...waiters])
        if (w.match(run)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(run);
        }
    });
  });
  const sockets = new Set<import("node:stream").Duplex>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/${encodeURIComponent(flowName)}`;
  context.webhookUrls[flowName] = url;
  return {
    url,
    runs,
    context,
    waitFor: (match, timeoutMs = 10_000) =>
      new Promise<TriggerRun>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching trigger run within ${timeoutMs} ms ` +
                  `(${runs.length} runs: ${runs.map((r) => r.branch ?? r.error).join(", ")})`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ match, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      }),
    refuseValidations: (count) => {
      refusing = count;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
