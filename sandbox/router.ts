import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "./clock";
import type { Store } from "./store";
import type { Principal, TokenIssuer } from "./tokens";
import type { Notifier } from "./notifier";
import type { Permissions } from "./permissions";

export type { Permissions } from "./permissions";

export type RouteKind = "graph" | "identity" | "upload" | "sandbox";

export interface RouteOptions {
  /** Graph routes: the permissions required; omitted means any valid token. */
  permissions?: Permissions;
  /** Largest request body accepted (Graph's front door refuses about 4 MB JSON bodies). */
  bodyLimit?: number;
  /** False for routes that are not part of Graph v1.0's schema (identity, upload URLs, sandbox control). */
  inSchema?: boolean;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** The request's own origin, e.g. "https://127.0.0.1:4433" or "https://graph.microsoft.com". */
  origin: string;
  params: Record<string, string>;
  query: URLSearchParams;
  requestId: string;
  clientRequestId: string;
  store: Store;
  clock: Clock;
  tokens: TokenIssuer;
  notifier: Notifier;
  /** A cap on page sizes (SandboxOptions.maxPageSize). */
  maxPageSize?: number;
  /** Set for Graph routes once the bearer token is verified. */
  principal?: Principal;
  /** The raw request body (read before the handler runs, within the route's limit). */
  body: Buffer;
  /** Fields the request log records about this request, filled in by handlers. */
  log: Record<string, unknown>;
  /** Answers a request carried inside a JSON batch as a top-level one is answered (Graph routes only). */
  dispatchInner?: (request: InnerRequest) => Promise<InnerAnswer>;
}

/** One request of a JSON batch (`POST /v1.0/$batch`), its url relative to the version root. */
export interface InnerRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** How an inner request was answered; `reset` when a fault lost the connection (and so the whole batch). */
export interface InnerAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  reset: boolean;
}

export type Handler = (ctx: RouteContext) => Promise<void> | void;

export interface Route {
  method: string;
  /** Template with {param} segments, e.g. "/users/{user-id}/mailFolders/{mailFolder-id}". */
  template: string;
  kind: RouteKind;
  handler: Handler;
  options: RouteOptions;
  /** Each template segment as matched: a parameter, a function call with one parameter, or a literal. */
  matchers: SegmentMatcher[];
  /** How many of the segments are not parameters (the most literal template wins). */
  literals: number;
}

/**
 * A template segment, read once when its route is added: true when a request's segment (given also in lower case)
 * fits, its parameter kept.
 */
type SegmentMatcher = (segment: string, lower: string, params: Record<string, string>) => boolean;

function segmentMatcher(t: string): SegmentMatcher {
  if (t.startsWith("{")) {
    const name = t.slice(1, -1);
    return (segment, _lower, params) => {
      params[name] = segment;
      return true;
    };
  }
  const call = /^(\w+)\(\{([\w-]+)\}\)$/.exec(t);
  if (call) {
    // A function call with parameters: "supportedTimeZones(TimeZoneStandard=...)".
    const pattern = new RegExp(`^${call[1]}\\((.*)\\)$`, "i");
    return (segment, _lower, params) => {
      const m = pattern.exec(segment);
      if (m) params[call[2]] = m[1];
      return Boolean(m);
    };
  }
  const literal = t.toLowerCase();
  return (_segment, lower) => literal === lower;
}

export class Router {
  readonly routes: Route[] = [];

  add(kind: RouteKind, method: string, template: string, handler: Handler, options: RouteOptions = {}): void {
    const segments = template.split("/").filter(Boolean);
    const literals = segments.filter((t) => !t.startsWith("{")).length;
    this.routes.push({
      method,
      template,
      kind,
      handler,
      options,
      matchers: segments.map(segmentMatcher),
      literals,
    });
  }

  /**
   * Finds the route for a method and decoded path segments. Literal segments match without
   * regard to case, as Graph's do. Returns the route and its parameters, or why nothing matched.
   */
  match(
    kind: RouteKind,
    method: string,
    segments: string[],
  ): { route: Route; params: Record<string, string> } | { methodNotAllowed: boolean } {
    let pathMatched = false;
    const lowered = segments.map((s) => s.toLowerCase());
    let best: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      if (route.kind !== kind || route.matchers.length !== segments.length) continue;
      const params: Record<string, string> = {};
      if (!route.matchers.every((matches, i) => matches(segments[i], lowered[i], params))) continue;
      pathMatched = true;
      // The most literal template wins: ".../messages/delta" before ".../messages/{message-id}".
      if (route.method === method && (!best || route.literals > best.route.literals)) best = { route, params };
    }
    return best ?? { methodNotAllowed: pathMatched };
  }
}

/**
 * Splits a raw URL path into decoded segments, turning OData key syntax into plain segments:
 * "/users('a@b.com')/mailFolders('inbox')" becomes ["users", "a@b.com", "mailFolders", "inbox"].
 * Splitting happens before decoding, so an encoded "/" stays inside its segment and can never
 * change which route a request reaches.
 */
export function pathSegments(rawPath: string): string[] {
  const out: string[] = [];
  for (const raw of rawPath.split("/")) {
    if (!raw) continue;
    out.push(...segmentParts(raw));
  }
  return out;
}

/**
 * One raw segment as route segments: `messages('AAMk…=')` is a collection and a key (a quoted key
 * may hold any character, "=" included), `delta()` a function called without arguments, and
 * `supportedTimeZones(TimeZoneStandard=…)` a function with named arguments, kept whole.
 */
function segmentParts(raw: string): string[] {
  const keyed = /^([^(]+)\((.*)\)$/.exec(raw);
  if (!keyed || keyed[1].includes(".")) return [safeDecode(raw)];
  const name = safeDecode(keyed[1]);
  const inner = safeDecode(keyed[2]);
  if (inner === "") return [name];
  if (/^'.*'$/s.test(inner)) return [name, inner.slice(1, -1).replace(/''/g, "'")];
  if (inner.includes("=")) return [safeDecode(raw)];
  return [name, inner];
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
