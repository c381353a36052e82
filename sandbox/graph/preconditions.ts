import { GraphError } from "../http";
import type { RouteContext } from "../router";

/**
 * Optimistic concurrency on Outlook items: a PATCH or DELETE carrying `If-Match` goes ahead only
 * when one of its ETags (`W/"changeKey"`, quoted or bare, or `*`) names the item's current change
 * key; otherwise Exchange answers 412 ErrorIrresolvableConflict and changes nothing.
 */
export function checkIfMatch(ctx: RouteContext, changeKey: string): void {
  const header = ctx.req.headers["if-match"];
  if (header === undefined) return;
  const tags = String(header)
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const matches = tags.some((t) => t === "*" || t.replace(/^W\//i, "").replace(/^"(.*)"$/, "$1") === changeKey);
  if (matches) return;
  throw new GraphError(
    412,
    "ErrorIrresolvableConflict",
    "The send or update operation could not be performed because the change key passed in the request does not " +
      "match the current change key for the item.",
  );
}
