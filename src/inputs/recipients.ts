import addressparser from "nodemailer/lib/addressparser";
import type { Recipient } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyEmptyError, PropertyNullError } from "../errors";

/** An addr-spec as Exchange resolves it: local@domain with a dotted domain, no spaces or brackets. */
const ADDR_SPEC =
  /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * A comma-separated address list ("a@x.com, Jane Doe <jane@y.org>", quoted names with commas
 * allowed), parsed with nodemailer's address parser and checked, or a list of such strings.
 */
export function parseRecipients(property: string, value: unknown, required: boolean): Recipient[] {
  if (value === undefined || value === null) {
    if (required) throw new PropertyNullError(property, "Give at least one recipient address.");
    return [];
  }
  const raw = Array.isArray(value) ? value.map(String).join(", ") : String(value);
  if (!raw.trim()) {
    if (required) throw new PropertyEmptyError(property, "Give at least one recipient address.");
    return [];
  }
  const parsed = addressparser(raw, { flatten: true }) as { name: string; address: string }[];
  const out: Recipient[] = [];
  for (const p of parsed) {
    const address = (p.address ?? "").trim();
    if (!ADDR_SPEC.test(address)) {
      throw new ArgumentError(
        property,
        `'${property}' holds '${(p.name || p.address || raw).trim()}', which is not an email address; use ` +
          `'name@domain' or 'Name <name@domain>', separated by commas.`,
      );
    }
    out.push({ emailAddress: p.name ? { name: p.name, address } : { address } });
  }
  if (!out.length && required) throw new PropertyEmptyError(property, "Give at least one recipient address.");
  return out;
}
