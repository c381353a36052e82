import type { Component, Input } from "@prismatic-io/spectral/dist/serverTypes";
import component from "../src";

/**
 * What the component offers, read from its definition (the default export of src/): actions,
 * triggers, data sources and connections, each with its inputs as the platform shows them.
 * Nothing here is hand-written, so `list` and `describe` always match the component.
 */

export type BlockKind = "action" | "trigger" | "dataSource" | "connection";

export interface InputInfo {
  key: string;
  label: string;
  type: string;
  required: boolean;
  default?: string;
  comments?: string;
  example?: string;
  collection?: string;
  choices?: string[];
}

export interface Block {
  kind: BlockKind;
  key: string;
  label: string;
  description: string;
  inputs: InputInfo[];
  /** Triggers: the trigger makes its own subscriptions on deploy (and removes them on delete). */
  selfManaging?: boolean;
  /** Triggers: run on a schedule rather than by webhook. */
  polling?: boolean;
}

export const outlook = component as unknown as Component;

function inputInfo(input: Input): InputInfo {
  const raw = input.default;
  const text = raw === undefined || raw === null ? "" : typeof raw === "string" ? raw : JSON.stringify(raw);
  return {
    key: input.key,
    label: input.label,
    type: input.type,
    required: Boolean(input.required),
    ...(text ? { default: text } : {}),
    ...(input.comments ? { comments: input.comments } : {}),
    ...(input.example ? { example: input.example } : {}),
    ...(input.collection ? { collection: input.collection } : {}),
    ...(input.model?.length ? { choices: input.model.map((m) => String(m.value)) } : {}),
  };
}

function triggerBlock(key: string): Block {
  const t = outlook.triggers[key] as Component["triggers"][string] & {
    hasOnInstanceDeploy?: boolean;
    isPollingTrigger?: boolean;
  };
  return {
    kind: "trigger",
    key,
    label: t.display.label,
    description: t.display.description,
    inputs: t.inputs.map(inputInfo),
    selfManaging: Boolean(t.hasOnInstanceDeploy),
    polling: Boolean(t.isPollingTrigger),
  };
}

/** Every block of the component, actions first, in the component's own order. */
export function blocks(): Block[] {
  const actions = Object.entries(outlook.actions).map(([key, a]) => ({
    kind: "action" as const,
    key,
    label: a.display.label,
    description: a.display.description,
    inputs: a.inputs.map(inputInfo),
  }));
  const dataSources = Object.entries(outlook.dataSources).map(([key, d]) => ({
    kind: "dataSource" as const,
    key,
    label: d.display.label,
    description: d.display.description,
    inputs: d.inputs.map(inputInfo),
  }));
  const connections = outlook.connections.map((c) => ({
    kind: "connection" as const,
    key: c.key,
    label: c.label,
    description: c.comments ?? "",
    inputs: c.inputs.map(inputInfo),
  }));
  return [...actions, ...Object.keys(outlook.triggers).map(triggerBlock), ...dataSources, ...connections];
}

export function findBlock(key: string): Block | undefined {
  return blocks().find((b) => b.key === key);
}
