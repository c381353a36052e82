import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  ResponseType,
  TelemetryHandler,
  type GraphRequest,
} from "@microsoft/microsoft-graph-client";
import type { Connection } from "@prismatic-io/spectral";
import { accessToken, invalidateToken } from "../auth/tokens";
import { resolveConnection, type ResolvedConnection } from "../connections/resolve";
import { AuthenticationError, GraphServiceError, OutlookError, ThrottledError } from "../errors";
import { redact } from "../redact";
import type { GraphLink, GraphPath } from "./path";
import { RETRYABLE_STATUSES, RetryBudget, retryAfterMs, sleep } from "./retry";

/**
 * The transport: the one road to Graph. Catalogue modules (this folder) give a path relative to
 * Graph's root and version, made by `graphPath` (e.g. "/users/a%40b.com/messages"), or a link Graph
 * gave; this adds base URL and national cloud, the token, throttling retries (429/503/504 with
 * Retry-After, else backoff, within a budget), one retry with a fresh token when Graph refuses a
 * token, query encoding, and typed errors.
 */

export type Query = Record<string, string | number | boolean | undefined>;

export interface GraphCall {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Relative to the version root (made by `graphPath`), or a link Graph gave (checked in paging.ts). */
  path: GraphPath | GraphLink;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** How to read the answer: JSON (default), text, or raw bytes. */
  responseType?: "json" | "text" | "bytes";
  /** The input to blame when Graph answers 404 for the item named in the path. */
  notFound?: string;
  /** Give up waiting after this many ms. */
  timeoutMs?: number;
  /**
   * A call that delivers mail (sendMail, send, reply, forward): it is retried only on answers that
   * say it was not processed (429, 503), never on a 504, after which the mail may already be on its way.
   */
  delivers?: boolean;
  /**
   * Retries beyond throttling, for Raw Request's options: any failure, or only 5xx and network errors; exponential
   * backoff starts at 1 s and ignores delayMs.
   */
  extraRetries?: { max: number; delayMs: number; exponential: boolean; allErrors: boolean };
}

/** Which input Graph's error codes point at, when the call does not say. */
const PROPERTY_FOR_CODE: Record<string, string> = {
  ErrorInvalidUser: "mailbox",
  MailboxNotEnabledForRESTAPI: "mailbox",
  ErrorSendAsDenied: "mailbox",
  ErrorInvalidRecipients: "to",
  ErrorAccessDenied: "connection.scopes",
  Authorization_RequestDenied: "connection.scopes",
  ErrorMessageSizeExceeded: "attachments",
};

const HINT_FOR_CODE: Record<string, string> = {
  ErrorAccessDenied:
    " The connection lacks the Graph permission this needs (or, for another user's mailbox, access to it).",
  Authorization_RequestDenied: " The connection lacks a directory permission (e.g. User.Read.All).",
  ErrorInvalidUser: " Check the mailbox (user principal name, SMTP address or object ID).",
  MailboxNotEnabledForRESTAPI: " The user has no Exchange Online mailbox.",
  ErrorSendAsDenied: " The mailbox may not send as that address; grant Send As, or send from that mailbox.",
};

interface GraphClientError {
  statusCode: number;
  code: string | null;
  message: string;
  requestId: string | null;
  headers?: Headers;
}

/**
 * An HTTP answer from Graph; the client reports transport failures with statusCode -1, which are network errors here.
 */
function isGraphClientError(e: unknown): e is GraphClientError {
  return (
    typeof e === "object" &&
    e !== null &&
    "statusCode" in e &&
    typeof (e as GraphClientError).statusCode === "number" &&
    (e as GraphClientError).statusCode > 0
  );
}

/** Raw Request's extra retries: any failure, or only 5xx and network errors; never throttling, which has its own. */
function wantsExtraRetry(call: GraphCall, e: unknown, done: number): boolean {
  const r = call.extraRetries;
  const status = isGraphClientError(e) ? e.statusCode : 0;
  return Boolean(
    r && done < r.max && (r.allErrors || status === 0 || status >= 500) && !RETRYABLE_STATUSES.includes(status),
  );
}

/** A 504 on a call that delivers mail: Graph may have sent it, so it is not sent again. */
function deliveryTimeout(e: GraphClientError): GraphServiceError {
  const requestId = e.requestId ? ` (request-id ${e.requestId})` : "";
  return new GraphServiceError(
    "Graph timed out (504) while delivering; the message may or may not have been sent, so it was not sent again. " +
      `Check the recipient's mailbox or Sent Items before retrying.${requestId}`,
    e.code ?? "GatewayTimeout",
    504,
    e.requestId ?? undefined,
  );
}

/** Throttling (429/503/504) that outlasted the retry budget. */
function throttled(e: GraphClientError, retryAfter: number | undefined, attempts: number): ThrottledError {
  const seconds = retryAfter === undefined ? undefined : Math.ceil(retryAfter / 1000);
  return new ThrottledError(
    `Graph is throttling or unavailable (${e.statusCode} ${e.code ?? ""}) and the retry budget is spent after ` +
      `${attempts} retr${attempts === 1 ? "y" : "ies"}` +
      (seconds !== undefined ? `; it asks to wait ${seconds} s more. Try again later.` : ". Try again later."),
    e.statusCode,
    seconds,
    attempts,
  );
}

export class Graph {
  readonly client: Client;
  private lastToken?: string;

  constructor(readonly conn: ResolvedConnection) {
    // The token is fetched before each call (see `call`), so identity errors arrive typed, not wrapped by the client.
    const auth = new AuthenticationHandler({ getAccessToken: async () => this.lastToken ?? accessToken(conn) });
    const telemetry = new TelemetryHandler();
    auth.setNext(telemetry);
    telemetry.setNext(new HTTPMessageHandler());
    this.client = Client.initWithMiddleware({
      middleware: auth,
      baseUrl: `${conn.graphBaseUrl}/`,
      defaultVersion: "v1.0",
      // The Graph client attaches tokens only to Graph's hosts and these: national clouds and private roots.
      customHosts: new Set([new URL(conn.graphBaseUrl).hostname]),
    });
  }

  private build(call: GraphCall): GraphRequest {
    let request = this.client.api(String(call.path));
    if (call.query) {
      const query = Object.fromEntries(
        Object.entries(call.query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      );
      if (Object.keys(query).length) request = request.query(query);
    }
    if (call.headers) request = request.headers(call.headers);
    if (call.responseType === "text") request = request.responseType(ResponseType.TEXT);
    if (call.responseType === "bytes") request = request.responseType(ResponseType.ARRAYBUFFER);
    if (call.timeoutMs) request = request.option("signal", AbortSignal.timeout(call.timeoutMs));
    return request;
  }

  private send(call: GraphCall): Promise<unknown> {
    const request = this.build(call);
    switch (call.method) {
      case "GET":
        return request.get();
      case "POST":
        return request.post(call.body ?? {});
      case "PATCH":
        return request.patch(call.body ?? {});
      case "PUT":
        return request.put(call.body ?? {});
      case "DELETE":
        return request.delete();
    }
  }

  /** One Graph call, with retries, and Graph's and the identity platform's errors typed. */
  async call<T = Record<string, unknown>>(call: GraphCall): Promise<T> {
    const budget = new RetryBudget();
    let reauthenticated = false;
    let extra = 0;
    for (;;) {
      this.lastToken = await accessToken(this.conn);
      try {
        const result = await this.send(call);
        return (call.responseType === "bytes" ? Buffer.from(result as ArrayBuffer) : result) as T;
      } catch (e) {
        if (e instanceof OutlookError) throw e;
        if (wantsExtraRetry(call, e, extra)) {
          await sleep(call.extraRetries!.exponential ? 1000 * 2 ** extra : call.extraRetries!.delayMs);
          extra++;
          continue;
        }
        if (!isGraphClientError(e)) throw this.networkError(e, call);
        if (e.statusCode === 401 && !reauthenticated && this.lastToken) {
          // A token the platform or our cache thought valid was refused (revoked, clock skew): get a new one once.
          reauthenticated = true;
          invalidateToken(this.conn, this.lastToken);
          continue;
        }
        if (call.delivers && e.statusCode === 504) throw deliveryTimeout(e);
        if (RETRYABLE_STATUSES.includes(e.statusCode)) {
          const retryAfter = retryAfterMs(e.headers?.get("Retry-After"));
          const wait = budget.next(retryAfter);
          if (wait === undefined) throw throttled(e, retryAfter, budget.attempts);
          await sleep(wait);
          continue;
        }
        throw this.serviceError(e, call);
      }
    }
  }

  /** Graph's error for one request of a JSON batch (batch.ts), typed as a call of its own would have it. */
  batchItemError(
    answer: { status: number; code?: string; message?: string; requestId?: string },
    call: Pick<GraphCall, "notFound">,
  ): OutlookError {
    const e = {
      statusCode: answer.status,
      code: answer.code ?? null,
      message: answer.message ?? "",
      requestId: answer.requestId ?? null,
    };
    return this.serviceError(e, call as GraphCall);
  }

  private serviceError(e: GraphClientError, call: GraphCall): OutlookError {
    const code = e.code ?? `HTTP${e.statusCode}`;
    if (e.statusCode === 401) {
      return new AuthenticationError(
        `Graph refused the connection's token (${code}): ${redact(e.message)}`,
        [],
        "connection",
      );
    }
    const property =
      e.statusCode === 404 &&
      call.notFound &&
      (code === "ErrorItemNotFound" || code === "itemNotFound" || code === "ResourceNotFound")
        ? call.notFound
        : PROPERTY_FOR_CODE[code];
    // The request-id is what Microsoft support asks for; the platform's logs show only the message.
    const requestId = e.requestId ? ` (request-id ${e.requestId})` : "";
    return new GraphServiceError(
      `Graph answered ${e.statusCode} ${code}: ${redact(e.message)}${HINT_FOR_CODE[code] ?? ""}${requestId}`,
      code,
      e.statusCode,
      e.requestId ?? undefined,
      property,
    );
  }

  private networkError(e: unknown, call: GraphCall): OutlookError {
    const cause = e instanceof Error ? ((e as Error & { cause?: Error }).cause?.message ?? e.message) : String(e);
    return new GraphServiceError(
      `Could not reach Graph at ${this.conn.graphBaseUrl} for ${call.method} ` +
        `${redact(String(call.path).split("?")[0])}: ${redact(cause)}`,
      "NetworkError",
      0,
    );
  }
}

/**
 * The Graph road for a connection. Tokens and identity clients are cached per connection identity; this object is
 * cheap.
 */
export function graphFor(connection: Connection): Graph {
  return new Graph(resolveConnection(connection));
}
