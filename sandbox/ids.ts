import { randomBytes, randomUUID } from "node:crypto";

/** Exchange-style item id: base64url of random bytes behind the "AAMk" prefix Outlook ids carry. Never contains "/". */
export function itemId(): string {
  return "AAMkA" + randomBytes(45).toString("base64url") + "=";
}

/** An immutable Exchange id (`Prefer: IdType="ImmutableId"`): Outlook's carry the "AAkALg" prefix. */
export function immutableItemId(): string {
  return "AAkALgA" + randomBytes(45).toString("base64url") + "=";
}

export function guid(): string {
  return randomUUID();
}

/** The "changeKey" / etag token of an item version. */
export function changeKey(): string {
  return "CQAAAB" + randomBytes(15).toString("base64url");
}

export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
