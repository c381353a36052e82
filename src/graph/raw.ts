import { ArgumentError } from "../errors";
import type { Graph, GraphCall } from "./client";
import { GraphPath } from "./path";

/** Raw Request: any Graph call on the connection's road, the path checked so the token only ever goes to Graph. */

/**
 * A path under the connection's Graph root and version ("/me/messages?$top=5"), trimmed: never an
 * absolute or protocol-relative URL, never a fragment, a space or a ".." segment.
 */
export function rawPath(value: unknown, input = "url"): GraphPath {
  const path = (value === undefined || value === null ? "" : String(value)).trim();
  if (
    !path.startsWith("/") ||
    path.startsWith("//") ||
    /[\s#]/.test(path) ||
    path.split("?")[0].split("/").includes("..")
  ) {
    throw new ArgumentError(
      input,
      `'${input}' must be a path under the Graph root such as /me/messages (got '${path}'); ` +
        "the base URL is added for you.",
    );
  }
  return GraphPath.trusted(path);
}

export type RawRequest = Omit<GraphCall, "path" | "notFound" | "delivers">;

/** Sends the request as given; throttling is ridden out as for every action, plus the retries asked for. */
export function send(graph: Graph, path: GraphPath, request: RawRequest): Promise<unknown> {
  return graph.call<unknown>({ ...request, path });
}
