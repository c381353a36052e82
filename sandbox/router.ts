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
  segments: string[];
}

export class Router {
  readonly routes: Route[] = [];

  add(kind: RouteKind, method: string, template: string, handler: Handler, options: RouteOptions = {}): void {
    this.routes.push({ method, template, kind, handler, options, segments: template.split("/").filter(Boolean) });
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
    let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
    for (const route of this.routes) {
      if (route.kind !== kind || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      let literals = 0;
      for (let i = 0; i < segments.length && ok; i++) {
        const t = route.segments[i];
        const call = /^(\w+)\(\{([\w-]+)\}\)$/.exec(t);
        if (t.startsWith("{")) params[t.slice(1, -1)] = segments[i];
        else if (call) {
          // A function call with parameters: "supportedTimeZones(TimeZoneStandard=...)".
          const m = new RegExp(`^${call[1]}\\((.*)\\)$`, "i").exec(segments[i]);
          ok = Boolean(m);
          if (m) params[call[2]] = m[1];
          literals++;
        } else {
          ok = t.toLowerCase() === segments[i].toLowerCase();
          literals++;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      // The most literal template wins: ".../messages/delta" before ".../messages/{message-id}".
      if (route.method === method && (!best || literals > best.literals)) best = { route, params, literals };
    }
    return best ? { route: best.route, params: best.params } : { methodNotAllowed: pathMatched };
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
