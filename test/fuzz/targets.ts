import { defaultTriggerPayload } from "@prismatic-io/spectral/dist/testing";
import type { InputDef } from "./roles";
import type { ComponentDef, World } from "./world";

/**
 * What the suite fuzzes, read from the component object: every action, every trigger (through the
 * entry point that reads its inputs: deploy for self-managing webhooks, a poll for polling
 * triggers, a request for plain webhooks) and every connection (its fields, through one
 * read-only action), each with its inputs as the definition declares them.
 */

export type Context = Record<string, unknown>;

export interface Target {
  kind: "action" | "trigger" | "connection";
  key: string;
  /** "action sendMessage", "trigger webhook", "connection certificate". */
  name: string;
  label: string;
  description: string;
  inputs: InputDef[];
  /** For connections: its authorization type ("authorization_code", "client_credentials", none). */
  oauth2Type?: string;
  /** For triggers: the entry point fuzzed. */
  entry?: "deploy" | "poll" | "request";
  isPolling?: boolean;
}

interface Definition {
  key: string;
  display?: { label?: string; description?: string };
  label?: string;
  comments?: string;
  inputs: InputDef[];
  oauth2Type?: string;
  isPollingTrigger?: boolean;
  onInstanceDeploy?: unknown;
}

export function targetsOf(component: ComponentDef): Target[] {
  const c = component as unknown as {
    actions: Record<string, Definition>;
    triggers: Record<string, Definition>;
    connections: Definition[];
  };
  const actions = Object.entries(c.actions).map(([key, a]) => ({
    kind: "action" as const,
    key,
    name: `action ${key}`,
    label: a.display?.label ?? key,
    description: a.display?.description ?? "",
    inputs: a.inputs,
  }));
  const triggers = Object.entries(c.triggers).map(([key, t]) => ({
    kind: "trigger" as const,
    key,
    name: `trigger ${key}`,
    label: t.display?.label ?? key,
    description: t.display?.description ?? "",
    inputs: t.inputs,
    isPolling: Boolean(t.isPollingTrigger),
    entry: t.isPollingTrigger ? ("poll" as const) : t.onInstanceDeploy ? ("deploy" as const) : ("request" as const),
  }));
  const connections = c.connections.map((d) => ({
    kind: "connection" as const,
    key: d.key,
    name: `connection ${d.key}`,
    label: d.label ?? d.key,
    description: d.comments ?? "",
    inputs: d.inputs,
    oauth2Type: d.oauth2Type,
  }));
  return [...actions, ...triggers, ...connections];
}

/**
 * The action a connection's fields are fuzzed through: a Get or List action that needs nothing
 * but the connection (fewest inputs, then definition order), so a failure points at the connection.
 */
export function probeAction(targets: Target[]): Target {
  const candidates = targets.filter(
    (t) =>
      t.kind === "action" &&
      /^(Get|List) /.test(t.label) &&
      t.inputs.every((i) => i.type === "connection" || !i.required),
  );
  const probe = candidates.sort((a, b) => a.inputs.length - b.inputs.length)[0];
  if (!probe) throw new Error("no read-only action to fuzz connections through");
  return probe;
}

export function flowContext(world: World, logs: string[]): Context {
  const logger = Object.fromEntries(
    ["trace", "debug", "info", "log", "warn", "error", "metric"].map((level) => [
      level,
      (...args: unknown[]) =>
        void logs.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")),
    ]),
  );
  let pollState: Record<string, unknown> = {};
  return {
    logger,
    crossFlowState: {},
    instanceState: {},
    executionState: {},
    integrationState: {},
    webhookUrls: { "Flow 1": `${world.hookUrl}/flow` },
    flow: { id: "flowId", name: "Flow 1", stableId: "flowStableId" },
    polling: {
      getState: () => pollState,
      setState: (s: Record<string, unknown>) => void (pollState = s),
      invokeAction: async () => ({ data: null }),
    },
  };
}

/** A webhook request with this body (and query and headers), as the platform hands it to a trigger. */
export function requestPayload(
  body: unknown,
  query: Record<string, unknown> = {},
  headers: Record<string, unknown> = { "content-type": "application/json" },
): Record<string, unknown> {
  const base = defaultTriggerPayload() as unknown as Record<string, unknown>;
  return {
    ...base,
    headers,
    queryParameters: query,
    rawBody: { data: body, contentType: headers["content-type"] },
    body: { data: body, contentType: headers["content-type"] },
  };
}

/** Runs a target's entry point with these params; connections run through the probe action. */
export async function invoke(
  world: World,
  target: Target,
  params: Record<string, unknown>,
  context: Context,
): Promise<unknown> {
  const h = world.harness as unknown as {
    action(k: string, p: unknown, c: unknown): Promise<unknown>;
    trigger(k: string, payload: unknown, p: unknown, c: unknown): Promise<unknown>;
    triggerOnInstanceDeploy(k: string, p: unknown, c: unknown): Promise<unknown>;
  };
  if (target.kind === "action") return h.action(target.key, params, context);
  if (target.entry === "deploy") return h.triggerOnInstanceDeploy(target.key, params, context);
  if (target.entry === "poll") return h.trigger(target.key, {}, params, context);
  return h.trigger(target.key, requestPayload(JSON.stringify({ value: [] })), params, context);
}
