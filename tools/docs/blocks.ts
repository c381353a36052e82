/**
 * The component definition as the documentation reads it: connections, actions, triggers and data sources with
 * their inputs, in the order the designer shows them (the order of the component object).
 */

export interface DocInput {
  key: string;
  label: string;
  type: string;
  required?: boolean;
  default?: unknown;
  example?: string;
  placeholder?: string;
  comments?: string;
  collection?: string;
  model?: { label: string; value: string }[];
  dataSource?: string;
  shown?: boolean;
}

export interface DocBlock {
  key: string;
  label: string;
  description: string;
  inputs: DocInput[];
  examplePayload?: unknown;
  /** Triggers: the branches a run may take. */
  branches?: string[];
  /** Triggers: polled on a schedule rather than called by a webhook. */
  polling?: boolean;
  /** Triggers: may also run on a schedule. */
  schedulable?: boolean;
}

export interface DocComponent {
  key: string;
  label: string;
  description: string;
  connections: DocBlock[];
  actions: DocBlock[];
  triggers: DocBlock[];
  dataSources: DocBlock[];
}

type Raw = Record<string, unknown> & {
  display?: { label?: string; description?: string };
  inputs?: DocInput[];
};

function block(key: string, raw: Raw): DocBlock {
  return {
    key,
    label: raw.display?.label ?? String(raw.label ?? key),
    description: raw.display?.description ?? String(raw.comments ?? ""),
    inputs: raw.inputs ?? [],
    examplePayload: raw.examplePayload,
  };
}

/** Reads the (converted) component object that `src/index.ts` exports. */
export function readComponent(component: unknown): DocComponent {
  const c = component as {
    key: string;
    display: { label: string; description: string };
    connections: Raw[];
    actions: Record<string, Raw>;
    triggers: Record<string, Raw>;
    dataSources: Record<string, Raw>;
  };
  return {
    key: c.key,
    label: c.display.label,
    description: c.display.description,
    connections: c.connections.map((raw) => block(String(raw.key), raw)),
    actions: Object.entries(c.actions).map(([key, raw]) => block(key, raw)),
    triggers: Object.entries(c.triggers).map(([key, raw]) => ({
      ...block(key, raw),
      branches: raw.staticBranchNames as string[] | undefined,
      polling: raw.isPollingTrigger === true,
      schedulable: raw.scheduleSupport === "valid" || raw.scheduleSupport === "required",
    })),
    dataSources: Object.entries(c.dataSources).map(([key, raw]) => block(key, raw)),
  };
}
