import { graphErrorBody } from "../answers";
import { badRequest, sendBytes } from "../http";
import type { InnerAnswer, InnerRequest, RouteContext, Router } from "../router";

/**
 * JSON batching (`POST /v1.0/$batch`), as Graph does it: up to 20 requests in one body
 * `{requests:[{id, method, url, headers, body, dependsOn}]}`, answered 200
 * `{responses:[{id, status, headers, body}]}` in the order they finished. A malformed batch (not
 * JSON, no requests, more than 20, duplicate ids, a body without Content-Type, a dependency on an
 * unknown id or a cycle) gets 400 and nothing runs. Each request is authorised, routed, throttled
 * (Outlook's limits per app and mailbox) and faulted like a top-level one, and can fail on its
 * own (a 429 item carries its Retry-After). Outlook runs at most 4 requests of a batch at a time;
 * a batch with dependencies runs one request at a time in dependency order, and a request whose
 * dependency failed is answered 424 without running.
 */

export const MAX_BATCH_REQUESTS = 20;
export const BATCH_PARALLELISM = 4;
const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"];

interface Step extends InnerRequest {
  id: string;
  dependsOn: string[];
}

const malformed = (message: string) => badRequest(message, "BadRequest");

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readRequests(ctx: RouteContext): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(ctx.body.toString("utf8"));
  } catch {
    throw malformed("Invalid batch payload format: the body is not JSON.");
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.requests))
    throw malformed("Invalid batch payload format: expected an object with a 'requests' array.");
  if (parsed.requests.length === 0) throw malformed("Invalid batch payload format: 'requests' is empty.");
  if (parsed.requests.length > MAX_BATCH_REQUESTS)
    throw malformed(`The batch holds ${parsed.requests.length} requests; the limit is ${MAX_BATCH_REQUESTS}.`);
  return parsed.requests;
}

function headersOf(value: unknown, id: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string"))
    throw malformed(`Request '${id}': 'headers' must be an object of text values.`);
  return value as Record<string, string>;
}

/** The body's bytes: JSON as JSON, anything else given as base64 (as Graph takes images or MIME). */
function bodyOf(value: unknown, headers: Record<string, string>, id: string): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  const type = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  if (!type) throw malformed(`Request '${id}' has a body but no Content-Type header.`);
  if (/json/i.test(type)) return Buffer.from(JSON.stringify(value));
  if (typeof value !== "string") throw malformed(`Request '${id}': a body that is not JSON must be base64 text.`);
  return Buffer.from(value, "base64");
}

function readStep(raw: unknown, index: number): Step {
  if (!isRecord(raw)) throw malformed(`Request ${index + 1} is not an object.`);
  const id = raw.id;
  if (typeof id !== "string" || !id) throw malformed(`Request ${index + 1} has no 'id'.`);
  const method = typeof raw.method === "string" ? raw.method.toUpperCase() : "";
  if (!METHODS.includes(method)) throw malformed(`Request '${id}': 'method' must be one of ${METHODS.join(", ")}.`);
  if (typeof raw.url !== "string" || !raw.url) throw malformed(`Request '${id}' has no 'url'.`);
  const dependsOn = raw.dependsOn ?? [];
  if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === "string"))
    throw malformed(`Request '${id}': 'dependsOn' must be a list of request ids.`);
  const headers = headersOf(raw.headers, id);
  return { id, method, url: raw.url, headers, body: bodyOf(raw.body, headers, id), dependsOn };
}

/** Ids are compared without regard to case; every dependency must name a request of the batch, without cycles. */
function checkIds(steps: Step[]): void {
  const ids = new Set<string>();
  for (const s of steps) {
    if (ids.has(s.id.toLowerCase())) throw malformed(`The batch holds the request id '${s.id}' more than once.`);
    ids.add(s.id.toLowerCase());
  }
  for (const s of steps)
    for (const d of s.dependsOn)
      if (!ids.has(d.toLowerCase())) throw malformed(`Request '${s.id}' depends on '${d}', which is not in the batch.`);
  dependencyOrder(steps);
}

/** The steps with each one after its dependencies; a cycle is a malformed batch. */
function dependencyOrder(steps: Step[]): Step[] {
  const byId = new Map(steps.map((s) => [s.id.toLowerCase(), s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Step[] = [];
  const visit = (s: Step) => {
    const key = s.id.toLowerCase();
    if (done.has(key)) return;
    if (visiting.has(key)) throw malformed(`The requests' dependencies form a cycle through '${s.id}'.`);
    visiting.add(key);
    for (const d of s.dependsOn) visit(byId.get(d.toLowerCase())!);
    visiting.delete(key);
    done.add(key);
    out.push(s);
  };
  steps.forEach(visit);
  return out;
}

type Finished = { step: Step; answer: InnerAnswer };

function failedDependency(ctx: RouteContext, step: Step): InnerAnswer {
  const body = graphErrorBody(
    "FailedDependency",
    `The request was not run because a request it depends on (${step.dependsOn.join(", ")}) failed.`,
    { requestId: ctx.requestId, clientRequestId: ctx.clientRequestId },
    ctx.clock,
  );
  return {
    status: 424,
    headers: { "Content-Type": "application/json" },
    body: Buffer.from(JSON.stringify(body)),
    reset: false,
  };
}

/** Runs steps one after another in dependency order; a failed dependency fails what depends on it (424). */
async function runInOrder(ctx: RouteContext, steps: Step[]): Promise<Finished[]> {
  const status = new Map<string, number>();
  const out: Finished[] = [];
  for (const step of dependencyOrder(steps)) {
    const failed = step.dependsOn.some((d) => (status.get(d.toLowerCase()) ?? 0) >= 400);
    const answer = failed ? failedDependency(ctx, step) : await ctx.dispatchInner!(step);
    status.set(step.id.toLowerCase(), answer.reset ? 500 : answer.status);
    out.push({ step, answer });
  }
  return out;
}

/** Runs independent steps, at most four at a time, each answer kept in the order it finished. */
async function runParallel(ctx: RouteContext, steps: Step[]): Promise<Finished[]> {
  const out: Finished[] = [];
  let next = 0;
  const worker = async () => {
    while (next < steps.length) {
      const step = steps[next++];
      out.push({ step, answer: await ctx.dispatchInner!(step) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_PARALLELISM, steps.length) }, worker));
  return out;
}

/**
 * An inner answer as the batch carries it: JSON bodies as JSON (spliced in as the route wrote them,
 * not parsed again), other bodies as base64, empty ones left out.
 */
function responseText({ step, answer }: Finished): string {
  const head = `{"id":${JSON.stringify(step.id)},"status":${answer.status},"headers":${JSON.stringify(answer.headers)}`;
  if (!answer.body.length) return `${head}}`;
  const type = Object.entries(answer.headers).find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
  const body = /json/i.test(type) ? answer.body.toString("utf8") : JSON.stringify(answer.body.toString("base64"));
  return `${head},"body":${body}}`;
}

async function batch(ctx: RouteContext): Promise<void> {
  const steps = readRequests(ctx).map(readStep);
  checkIds(steps);
  const sequential = steps.some((s) => s.dependsOn.length > 0);
  const finished = sequential ? await runInOrder(ctx, steps) : await runParallel(ctx, steps);
  ctx.log.batchRequests = steps.length;
  if (finished.some((f) => f.answer.reset)) {
    // A request met a fault that loses the connection: the batch's own connection goes.
    ctx.res.socket?.destroy();
    return;
  }
  const text = `{"responses":[${finished.map(responseText).join(",")}]}`;
  sendBytes(ctx.res, 200, "application/json", Buffer.from(text));
}

export function registerBatchRoutes(router: Router): void {
  // OData's batch endpoint is part of the protocol, not a resource of the schema.
  router.add("graph", "POST", "/$batch", batch, { inSchema: false });
}
