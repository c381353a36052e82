import { ArgumentError } from "../errors";
import { isWellFormed } from "../inputs/common";
import type { Graph, GraphCall } from "./client";
import { GraphPath } from "./path";

/** Raw Request: any Graph call on the connection's road, the path checked so the token only ever goes to Graph. */

const CONTROL_OR_SPACE = /[\s\p{Cc}]/u;

function refuse(input: string, why: string): ArgumentError {
  return new ArgumentError(
    input,
    `'${input}' must be a path under the Graph root such as /me/messages (${why}); the base URL and version are ` +
      "added for you.",
  );
}

/** Percent-decoding, refused when it is broken (a lone '%', a lone surrogate). */
function decoded(input: string, part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw refuse(input, `'${part.slice(0, 40)}' has broken percent-encoding`);
  }
}

/**
 * One path segment, decoded as a server would decode it (up to three times, for text encoded more than once) and
 * checked at each step: never "." or "..", never a "/" or "\" hidden by encoding, never a control character.
 */
function checkedSegment(input: string, raw: string): string {
  let text = decoded(input, raw);
  for (let round = 0; ; round++) {
    if (text === "." || text === ".." || /[/\\]/.test(text) || CONTROL_OR_SPACE.test(text))
      throw refuse(input, `the segment '${raw.slice(0, 40)}' climbs or hides a separator`);
    if (round === 2 || !/%[0-9a-f]{2}/i.test(text)) return decoded(input, raw);
    text = decoded(input, text);
  }
}

/** Encodes a decoded segment once, keeping OData's readable characters ($, ', (, ), =, ",", :, @) as they are. */
const encodedSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/%(24|27|28|29|3D|2C|3A|40)/gi, (m) => decodeURIComponent(m));

/** The query of a raw URL, decoded ('+' is a plus, as typed), to be encoded again on the road. */
function queryOf(input: string, search: string): Record<string, string> {
  const query: Record<string, string> = Object.create(null);
  for (const part of search.split("&").filter(Boolean)) {
    const at = part.indexOf("=");
    const key = decoded(input, at < 0 ? part : part.slice(0, at));
    if (!key || key === "__proto__") throw refuse(input, `its query has a parameter without a usable name`);
    query[key] = at < 0 ? "" : decoded(input, part.slice(at + 1));
  }
  return query;
}

/**
 * A path under the connection's Graph root and version ("/me/messages?$top=5"), decoded, normalised and then checked:
 * never an absolute or protocol-relative URL, a fragment, a backslash, a space or a ".." segment in any encoding. The
 * path is re-encoded once and its query is returned decoded, so that it takes the road's encoding like any other.
 */
export function rawPath(value: unknown, input = "url"): { path: GraphPath; query: Record<string, string> } {
  const text = typeof value === "string" ? value.trim() : "";
  if (!text.startsWith("/") || text.startsWith("//")) throw refuse(input, `got '${text.slice(0, 80)}'`);
  if (/[#\\]/.test(text) || CONTROL_OR_SPACE.test(text) || !isWellFormed(text))
    throw refuse(input, "no fragment, backslash, space or control character");
  const at = text.indexOf("?");
  const pathPart = at < 0 ? text : text.slice(0, at);
  const segments = pathPart.slice(1).split("/");
  if (segments.at(-1) === "" && segments.length > 1) segments.pop();
  if (segments.some((s) => s === "")) throw refuse(input, "an empty segment");
  const path = `/${segments.map((s) => encodedSegment(checkedSegment(input, s))).join("/")}`;
  return { path: GraphPath.trusted(path), query: queryOf(input, at < 0 ? "" : text.slice(at + 1)) };
}

export type RawRequest = Omit<GraphCall, "path" | "notFound" | "delivers">;

/** Sends the request as given; throttling is ridden out as for every action, plus the retries asked for. */
export function send(graph: Graph, path: GraphPath, request: RawRequest): Promise<unknown> {
  return graph.call<unknown>({ ...request, path });
}
