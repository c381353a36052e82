import { readFileSync } from "node:fs";
import { join } from "node:path";
import tls from "node:tls";

/**
 * Every test process trusts the sandbox's development CA, however jest was started (`npm test`,
 * `npx jest`, one file in band): TLS connections that bring no CA of their own get the system's
 * roots plus the sandbox CA. NODE_EXTRA_CA_CERTS would do the same but is read only when Node
 * starts, which a bare `npx jest` does without it.
 */
const SANDBOX_CA = readFileSync(join(__dirname, "../../sandbox/certs/ca.pem"), "utf8");
const TRUSTED = [...tls.rootCertificates, SANDBOX_CA];

const original = tls.connect;
tls.connect = function withSandboxCa(this: unknown, ...args: unknown[]) {
  const options = args.find((a) => typeof a === "object" && a !== null) as tls.ConnectionOptions | undefined;
  if (options && options.ca === undefined) options.ca = TRUSTED;
  return (original as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
} as typeof tls.connect;
