import { X509Certificate } from "node:crypto";

/**
 * The origin the sandbox writes into links (`@odata.context`, `@odata.nextLink`, upload URLs,
 * OpenID metadata). It is never taken from the Host header as sent: a Host naming one of the
 * host names the serving certificate covers (graph.microsoft.com, login.microsoftonline.com,
 * localhost, ...) on the listening port (or the scheme's default port, as behind a port mapping)
 * picks that origin, so clients that reach the sandbox by Microsoft's names get Microsoft's names
 * back; any other Host gets the configured public URL, or the address the sandbox listens on.
 */

/** The host names a certificate covers (DNS names and IP addresses of its subjectAltName). */
export function certificateHostNames(pem: string): string[] {
  const san = new X509Certificate(pem).subjectAltName ?? "";
  return san
    .split(/,\s*/)
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry.trim())?.[1])
    .filter((name): name is string => Boolean(name) && !name!.includes("*"));
}

/** A host name in the form URLs use: lower case, IPv6 in brackets and compressed. */
function canonicalHost(name: string): string | undefined {
  const bare = name.replace(/^\[(.*)\]$/, "$1");
  const literal = bare.includes(":") ? `[${bare}]` : bare;
  try {
    return new URL(`http://${literal}`).hostname;
  } catch {
    return undefined;
  }
}

export class OriginPolicy {
  private readonly known: Set<string>;

  constructor(
    private readonly scheme: "http" | "https",
    private readonly port: number,
    /** Where links point when the Host header names no known host. */
    private readonly fallback: string,
    hostNames: string[],
  ) {
    this.known = new Set(hostNames.map(canonicalHost).filter((h): h is string => Boolean(h)));
  }

  /** The origin for a request whose Host header is `host`. */
  originFor(host: string | string[] | undefined): string {
    if (typeof host !== "string" || host.length > 300) return this.fallback;
    const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host.trim());
    const name = m ? canonicalHost(m[1]) : undefined;
    if (!m || !name || !this.known.has(name)) return this.fallback;
    const port = m[2] === undefined ? undefined : Number(m[2]);
    if (port === undefined) return `${this.scheme}://${name}`;
    if (port === this.port) return `${this.scheme}://${name}:${port}`;
    return this.fallback;
  }
}
