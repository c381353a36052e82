/**
 * Test vectors taken from Microsoft Graph's published v1.0 API reference: one per documented
 * request example, with what a conformance check needs and nothing else (no prose).
 * `tools/extract-graph-examples.ts` writes them; `test/conformance/` replays them against the sandbox.
 */

/** JSON types as a check sees them; "null" means the reference shows null, so any type is accepted. */
export type JsonType = "string" | "number" | "boolean" | "object" | "array" | "null";

/** Documented response properties and their JSON types. */
export interface Shape {
  /** Properties of the response's top-level object. */
  top: Record<string, JsonType>;
  /** For collections: properties of the first item of `value`. */
  item?: Record<string, JsonType>;
}

export interface Example {
  /** `<source file>#<example name>`, unique. */
  id: string;
  /** The reference page, e.g. `api-reference/v1.0/api/user-sendmail.md`. */
  file: string;
  /** The example's name in the page's annotation (or `<page>_<n>` when the page names none). */
  name: string;
  /** The resource group the example reports under (message, event, subscription, ...). */
  resource: string;
  method: string;
  /**
   * The documented URL with `{graph}` for `https://graph.microsoft.com/v1.0` and placeholders for
   * documented ids and addresses: `{user}`, `{message}`, `{mailFolder}`, `{attachment}`, `{event}`, ...
   */
  url: string;
  /** Content-Type, Prefer, If-Match and ConsistencyLevel, as documented. */
  headers?: Record<string, string>;
  /** The documented JSON body (casing and value types kept; ids, addresses and expiry times as placeholders). */
  body?: unknown;
  /** A documented body that is not JSON (base64 MIME, for instance). */
  bodyText?: string;
  /** The page documents no application permission: the example needs a user's (delegated) token. */
  delegatedOnly?: boolean;
  /** The documented response status. */
  status: number;
  /**
   * The success statuses the page's own Response section states, when they differ from the
   * example's (the reference sometimes shows `200 OK` where its text, and Graph, say `201 Created`).
   */
  statedStatuses?: number[];
  /** The `@odata.type` the response annotation declares, without the `microsoft.graph.` prefix. */
  responseType?: string;
  /** Documented response properties; absent when the response shows no JSON body. */
  shape?: Shape;
}

export interface ExamplesFile {
  /** Where the examples came from: repository and commit of each documentation source. */
  sources: { repository: string; commit: string; pages: number }[];
  examples: Example[];
}
