import { input } from "@prismatic-io/spectral";
import { ArgumentError } from "../errors";

export const connectionInput = input({ label: "Connection", type: "connection", required: true });

export const mailboxInput = input({
  label: "Mailbox",
  type: "string",
  required: false,
  example: "sales@contoso.onmicrosoft.com",
  comments:
    "The mailbox to act on: a user principal name, SMTP address or object ID, including a shared mailbox. Defaults " +
    "to the connection's User ID, or the signed-in user.",
});

/** A picklist value checked against its choices (case-insensitively), with the default when empty. */
export function choice<T extends string>(property: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === null || String(value).trim() === "") return fallback;
  const found = allowed.find((a) => a.toLowerCase() === String(value).trim().toLowerCase());
  if (!found)
    throw new ArgumentError(property, `'${property}' must be one of ${allowed.join(", ")} (got '${String(value)}').`);
  return found;
}

/** A boolean input: spectral passes strings ("true"/"false") as often as booleans. */
export function flag(property: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value === "boolean") return value;
  const s = String(value).trim().toLowerCase();
  if (s === "true") return true;
  if (s === "false") return false;
  throw new ArgumentError(property, `'${property}' must be true or false (got '${String(value)}').`);
}

/** Optional text: undefined when empty. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = String(value);
  return s.trim() === "" ? undefined : s;
}
