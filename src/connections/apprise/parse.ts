import type { Recipient } from "@microsoft/microsoft-graph-types";
import addressparser from "nodemailer/lib/addressparser";
import { parseRecipients } from "../../inputs/recipients";
import { registerSecret } from "../../redact";
import { isConsumerAddress } from "./domains";
import { AppriseUrlError, type ApprisePart } from "./errors";
import { decodePiece, splitAppriseUrl, type AppriseScheme, type SplitUrl } from "./split";

/**
 * Apprise's Office 365 URLs (`o365://` and its alias `azure://`), read as Apprise reads them:
 * - organizational: `o365://{source}/{tenant_id}/{client_id}/{client_secret}/{targets}` (client credentials);
 * - personal: `o365://{source}/{client_id}/{refresh_token}/{targets}`, chosen when the source is at a Microsoft
 *   consumer domain or by `?mode=personal` (`?mode=org` forces organizational);
 * - Apprise 1.2's `o365://{tenant_id}:{source}/{client_id}/{client_secret}/{targets}`;
 * - `o365:///{source}/…` (an empty host, as Apprise's older page writes it).
 * Targets are the trailing path segments that are email addresses; what lies between the client ID and them is
 * the secret, `/` included. Query: to, cc, bcc, reply_to, from (the sender, overriding the source), format,
 * mode, savesent, tenant, oauth_id, oauth_secret; Apprise's general parameters are accepted and ignored.
 */

export type AppriseMode = "org" | "personal";
export const APPRISE_FORMATS = ["text", "html", "markdown"] as const;
export type AppriseFormat = (typeof APPRISE_FORMATS)[number];

export interface AppriseSource {
  /** The sender's address, when the source is one. */
  address?: string;
  /** The sender's directory object id (organizational mode), resolved to its address when sending. */
  objectId?: string;
  name?: string;
}

export interface AppriseUrl {
  scheme: AppriseScheme;
  mode: AppriseMode;
  /** Written in Apprise 1.2's `{tenant_id}:{source}` form. */
  legacy: boolean;
  source: AppriseSource;
  /** Organizational mode only. */
  tenant?: string;
  clientId: string;
  /** The client secret (organizational) or the refresh token (personal). */
  secret: string;
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  replyTo: Recipient[];
  /** No targets and no `to`: the mail goes to the source. */
  toSource: boolean;
  format?: AppriseFormat;
  saveToSentItems?: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Apprise's rule for client ids and tenant ids (a tenant may also be a domain name). */
const CLIENT_ID = /^[A-Za-z0-9-]{1,100}$/;
const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$/;

const LIST_PARAMETERS = ["to", "cc", "bcc", "reply_to"] as const;
type ListParameter = (typeof LIST_PARAMETERS)[number];
const VALUE_PARAMETERS = ["from", "format", "mode", "savesent", "tenant", "oauth_id", "oauth_secret"] as const;
type ValueParameter = (typeof VALUE_PARAMETERS)[number];
/** Apprise's parameters for every service (delivery, retries, time zone...): they change nothing here. */
const GENERAL_PARAMETERS = ["overflow", "emojis", "store", "tz", "retry", "verify", "redirect", "rto", "cto"];

interface Parameters {
  lists: Record<ListParameter, string[]>;
  values: Partial<Record<ValueParameter, string>>;
}

const ORDINAL = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
const ordinal = (i: number) => ORDINAL[i] ?? `${i + 1}th`;

class Reader {
  constructor(readonly property: string) {}

  fail(part: ApprisePart, message: string): never {
    throw new AppriseUrlError(this.property, part, message);
  }

  parameters(query: [string, string][]): Parameters {
    const out: Parameters = { lists: { to: [], cc: [], bcc: [], reply_to: [] }, values: {} };
    query.forEach(([name, value], i) => {
      if ((LIST_PARAMETERS as readonly string[]).includes(name)) out.lists[name as ListParameter].push(value);
      else if ((VALUE_PARAMETERS as readonly string[]).includes(name)) out.values[name as ValueParameter] = value;
      else if (!GENERAL_PARAMETERS.includes(name))
        this.fail(
          "query",
          `its ${ordinal(i)} parameter is not one an Office 365 URL takes (to, cc, bcc, reply_to, from, format, ` +
            "mode, savesent, tenant, oauth_id, oauth_secret). If the secret holds a '?', encode it as %3F.",
        );
    });
    return out;
  }

  /** An address, or "Name <address>", checked as the send action checks recipients; never quoted back. */
  address(value: string): { address: string; name?: string } | undefined {
    const parsed = addressparser(value, { flatten: true }) as { name: string; address: string }[];
    if (parsed.length !== 1) return undefined;
    try {
      const [r] = parseRecipients(this.property, `${parsed[0].address}`, true);
      return { address: r.emailAddress!.address!, name: parsed[0].name || undefined };
    } catch {
      return undefined;
    }
  }

  recipients(part: ApprisePart, values: string[]): Recipient[] {
    const out: Recipient[] = [];
    values.forEach((value) => {
      try {
        out.push(...parseRecipients(this.property, value, false));
      } catch {
        this.fail(
          part,
          "holds something that is not an email address; use 'name@domain' or 'Name <name@domain>', " +
            "separated by commas.",
        );
      }
    });
    return out;
  }
}

/** The source: `from` if given, else the authority (or `{tenant}:{source}`), else the first path segment. */
function sourceOf(r: Reader, split: SplitUrl, p: Parameters): { source: AppriseSource; legacyTenant?: string } {
  let raw = split.authority;
  let legacyTenant: string | undefined;
  const legacy = /^([^:@/]+):([^:]+@[^:]+)$/.exec(raw);
  if (legacy) [, legacyTenant, raw] = legacy;
  if (raw === "" && !legacy) raw = split.segments.shift() ?? "";
  if (legacyTenant !== undefined) legacyTenant = decodePiece(r.property, "tenant_id", legacyTenant);
  const given = p.values.from ?? decodePiece(r.property, "source", raw);
  const part: ApprisePart = p.values.from !== undefined ? "from" : "source";
  if (!given.trim()) r.fail(part, "is missing: give the sender's email address (or, organizational, its object ID).");
  if (GUID.test(given.trim())) return { source: { objectId: given.trim() }, legacyTenant };
  const address = r.address(given);
  if (!address) r.fail(part, "is neither an email address nor a directory object ID.");
  return { source: address, legacyTenant };
}

function modeOf(r: Reader, p: Parameters, source: AppriseSource, legacy: boolean): AppriseMode {
  const given = p.values.mode?.trim().toLowerCase();
  if (given !== undefined && given !== "") {
    if (given !== "org" && given !== "personal")
      r.fail("mode", `'${given.slice(0, 20)}' is not a mode; use mode=personal or mode=org.`);
    if (legacy && given === "personal")
      r.fail("mode", "the {tenant_id}:{source} form is organizational; drop mode=personal or the tenant.");
    return given;
  }
  return !legacy && source.address && isConsumerAddress(source.address) ? "personal" : "org";
}

/** The next path segment (or the query's override) as a client or tenant id. */
function idPart(r: Reader, split: SplitUrl, part: ApprisePart, override: string | undefined, rule: RegExp): string {
  const raw = override ?? (split.segments.length ? decodePiece(r.property, part, split.segments.shift()!) : "");
  if (!raw) r.fail(part, "is missing.");
  if (!rule.test(raw)) r.fail(part, "may hold only letters, digits and '-' (a tenant also '.'); check its place.");
  return raw;
}

/** Trailing segments that are addresses are targets; the segments before them, joined by '/', the secret. */
function secretAndTargets(r: Reader, segments: string[], part: ApprisePart, override?: string) {
  const targets: string[] = [];
  while (segments.length) {
    const decoded = decodePiece(r.property, part, segments[segments.length - 1]);
    if (!r.address(decoded) || /%2F|%3F/i.test(segments[segments.length - 1])) break;
    targets.unshift(decoded);
    segments.pop();
  }
  if (override !== undefined) {
    if (segments.length) r.fail(part, "is given both in the path and as a query parameter; keep one.");
    return { secret: override, targets };
  }
  const pieces = segments.map((s) => decodePiece(r.property, part, s));
  if (pieces.length > 1 && pieces.some((piece) => r.address(piece)))
    r.fail(
      part,
      "an email address sits between pieces of it, so the URL reads more than one way; encode the secret's '/' as " +
        "%2F and '@' as %40.",
    );
  const secret = pieces.join("/");
  if (!secret) r.fail(part, "is missing (it comes after the client_id, before any target address).");
  return { secret, targets };
}

function flagOf(r: Reader, value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim().toLowerCase();
  if (["yes", "true", "1", "on", "y"].includes(v)) return true;
  if (["no", "false", "0", "off", "n"].includes(v)) return false;
  return r.fail("savesent", "must be yes or no.");
}

function formatOf(r: Reader, value: string | undefined): AppriseFormat | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim().toLowerCase();
  if (!(APPRISE_FORMATS as readonly string[]).includes(v)) r.fail("format", "must be text, html or markdown.");
  return v as AppriseFormat;
}

/** Reads an Apprise o365:// or azure:// URL; every problem is an AppriseUrlError naming its part. */
export function parseAppriseUrl(url: string, property = "connection.url"): AppriseUrl {
  registerSecret(url);
  const r = new Reader(property);
  const split = splitAppriseUrl(property, url.trim());
  const p = r.parameters(split.query);
  const { source, legacyTenant } = sourceOf(r, split, p);
  const legacy = legacyTenant !== undefined;
  const mode = modeOf(r, p, source, legacy);
  if (mode === "personal" && !source.address)
    r.fail("source", "personal mode sends from the signed-in account: give its email address, not an object ID.");
  if (mode === "personal" && p.values.tenant)
    r.fail("tenant_id", "personal accounts have no tenant; drop tenant= (or use mode=org).");
  const tenant = mode === "org" ? idPart(r, split, "tenant_id", legacyTenant ?? p.values.tenant, TENANT) : undefined;
  const clientId = idPart(r, split, "client_id", p.values.oauth_id, CLIENT_ID);
  const secretPart = mode === "org" ? "client_secret" : "refresh_token";
  const { secret, targets } = secretAndTargets(r, split.segments, secretPart, p.values.oauth_secret);
  registerSecret(secret);
  const to = r.recipients("to", [...targets, ...p.lists.to]);
  return {
    scheme: split.scheme,
    mode,
    legacy,
    source,
    tenant,
    clientId,
    secret,
    ...distinctRecipients(to, r.recipients("cc", p.lists.cc), r.recipients("bcc", p.lists.bcc)),
    replyTo: r.recipients("reply_to", p.lists.reply_to),
    toSource: to.length === 0,
    format: formatOf(r, p.values.format),
    saveToSentItems: flagOf(r, p.values.savesent),
  };
}

/** Each address once: To first, then CC, then BCC (as Apprise drops To from CC and BCC, and CC from BCC). */
function distinctRecipients(to: Recipient[], cc: Recipient[], bcc: Recipient[]) {
  const seen = new Set<string>();
  const keep = (list: Recipient[]) =>
    list.filter((x) => {
      const key = (x.emailAddress?.address ?? "").toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  return { to: keep(to), cc: keep(cc), bcc: keep(bcc) };
}
