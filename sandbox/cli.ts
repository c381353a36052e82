import { parseArgs } from "node:util";
import { start, type SandboxOptions } from "./server";

/**
 * `npm run sandbox -- [flags]`: starts the sandbox and prints one JSON line when ready,
 * e.g. {"url":"https://127.0.0.1:4433","ca":".../sandbox/certs/ca.pem",...}.
 */
const usage = `Usage: npm run sandbox -- [--port N] [--host H] [--seed FILE] [--tls-cert FILE --tls-key FILE | --http]
                          [--latency-ms N] [--throttle outlook|off] [--fault-rate R] [--request-log FILE]
                          [--token-lifetime S]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function number(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max)
    fail(`--${name} must be a number from ${min} to ${max} (got '${raw}')`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        "tls-cert": { type: "string" },
        "tls-key": { type: "string" },
        http: { type: "boolean" },
        "latency-ms": { type: "string" },
        throttle: { type: "string" },
        "fault-rate": { type: "string" },
        "request-log": { type: "string" },
        "token-lifetime": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (Boolean(values["tls-cert"]) !== Boolean(values["tls-key"])) fail("--tls-cert and --tls-key go together");
  if (values.http && values["tls-cert"]) fail("--http and --tls-cert exclude each other");
  if (values.throttle && !["outlook", "off"].includes(values.throttle))
    fail(`--throttle must be outlook or off (got '${values.throttle}')`);
  const options: SandboxOptions = {
    port: number("port", values.port, 0, 65535) ?? 0,
    host: values.host,
    seed: values.seed,
    tls: values["tls-cert"] ? { cert: values["tls-cert"], key: values["tls-key"]! } : undefined,
    http: values.http,
    latencyMs: number("latency-ms", values["latency-ms"], 0, 600_000),
    throttle: values.throttle as SandboxOptions["throttle"],
    faultRate: number("fault-rate", values["fault-rate"], 0, 1),
    requestLog: values["request-log"],
    tokenLifetimeSeconds: number("token-lifetime", values["token-lifetime"], 1, 86_400),
  };
  const sandbox = await start(options);
  const tenant = [...sandbox.store.tenants.values()][0];
  process.stdout.write(
    JSON.stringify({
      url: sandbox.url,
      ...(sandbox.ca ? { ca: sandbox.ca } : {}),
      graph: `${sandbox.url}/v1.0`,
      tokenEndpoint: tenant ? `${sandbox.url}/${tenant.id}/oauth2/v2.0/token` : undefined,
      tenants: [...sandbox.store.tenants.values()].map((t) => ({ id: t.id, domain: t.domain })),
    }) + "\n",
  );
  const shutdown = () => void sandbox.stop().then(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((e: Error) => fail(`sandbox failed to start: ${e.message}`));
