/**
 * Microsoft's consumer mail domains: an address there is a personal Microsoft account, so an Apprise URL naming
 * one as its source is in personal mode unless `?mode=` says otherwise. outlook, hotmail and live under .com, any
 * two-letter country domain, or a country's co./com. domain (outlook.com.br, hotmail.co.uk, live.co.nz), and msn.com.
 */
const REGIONAL = /^(outlook|hotmail|live)\.(com|[a-z]{2}|(co|com)\.[a-z]{2})$/;

export function isConsumerDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return d === "msn.com" || REGIONAL.test(d);
}

/** Whether an address is at one of Microsoft's consumer domains. */
export function isConsumerAddress(address: string): boolean {
  const at = address.lastIndexOf("@");
  return at > 0 && isConsumerDomain(address.slice(at + 1));
}
