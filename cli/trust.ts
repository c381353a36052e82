import { readFileSync } from "node:fs";
import { join } from "node:path";
import tls from "node:tls";
import { CERT_DIR } from "../sandbox";

/**
 * The sandbox serves HTTPS with a certificate from its development CA. The runner trusts that CA
 * for connections to this machine only (127.0.0.1, ::1, localhost): the sandbox's server key
 * ships in the repository, so trusting it for Microsoft's host names would let anyone holding the
 * repository impersonate them. Connections elsewhere keep Node's usual trust, untouched.
 * (NODE_EXTRA_CA_CERTS would work too, but only when set before Node starts.)
 */

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
let installed = false;

function extraCertificates(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, "utf8")];
  } catch {
    return [];
  }
}

export function trustSandboxOnLoopback(): void {
  if (installed) return;
  installed = true;
  const trusted = [...tls.rootCertificates, ...extraCertificates(), readFileSync(join(CERT_DIR, "ca.pem"), "utf8")];
  const original = tls.connect;
  tls.connect = function connectTrustingSandbox(this: unknown, ...args: unknown[]) {
    const options = args.find((a) => typeof a === "object" && a !== null) as tls.ConnectionOptions | undefined;
    const host = options?.servername ?? options?.host ?? (typeof args[1] === "string" ? args[1] : undefined);
    if (options && options.ca === undefined && host !== undefined && LOOPBACK.test(host)) options.ca = trusted;
    return (original as (...a: unknown[]) => tls.TLSSocket).apply(this, args);
  } as typeof tls.connect;
}
