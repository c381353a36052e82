import addressparser from "nodemailer/lib/addressparser";
import type { Recipient } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyEmptyError, PropertyNullError } from "../errors";
import { asText, isBlank } from "./common";

/**
 * Recipients, for every input that holds addresses (To, CC, BCC, Reply-To, forward and reply recipients, attendees,
 * schedules, MailTips, Focused Inbox senders). Each entry is parsed with nodemailer's address parser, and then what the
 * parser tolerates but a person did not mean is refused: control characters (CR, LF, tab...) anywhere, addresses
 * not separated by ',' or ';', an unquoted display name that is itself an address, group syntax, comments. So an
 * accepted list is exactly the addresses typed, in order.
 */

/** An addr-spec as Exchange resolves it: local@domain with a dotted domain, no spaces or brackets. */
const ADDR_SPEC =
  /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const FORMS = "use 'name@domain' or 'Name <name@domain>', separated by ',' or ';'";

const refuse = (property: string, why: string) => new ArgumentError(property, `'${property}' ${why}; ${FORMS}.`);

/** The entries of a list, split at ',' and ';' outside quotes, angle brackets and parentheses. */
function entries(property: string, raw: string): string[] {
  const out: string[] = [];
  let current = "";
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quoted && c === "\\") {
      current += c + (raw[++i] ?? "");
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "<" || c === "(")) depth++;
    else if (!quoted && (c === ">" || c === ")")) depth--;
    if (!quoted && depth === 0 && (c === "," || c === ";")) {
      out.push(current.trim());
      current = "";
    } else current += c;
  }
  if (quoted || depth !== 0) throw refuse(property, "has an unclosed quote or bracket");
  return [...out, current.trim()].filter(Boolean);
}

/** One entry, "a@b.com" or "Name <a@b.com>" (the name may be quoted), as the parser reads it, checked to be that. */
function recipient(property: string, entry: string): Recipient {
  const open = entry.lastIndexOf("<");
  const typed = open < 0 ? entry : entry.slice(open + 1, -1).trim();
  const display = open < 0 ? "" : entry.slice(0, open).trim();
  const parsed = addressparser(entry) as { name: string; address?: string; group?: unknown[] }[];
  if (parsed.some((p) => p.group)) throw refuse(property, `holds a group ('${entry}')`);
  if (open >= 0 && !entry.endsWith(">")) throw refuse(property, `has text after '>' in '${entry}'`);
  if (!ADDR_SPEC.test(typed)) {
    const several = /\s/.test(typed) && typed.split(/\s+/).filter((w) => w.includes("@")).length > 1;
    throw refuse(property, several ? `holds addresses not separated by ',' or ';' ('${entry}')` : notAddress(entry));
  }
  if (display && !display.startsWith('"') && display.includes("@"))
    throw refuse(property, `has a display name that reads as an address ('${display}'); quote it or leave it out`);
  if (display && !display.startsWith('"') && /[<>()"]/.test(display))
    throw refuse(property, `has a bracket or quote inside the display name '${display}'; quote the whole name`);
  if (display.startsWith('"') && !display.endsWith('"'))
    throw refuse(property, `has text after the quoted display name in '${entry}'`);
  const [only] = parsed;
  if (parsed.length !== 1 || only.address !== typed) throw refuse(property, notAddress(entry));
  return { emailAddress: only.name ? { name: only.name, address: typed } : { address: typed } };
}

const notAddress = (entry: string) => `holds '${entry}', which is not an email address`;

/** The recipients typed in one text (a list), each checked. */
function fromText(property: string, raw: string): Recipient[] {
  if (CONTROL.test(raw))
    throw refuse(property, "holds a control character (a line break, tab or similar), which no address contains");
  return entries(property, raw).map((e) => recipient(property, e));
}

/**
 * An address list: text ("a@x.com, Jane Doe <jane@y.org>", quoted names with commas allowed), or a list of such
 * texts, each item checked where it stands.
 */
export function parseRecipients(property: string, value: unknown, required: boolean): Recipient[] {
  if (value === undefined || value === null) {
    if (required) throw new PropertyNullError(property, "Give at least one recipient address.");
    return [];
  }
  const out = Array.isArray(value)
    ? value.flatMap((item, i) =>
        isBlank(item) ? [] : fromText(`${property}[${i}]`, asText(`${property}[${i}]`, item)),
      )
    : fromText(property, asText(property, value));
  if (!out.length && required) throw new PropertyEmptyError(property, "Give at least one recipient address.");
  return out;
}

/** One address (a Focused Inbox sender, an attendee's address field): exactly one, never the first of several. */
export function parseOneRecipient(property: string, value: unknown): Recipient {
  const list = parseRecipients(property, value, true);
  if (list.length > 1)
    throw new ArgumentError(property, `'${property}' takes one address (got ${list.length}); give only one.`);
  return list[0];
}

/** An attendee given as fields: an address (one, plain) and an optional display name (text, no control characters). */
export function recipientFrom(property: string, address: unknown, name: unknown): Recipient {
  const typed = parseOneRecipient(`${property}.address`, address).emailAddress!;
  if (typed.name) throw refuse(`${property}.address`, "holds a display name; give it as the name");
  if (isBlank(name)) return { emailAddress: { address: typed.address } };
  const display = asText(`${property}.name`, name).trim();
  if (CONTROL.test(display)) throw refuse(`${property}.name`, "holds a control character");
  return { emailAddress: { name: display, address: typed.address } };
}
