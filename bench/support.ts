import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createHarness } from "@prismatic-io/spectral/dist/testing";
import component from "../src";
import { start, type RequestRecord, type Sandbox } from "../sandbox";
import { appToken, connectionFor } from "../scripts/sandboxApp";

export { appToken };

/**
 * What every workload shares: the sandbox started in-process with Graph's latency and Outlook's
 * throttling, spectral's harness around the component, a connection, plain Graph calls for the
 * peers' strategies (no component in between), request counting, and memory watching.
 */

export const MB = 1024 * 1024;
/** Outlook's concurrent requests per app and mailbox. */
export const GRAPH_CONCURRENCY = 4;

export interface Bench {
  sb: Sandbox;
  latencyMs: number;
  harness: ReturnType<typeof createHarness>;
  /** Client credentials with a secret, Adele's mailbox by default (every run shares it, as flow runs do). */
  connection: ReturnType<typeof connectionFor>;
  /** Plain Graph requests with an app token, for the peers' strategies. */
  plain: PlainGraph;
}

export async function startBench(latencyMs: number): Promise<Bench> {
  const sb = await start({ port: 0, latencyMs, throttle: "outlook" });
  return {
    sb,
    latencyMs,
    harness: createHarness(component),
    connection: connectionFor(sb),
    plain: await plainGraph(sb.url),
  };
}

export interface PlainAnswer {
  status: number;
  json: Record<string, unknown>;
}

/** Graph called as a connector without our component calls it: one fetch per request, no retries. */
export interface PlainGraph {
  token: string;
  call(method: string, pathOrUrl: string, body?: unknown): Promise<PlainAnswer>;
}

export async function plainGraph(url: string): Promise<PlainGraph> {
  const token = await appToken(url);
  return {
    token,
    async call(method, pathOrUrl, body) {
      const res = await fetch(pathOrUrl.startsWith("http") ? pathOrUrl : `${url}/v1.0${pathOrUrl}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: Record<string, unknown>;
      try {
        json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        json = {};
      }
      return { status: res.status, json };
    },
  };
}

/** Requests the sandbox answered since `mark` (an index into its log), optionally only those that match. */
export function requestsSince(sb: Sandbox, mark: number, match?: (r: RequestRecord) => boolean): RequestRecord[] {
  const records = sb.requests.slice(mark);
  return match ? records.filter(match) : records;
}

/** Requests that crossed the network to Graph or an upload URL (not the ones answered inside a batch). */
export const onTheWire = (r: RequestRecord) => (r.kind === "graph" || r.kind === "upload") && !r.batch;

/** Token requests to the identity platform. */
export const tokenRequest = (r: RequestRecord) => r.kind === "identity" && /\/oauth2\/v2\.0\/token$/.test(r.path);

/**
 * A full garbage collection (V8's gc function, exposed once for this process), with the memory of
 * dead buffers given back before it returns: V8 otherwise frees them on a background thread a little
 * later, and memoryUsage() would still count them.
 */
export const collectGarbage: () => void = (() => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  return () => {
    setFlagsFromString("--no-concurrent-array-buffer-sweeping");
    gc();
    setFlagsFromString("--concurrent-array-buffer-sweeping");
  };
})();

export interface MemoryPeak {
  /** Growth above the baseline at the peak, in bytes. */
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

const highestRss = () => process.resourceUsage().maxRSS * 1024;

/**
 * Peak memory above a baseline taken after a full collection: sampled every few ms, and, when the
 * process reached a new highest RSS meanwhile (getrusage), that one (sampling can miss a short peak).
 */
export class MemoryWatch {
  private readonly base: NodeJS.MemoryUsage;
  private readonly peak: NodeJS.MemoryUsage;
  private readonly timer: NodeJS.Timeout;
  private readonly highestBefore: number;

  constructor(intervalMs = 2) {
    collectGarbage();
    this.base = process.memoryUsage();
    this.highestBefore = highestRss();
    this.peak = { ...this.base };
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): void {
    const now = process.memoryUsage();
    for (const key of ["rss", "heapUsed", "external", "arrayBuffers"] as const)
      this.peak[key] = Math.max(this.peak[key], now[key]);
  }

  stop(): MemoryPeak {
    this.sample();
    clearInterval(this.timer);
    const highest = highestRss();
    return {
      rss: (highest > this.highestBefore ? Math.max(this.peak.rss, highest) : this.peak.rss) - this.base.rss,
      heapUsed: this.peak.heapUsed - this.base.heapUsed,
      external: this.peak.external - this.base.external,
      arrayBuffers: this.peak.arrayBuffers - this.base.arrayBuffers,
    };
  }
}

/** The peak growth a table shows: RSS, or the heap and external memory when they grew more (RSS kept from before). */
export const peakOf = (p: MemoryPeak) => Math.max(p.rss, p.heapUsed + p.external);

/** Runs `work` on each item with at most `concurrency` running at once. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median time the sandbox took to answer these requests, latency included (its own work shows above it). */
export const answerMs = (records: RequestRecord[]) => (records.length ? median(records.map((r) => r.durationMs)) : 0);

/** Round trips needed for `requests` independent requests at Outlook's concurrency. */
export const roundTrips = (requests: number) => Math.ceil(requests / GRAPH_CONCURRENCY);
