import { CliError, parseCliArgs, USAGE } from "./cliOptions";
import { start } from "./server";

/**
 * `npm run sandbox -- [flags]`: starts the sandbox and prints one JSON line when ready,
 * e.g. {"url":"https://127.0.0.1:4433","ca":".../sandbox/certs/ca.pem",...}.
 */

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof CliError) fail(e.message);
    throw e;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sandbox = await start(parsed.options);
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
