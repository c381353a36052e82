import { parseArgs } from "node:util";
import { AFTER_FAULT_KINDS, BEFORE_FAULT_KINDS, type AfterFaultKind, type BeforeFaultKind } from "./faults";
import { MAX_BULK_MESSAGES, type BulkMessages } from "./bulk";
import type { SandboxOptions } from "./options";

/** The command line's flags, read into SandboxOptions (apart from sandbox/cli.ts so they can be tested in-process). */

export const USAGE = `Usage: npm run sandbox -- [flags]
  --port N                    port to listen on (0, the default, picks a free one)
  --host H                    address to listen on (default 127.0.0.1, then also ::1)
  --seed FILE                 seed file (JSON) instead of the built-in seed
  --tls-cert FILE --tls-key FILE
                              serve HTTPS with this certificate and key
  --http                      serve plain HTTP
  --public-url URL            the URL links name when a request's Host is not one the certificate covers
  --latency-ms N              delay every response by N ms (inside the request's concurrency slot)
  --throttle outlook|off      Outlook's limits per app and mailbox (4 at a time, 10,000 per 10 minutes)
  --fault-rate R              fraction (0..1) of Graph requests that fail before they change anything
  --fault-before-kinds K,K    what --fault-rate draws, among ${BEFORE_FAULT_KINDS.join(", ")}
                              (default: unavailable,gatewayTimeout, i.e. 503 and 504)
  --fault-retry-after S       Retry-After of the 429/503/504 that --fault-rate draws (default 1)
  --fault-after-rate R        fraction (0..1) of Graph requests that take effect, then meet a fault of --fault-kinds
  --fault-kinds K,K           among ${AFTER_FAULT_KINDS.join(", ")} (default: all)
  --slow-ms N                 how long a "slow" answer trickles out (default 5000)
  --delta-token-lifetime S    lifetime of delta links in seconds on the sandbox clock (default 2592000; 0 = forever)
  --request-timeout-ms N      how long headers or a body may take to arrive (default 30000), else 408
  --request-log FILE          append one JSON line per request
  --token-lifetime S          lifetime of issued access tokens in seconds (default 3599)
  --single-use-refresh-tokens a refresh token is refused once it has been redeemed (Entra keeps old ones valid)
  --messages N:MAILBOX[:FOLDER]
                              add N received messages to the mailbox's folder (well-known name, id or a display
                              name under the root, made when missing; default inbox); may be repeated
  --help                      print this and exit`;

export class CliError extends Error {}

function number(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!raw.trim() || !Number.isFinite(n) || n < min || n > max)
    throw new CliError(`--${name} must be a number from ${min} to ${max} (got '${raw}')`);
  return n;
}

function kindList<K extends string>(flag: string, known: K[], raw: string | undefined): K[] | undefined {
  if (raw === undefined) return undefined;
  const kinds = raw.split(",").map((k) => k.trim());
  const unknown = kinds.filter((k) => !known.includes(k as K));
  if (!kinds.length || unknown.length) throw new CliError(`--${flag} takes ${known.join(", ")} (got '${raw}')`);
  return kinds as K[];
}

function publicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol)) throw new CliError(`--public-url must be an http(s) URL (got '${raw}')`);
  return url.origin;
}

/** `--messages N:MAILBOX[:FOLDER]`: a mailbox is an address or id (never holds ":"); the folder is the rest. */
function bulkMessages(raw: string[] | undefined): BulkMessages[] | undefined {
  if (!raw) return undefined;
  return raw.map((spec) => {
    const [count, mailbox, ...folder] = spec.split(":");
    const n = number("messages", count, 0, MAX_BULK_MESSAGES);
    if (n === undefined || !Number.isInteger(n) || !mailbox?.trim())
      throw new CliError(
        `--messages takes N:MAILBOX[:FOLDER], N a whole number up to ${MAX_BULK_MESSAGES} (got '${spec}')`,
      );
    return { count: n, mailbox: mailbox.trim(), ...(folder.length ? { folder: folder.join(":") } : {}) };
  });
}

const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  seed: { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  http: { type: "boolean" },
  "public-url": { type: "string" },
  "latency-ms": { type: "string" },
  throttle: { type: "string" },
  "fault-rate": { type: "string" },
  "fault-after-rate": { type: "string" },
  "fault-kinds": { type: "string" },
  "fault-before-kinds": { type: "string" },
  "fault-retry-after": { type: "string" },
  "slow-ms": { type: "string" },
  "delta-token-lifetime": { type: "string" },
  "request-timeout-ms": { type: "string" },
  "request-log": { type: "string" },
  "token-lifetime": { type: "string" },
  "single-use-refresh-tokens": { type: "boolean" },
  messages: { type: "string", multiple: true },
  help: { type: "boolean" },
} as const;

/** Reads the flags; throws CliError (with what is wrong) for anything it cannot take. */
export function parseCliArgs(argv: string[]): { help: boolean; options: SandboxOptions } {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true }));
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (Boolean(values["tls-cert"]) !== Boolean(values["tls-key"]))
    throw new CliError("--tls-cert and --tls-key go together");
  if (values.http && values["tls-cert"]) throw new CliError("--http and --tls-cert exclude each other");
  if (values.throttle && !["outlook", "off"].includes(values.throttle))
    throw new CliError(`--throttle must be outlook or off (got '${values.throttle}')`);
  const options: SandboxOptions = {
    port: number("port", values.port, 0, 65535) ?? 0,
    host: values.host,
    seed: values.seed,
    tls: values["tls-cert"] ? { cert: values["tls-cert"], key: values["tls-key"]! } : undefined,
    http: values.http,
    publicUrl: publicUrl(values["public-url"]),
    latencyMs: number("latency-ms", values["latency-ms"], 0, 600_000),
    throttle: values.throttle as SandboxOptions["throttle"],
    faultRate: number("fault-rate", values["fault-rate"], 0, 1),
    faultAfterRate: number("fault-after-rate", values["fault-after-rate"], 0, 1),
    faultKinds: kindList<AfterFaultKind>("fault-kinds", AFTER_FAULT_KINDS, values["fault-kinds"]),
    faultBeforeKinds: kindList<BeforeFaultKind>("fault-before-kinds", BEFORE_FAULT_KINDS, values["fault-before-kinds"]),
    faultRetryAfterSeconds: number("fault-retry-after", values["fault-retry-after"], 0, 3600),
    slowMs: number("slow-ms", values["slow-ms"], 0, 600_000),
    deltaTokenLifetimeSeconds: number("delta-token-lifetime", values["delta-token-lifetime"], 0, 10 * 365 * 86_400),
    requestTimeoutMs: number("request-timeout-ms", values["request-timeout-ms"], 100, 3_600_000),
    requestLog: values["request-log"],
    tokenLifetimeSeconds: number("token-lifetime", values["token-lifetime"], 1, 86_400),
    singleUseRefreshTokens: values["single-use-refresh-tokens"],
    messages: bulkMessages(values.messages),
  };
  return { help: Boolean(values.help), options };
}
