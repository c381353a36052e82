import { DEFAULT_TENANT_ID, USERS } from "../../sandbox";
import { OutlookError } from "../../src/errors";
import { CaseFixtures } from "./baseline";
import { hungDetail, type Failure } from "./judge";
import { tokenOutsideGraph } from "./oracles";
import type { CaseResult, Run, Runner } from "./run";
import { visibleText } from "./secrets";
import type { Snapshot } from "./snapshot";
import { requestPayload, type Context, type Target } from "./targets";

/**
 * Webhook triggers against what anyone on the internet can POST to a flow's URL: hostile bodies,
 * query values and headers. An unauthenticated request must never make a trigger throw, must get a
 * 2xx or 4xx answer and the Rejected branch (or the validation answer for a validation token), and
 * must cause no Graph request and no change; nothing a trigger returns may carry a secret, and a
 * genuine notification (the right clientState) must come through without its clientState.
 */

export interface Subscribed {
  /** crossFlowState after the self-managing mail trigger was deployed. */
  state: Record<string, unknown>;
  id: string;
  clientState: string;
  /** A message the genuine notification is about. */
  messageId: string;
  base: Snapshot;
}

export interface PayloadCase {
  trigger: Target;
  part: "body" | "query" | "headers";
  name: string;
  payload: () => Record<string, unknown>;
  /** Carries the subscription's clientState: Graph requests and a Notification branch are expected. */
  authenticated?: boolean;
  /** The validation handshake: answered 200 with the token. */
  validation?: boolean;
  /** Forged from the real clientState (near misses): the caller holds it already, so echoing it is no leak. */
  forgedFromSecret?: boolean;
}

const json = (value: unknown) => JSON.stringify(value);
const notification = (s: Subscribed, extra: Record<string, unknown>) => ({
  subscriptionId: s.id,
  changeType: "created",
  resource: `Users/${USERS.adele.id}/Messages/${s.messageId}`,
  resourceData: { "@odata.type": "#Microsoft.Graph.Message", id: s.messageId },
  tenantId: DEFAULT_TENANT_ID,
  ...extra,
});

/** Raw request bodies, each as the platform would pass it (text, bytes, or already parsed). */
/** Near misses built from the real clientState, to catch loose comparisons. */
const FORGED = new Set(["clientState a list", "clientState with a prefix"]);

function bodies(s: Subscribed): [string, unknown][] {
  const nested = "[".repeat(20_000) + "]".repeat(20_000);
  return [
    ["no body", undefined],
    ["null body", null],
    ["empty body", ""],
    ["the text null", "null"],
    ["empty object", "{}"],
    ["empty array", "[]"],
    ["a number", "42"],
    ["truncated JSON", '{"value":['],
    ["NUL bytes", "\u0000\u0000"],
    ["invalid UTF-8", Buffer.from([0xff, 0xfe, 0xc3, 0x28])],
    ["value null", json({ value: null })],
    ["value an object", json({ value: {} })],
    ["value a string", json({ value: "x" })],
    ["value holding null", json({ value: [null] })],
    ["value holding scalars", json({ value: [1, "x", [], true] })],
    ["value holding an empty object", json({ value: [{}] })],
    ...["__proto__", "constructor", "toString", "hasOwnProperty"].map(
      (id) =>
        [`subscriptionId ${id}`, json({ value: [{ subscriptionId: id, clientState: "x" }] })] as [string, unknown],
    ),
    [
      "unknown subscription",
      json({ value: [notification(s, { subscriptionId: "00000000-0000-0000-0000-000000000000" })] }),
    ],
    ["wrong clientState", json({ value: [notification(s, { clientState: "not-the-secret" })] })],
    ["no clientState", json({ value: [notification(s, {})] })],
    ["clientState an object", json({ value: [notification(s, { clientState: { $ne: null } })] })],
    ["clientState a list", json({ value: [notification(s, { clientState: [s.clientState] })] })],
    ["clientState empty", json({ value: [notification(s, { clientState: "" })] })],
    ["clientState with a prefix", json({ value: [notification(s, { clientState: `x${s.clientState}` })] })],
    ["unauthenticated lifecycle event", json({ value: [notification(s, { lifecycleEvent: "subscriptionRemoved" })] })],
    [
      "unauthenticated missed event",
      json({ value: [notification(s, { clientState: "x", lifecycleEvent: "missed" })] }),
    ],
    ["unauthenticated rich notification", json({ value: [notification(s, { encryptedContent: { data: "AAAA" } })] })],
    [
      "10,000 unknown notifications",
      json({ value: Array.from({ length: 10_000 }, (_, i) => ({ subscriptionId: `${i}` })) }),
    ],
    ["deeply nested JSON", nested],
    ["already-parsed hostile object", { value: [{ subscriptionId: "__proto__", clientState: "x" }] }],
    ["JSON as bytes", Buffer.from(json({ value: [notification(s, { clientState: "x" })] }))],
  ];
}

function parsed(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function withBody(raw: unknown, query: Record<string, unknown> = {}, headers?: Record<string, unknown>) {
  const payload = requestPayload(raw, query, headers);
  (payload.body as { data: unknown }).data = parsed(raw);
  return payload;
}

export function payloadCases(trigger: Target, s: Subscribed): PayloadCase[] {
  const cases: PayloadCase[] = bodies(s).map(([name, raw]) => ({
    trigger,
    part: "body",
    name,
    payload: () => withBody(raw),
    forgedFromSecret: FORGED.has(name),
  }));
  const q = (name: string, query: unknown, validation = false): PayloadCase => ({
    trigger,
    part: "query",
    name,
    validation,
    payload: () => ({ ...withBody(json({ value: [] })), queryParameters: query }),
  });
  const h = (name: string, headers: unknown): PayloadCase => ({
    trigger,
    part: "headers",
    name,
    payload: () => ({ ...withBody(json({ value: [] })), headers }),
  });
  cases.push(
    q("validation token", { validationToken: "Validation: token 123" }, true),
    q("validation token of 100 KB", { validationToken: "v".repeat(100 * 1024) }, true),
    q("validation token with markup and CR LF", { validationToken: "<script>x</script>\r\nSet-Cookie: a=b" }, true),
    q("validation token a list", { validationToken: ["a", "b"] }),
    q("validation token an object", { validationToken: { a: 1 } }),
    q("query null", null),
    q("query with a __proto__ key", JSON.parse('{"__proto__":{"validationToken":"x"}}')),
    h("no headers", undefined),
    h("header values as lists", { "content-type": ["text/plain", "application/json"] }),
    h("a 100 KB header", { "x-big": "h".repeat(100 * 1024) }),
    h("content type a number", { "content-type": 42 }),
  );
  cases.push({
    trigger,
    part: "body",
    name: "a genuine notification",
    authenticated: true,
    payload: () => withBody(json({ value: [notification(s, { clientState: s.clientState })] })),
  });
  return cases;
}

function judgePayload(pc: PayloadCase, run: Run, runner: Runner): Failure[] {
  const out: Failure[] = [];
  const graph = run.requests.filter((r) => r.kind === "graph").length;
  const result = run.result as { branch?: string; response?: { statusCode?: number }; payload?: unknown } | undefined;
  if (run.hung) out.push({ cls: "untyped", detail: hungDetail(run) });
  else if (run.error !== undefined) {
    const e = run.error as Error;
    out.push({
      cls: run.error instanceof OutlookError ? "triggerMisbehaved" : "untyped",
      detail: `threw ${e?.name ?? typeof e}: ${String(e?.message ?? e).slice(0, 160)}`,
    });
  } else {
    const status = result?.response?.statusCode;
    if (status !== undefined && (status < 200 || status >= 500))
      out.push({ cls: "triggerMisbehaved", detail: `answered ${status}` });
    const expected = pc.validation ? "URL Validation" : pc.authenticated ? "Notification" : "Rejected";
    if (result?.branch !== expected)
      out.push({ cls: "triggerMisbehaved", detail: `branch ${String(result?.branch)}, expected ${expected}` });
  }
  if (!pc.authenticated && graph)
    out.push({ cls: "triggerMisbehaved", detail: `${graph} Graph request(s) for an unauthenticated request` });
  if (!pc.authenticated && (run.diff.created.length || run.diff.changed.length))
    out.push({ cls: "stateLeftBehind", detail: `changed ${[...run.diff.created, ...run.diff.changed][0].kind}` });
  const stray = tokenOutsideGraph(run.requests);
  if (stray) out.push({ cls: "wrongPath", detail: stray });
  const shown = result
    ? visibleText({ payload: result.payload, response: result.response, branch: result.branch })
    : "";
  const found = runner.world.secrets
    .find([shown, visibleText(run.error ?? ""), run.logs.join("\n")].join("\n"))
    .filter((kind) => !(pc.forgedFromSecret && kind === "clientState"));
  if (found.length) out.push({ cls: "secret", detail: `${found.join(", ")} in the trigger's output` });
  return out;
}

export async function runPayloadCase(runner: Runner, pc: PayloadCase, s: Subscribed): Promise<CaseResult> {
  const cf = new CaseFixtures(runner.fixtures, pc.trigger, "");
  const params = runner.params(undefined, undefined, cf);
  const harness = runner.world.harness as unknown as {
    trigger(k: string, payload: unknown, p: unknown, c: unknown): Promise<unknown>;
  };
  const run = await runner.observe(
    (context) => harness.trigger(pc.trigger.key, pc.payload(), params, context),
    (context: Context) => void (context.crossFlowState = structuredClone(s.state)),
  );
  const failures = judgePayload(pc, run, runner);
  runner.reset(s.base);
  return {
    target: pc.trigger.name,
    input: `request ${pc.part}`,
    value: pc.name,
    outcome: failures.length ? "failed" : run.error ? "typed" : "ok",
    failures,
  };
}
