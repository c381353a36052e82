import type { SandboxCore } from "../dispatch";
import { HIDDEN } from "./secrets";

/** What the web UI reads (and, for controls, changes): the sandbox's own state, nothing copied. */
export type UiState = Pick<SandboxCore, "store" | "clock" | "faults" | "notifier" | "log" | "options">;

/** The app's display name for an id seen in tokens or token requests, else the id itself. */
export function appName(state: UiState, appId: unknown): string {
  if (typeof appId !== "string" || !appId) return "";
  return state.store.apps.get(appId)?.displayName ?? appId;
}

/** A user's display name and address by object id. */
export function userLabel(state: UiState, userId: string): string {
  const u = state.store.users.get(userId);
  return u ? `${u.displayName} <${u.userPrincipalName}>` : userId;
}

/** Whether a secret is set, never what it is. */
export function secretShown(value: string | null | undefined): string {
  return value ? `${HIDDEN} (set)` : "none";
}

/** Requests the web UI made itself (its pages, assets and live updates): left out of the log unless asked for. */
export function isUiRequest(path: string): boolean {
  return path === "/_sandbox/ui" || path.startsWith("/_sandbox/ui/");
}
