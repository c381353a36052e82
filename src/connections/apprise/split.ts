import { AppriseUrlError, type ApprisePart } from "./errors";

/**
 * The first cut of an Apprise URL, without interpreting it: scheme, authority, the raw path segments (still
 * percent-encoded, so a secret's encoded `/` stays inside its segment), and the query's parameters.
 *
 * A secret pasted as it is may hold `/`, `?` and `@`: `/` only splits it into several segments (joined again
 * later), `@` is an ordinary character after the authority, and a `?` starts the query only where what follows it
 * reads as `key=value&...`; an earlier `?` (followed by `/`, or by text that is no parameter) stays in the path.
 */

export const SCHEMES = ["o365", "azure"] as const;
export type AppriseScheme = (typeof SCHEMES)[number];

export interface SplitUrl {
  scheme: AppriseScheme;
  /** Between `://` and the first `/`: the source (`user@domain`, an object id) or `{tenant}:{source}`; may be "". */
  authority: string;
  /** The raw (still encoded) path segments after the authority, trailing empty ones dropped. */
  segments: string[];
  /** Query parameters, names lower-cased, values decoded (`+` is a space), in order. */
  query: [string, string][];
}

const PARAMETER = /^[A-Za-z_][A-Za-z0-9_]*=[^&]*$/;

function fail(property: string, part: ApprisePart, message: string): never {
  throw new AppriseUrlError(property, part, message);
}

/** Percent-decoding of one piece; a broken escape is reported against the part without quoting it. */
export function decodePiece(property: string, part: ApprisePart, raw: string, plusIsSpace = false): string {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, " ") : raw);
  } catch {
    return fail(property, part, "holds a '%' that is not followed by two hex digits; encode '%' itself as %25.");
  }
}

function schemeOf(property: string, url: string): { scheme: AppriseScheme; rest: string } {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (!m) return fail(property, "scheme", "the URL must start with o365:// or azure://.");
  const scheme = m[1].toLowerCase();
  if (!(SCHEMES as readonly string[]).includes(scheme)) {
    const shown = scheme.length <= 16 ? `'${scheme}://'` : "this scheme";
    return fail(property, "scheme", `${shown} is not an Office 365 scheme; use o365:// or azure://.`);
  }
  return { scheme: scheme as AppriseScheme, rest: url.slice(m[0].length) };
}

/** Where the query starts: the last `?` followed by nothing or by well-formed parameters only. */
function queryStart(rest: string): number {
  for (let i = rest.lastIndexOf("?"); i >= 0; i = i > 0 ? rest.lastIndexOf("?", i - 1) : -1) {
    const after = rest.slice(i + 1);
    if (after === "" || after.split("&").every((p) => p === "" || PARAMETER.test(p))) return i;
  }
  return -1;
}

function parseQuery(property: string, text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const piece of text.split("&").filter(Boolean)) {
    const eq = piece.indexOf("=");
    const name = (eq < 0 ? piece : piece.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? "" : piece.slice(eq + 1);
    out.push([name, decodePiece(property, "query", value, true)]);
  }
  return out;
}

/** Splits an Apprise URL into scheme, authority, raw path segments and query. */
export function splitAppriseUrl(property: string, url: string): SplitUrl {
  // Whitespace and control characters (code points below 0x20, and DEL) never belong in a URL.
  if (/\s/.test(url) || [...url].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    fail(property, "url", "holds spaces, tabs or line breaks; paste the URL on one line, with spaces encoded as %20.");
  const { scheme, rest } = schemeOf(property, url);
  if (rest.includes("#")) fail(property, "url", "holds a '#', which ends a URL; encode a '#' in the secret as %23.");
  const q = queryStart(rest);
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? [] : parseQuery(property, rest.slice(q + 1));
  const [authority, ...segments] = path.split("/");
  while (segments.length && segments[segments.length - 1] === "") segments.pop();
  return { scheme, authority, segments, query };
}
