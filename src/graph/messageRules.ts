import type { MailFolder, MessageRule } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { Group, GroupName } from "../inputs/messageRuleJson";
import type { RuleChange } from "../inputs/messageRules";
import { confirmation, withOutcome, type Outcome } from "./lostAnswers";
import type { MailboxRef } from "./mailbox";
import { folderPath } from "./mailFolders";
import { allPages } from "./paging";
import { graphPath, type GraphPath } from "./path";

/**
 * Inbox rules (Graph's messageRule under `mailFolders/inbox/messageRules`): Exchange runs them, in their order, on
 * mail as it arrives. A rule's conditions, exceptions and actions are complex values that an update replaces whole,
 * so a change to one of them is made on the rule as it is: read, changed, written back.
 */

const GROUP_NAMES: readonly GroupName[] = ["conditions", "exceptions", "actions"];

const rulesOf = (mb: MailboxRef): GraphPath => graphPath`${folderPath(mb, "inbox")}/messageRules`;
const rulePath = (mb: MailboxRef, rule: ItemRef): GraphPath => graphPath`${rulesOf(mb)}/${rule}`;

/** Every Inbox rule, in the order they run. */
export async function list(mb: MailboxRef): Promise<MessageRule[]> {
  const rules = await allPages<MessageRule>(mb.graph, { method: "GET", path: rulesOf(mb) });
  return rules.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
}

export function get(mb: MailboxRef, rule: ItemRef): Promise<MessageRule> {
  return mb.graph.call<MessageRule>({ method: "GET", path: rulePath(mb, rule), notFound: rule.input });
}

/**
 * The folders a change moves or copies to, as Graph's rules take them: by ID. A well-known name becomes its folder's
 * ID, and a folder that is not there fails naming the input that named it, before the rule is written.
 */
async function folderIds(mb: MailboxRef, folders: RuleChange["folders"]): Promise<Group> {
  const out: Group = {};
  for (const [name, ref] of Object.entries(folders)) {
    if (!ref) continue;
    const folder = await mb.graph.call<MailFolder>({
      method: "GET",
      path: folderPath(mb, ref),
      query: { $select: "id" },
    });
    out[name] = folder.id;
  }
  return out;
}

/**
 * Creates a rule (ordered after the others when no order is given). After a lost answer the rules are listed again:
 * one of this name that was not there before is the answer; else the create is sent again.
 */
export async function create(mb: MailboxRef, change: RuleChange): Promise<MessageRule & { outcome?: Outcome }> {
  const before = await list(mb);
  const actions = { ...change.set.actions, ...(await folderIds(mb, change.folders)) };
  const body: MessageRule = {
    displayName: change.displayName,
    sequence: change.sequence ?? Math.max(0, ...before.map((r) => r.sequence ?? 0)) + 1,
    isEnabled: change.isEnabled,
    conditions: change.set.conditions,
    actions,
    ...(Object.keys(change.set.exceptions).length ? { exceptions: change.set.exceptions } : {}),
  };
  const known = new Set(before.map((r) => r.id));
  const { result, outcome } = await mb.graph.callWithOutcome<MessageRule>({
    method: "POST",
    path: rulesOf(mb),
    body,
    confirm: async () => {
      const found = (await list(mb)).find((r) => !known.has(r.id) && r.displayName === change.displayName);
      return confirmation(found);
    },
  });
  return withOutcome(result, outcome);
}

/** A group as the change leaves it: what the rule has, less what is taken off, with what is set. */
export function changedGroup(existing: Group | null | undefined, set: Group, remove: readonly string[]): Group {
  const kept = Object.entries(existing ?? {}).filter(
    ([name, value]) => !remove.includes(name) && value !== null && !name.startsWith("@odata"),
  );
  return { ...Object.fromEntries(kept), ...set };
}

/** Changes a rule: its name, order and state as given, and each group touched written back whole. */
export async function update(mb: MailboxRef, rule: ItemRef, change: RuleChange): Promise<MessageRule> {
  const current = await get(mb, rule);
  const folders = await folderIds(mb, change.folders);
  const patch: MessageRule = {};
  if (change.displayName !== undefined) patch.displayName = change.displayName;
  if (change.sequence !== undefined) patch.sequence = change.sequence;
  if (change.isEnabled !== undefined) patch.isEnabled = change.isEnabled;
  for (const group of GROUP_NAMES) {
    const set = group === "actions" ? { ...change.set.actions, ...folders } : change.set[group];
    const remove = [
      ...change.remove[group],
      ...(group === "actions" ? Object.keys(change.folders).filter((k) => !change.folders[k]) : []),
    ];
    if (!Object.keys(set).length && !remove.length) continue;
    patch[group] = changedGroup(current[group] as Group | undefined, set, remove);
  }
  return mb.graph.call<MessageRule>({ method: "PATCH", path: rulePath(mb, rule), body: patch, notFound: rule.input });
}

export async function remove(mb: MailboxRef, rule: ItemRef): Promise<void> {
  await mb.graph.call({ method: "DELETE", path: rulePath(mb, rule), notFound: rule.input });
}
