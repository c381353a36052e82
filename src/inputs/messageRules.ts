import { input } from "@prismatic-io/spectral";
import { ArgumentError, PropertyNullError } from "../errors";
import { categoriesInput, readCategories } from "./categories";
import { cleanChoice, cleanChoices, cleanFlag, cleanId, cleanList, cleanWholeNumber } from "./clean";
import { choice, flag, isBlank, list, requiredText, text, wholeNumber } from "./common";
import { itemRef, type ItemRef } from "./ids";
import { readAdvancedRule, type Group, type GroupName } from "./messageRuleJson";
import { parseRecipients } from "./recipients";

/**
 * Inputs and checks of the Inbox rule actions: a rule's name, order and state, its conditions, exceptions and actions
 * as inputs a person fills in the designer (word lists, address lists, choices, folder pickers), and Advanced Rule
 * (JSON) for the rarer ones. What is read is the change to make: each group's values to set and names to remove, and
 * the folders to move or copy to (named by ID or well-known name: the catalogue resolves them to IDs).
 */

type Kind = "words" | "addresses" | "recipients" | "choice" | "toMe" | "flag" | "categories" | "folder";

interface Field {
  key: string;
  group: GroupName;
  /** Graph's name for it in messageRulePredicates or messageRuleActions ("" for If Sent To Me, which picks one). */
  name: string;
  kind: Kind;
  label: string;
  comments: string;
  choices?: readonly string[];
  /** What the designer shows for each choice, when the value alone says too little. */
  choiceLabels?: Record<string, string>;
}

/** A word list condition or exception: any one of the words found is enough. */
function words(key: string, group: GroupName, name: string, label: string, where: string): Field {
  const effect = group === "exceptions" ? "the rule skips" : "the rule applies to";
  const comments = `Words or phrases: ${effect} mail with any of them ${where} (a list, or text separated by commas).`;
  return { key, group, name, kind: "words", label, comments };
}

/** An address list condition or exception. */
function senders(key: string, group: GroupName, name: string, label: string, what: string): Field {
  const effect = group === "exceptions" ? "The rule skips" : "The rule applies to";
  const comments = `${effect} mail ${what} any of these addresses, each optionally 'Name <address>'.`;
  return { key, group, name, kind: "addresses", label, comments };
}

/** An action that passes the message on to an address list. */
function passOn(name: string, label: string, how: string): Field {
  const comments =
    `${how} to these addresses, each optionally 'Name <address>'. A tenant's outbound policy may stop mail ` +
    "from being passed on outside the organization.";
  return { key: name, group: "actions", name, kind: "recipients", label, comments };
}

const flagAction = (key: string, name: string, label: string, comments: string): Field => ({
  key,
  group: "actions",
  name,
  kind: "flag",
  label,
  comments,
});

const IMPORTANCES = ["low", "normal", "high"] as const;
const TO_ME = ["sentToMe", "sentOnlyToMe", "sentCcMe", "sentToOrCcMe", "notSentToMe"] as const;

/** Every condition, exception and action a person can set with an input of its own, in the designer's order. */
export const RULE_FIELDS: readonly Field[] = [
  words("ifSenderContains", "conditions", "senderContains", "If Sender Contains", "in the sender's name or email"),
  words("ifRecipientContains", "conditions", "recipientContains", "If Recipient Contains", "in a To or Cc recipient"),
  words("ifSubjectContains", "conditions", "subjectContains", "If Subject Contains", "in the subject"),
  words("ifBodyContains", "conditions", "bodyContains", "If Body Contains", "in the body"),
  words("ifBodyOrSubjectContains", "conditions", "bodyOrSubjectContains", "If Body or Subject Contains", "in either"),
  words("ifHeaderContains", "conditions", "headerContains", "If Header Contains", "in the internet headers"),
  senders("ifFromAddresses", "conditions", "fromAddresses", "If From", "from"),
  senders("ifSentToAddresses", "conditions", "sentToAddresses", "If Sent To", "sent (To or Cc) to"),
  {
    key: "ifSentToMe",
    group: "conditions",
    name: "",
    kind: "toMe",
    label: "If Sent To Me",
    comments: "The rule applies to mail that names the mailbox as a recipient in this way.",
    choices: TO_ME,
    choiceLabels: {
      sentToMe: "I am a To recipient (sentToMe)",
      sentOnlyToMe: "I am the only recipient (sentOnlyToMe)",
      sentCcMe: "I am on Cc (sentCcMe)",
      sentToOrCcMe: "I am on To or Cc (sentToOrCcMe)",
      notSentToMe: "I am not a To recipient (notSentToMe)",
    },
  },
  {
    key: "ifImportance",
    group: "conditions",
    name: "importance",
    kind: "choice",
    label: "If Importance Is",
    comments: "The rule applies to mail of this importance.",
    choices: IMPORTANCES,
  },
  {
    key: "ifSensitivity",
    group: "conditions",
    name: "sensitivity",
    kind: "choice",
    label: "If Sensitivity Is",
    comments: "The rule applies to mail marked with this sensitivity.",
    choices: ["normal", "personal", "private", "confidential"],
  },
  {
    key: "ifHasAttachments",
    group: "conditions",
    name: "hasAttachments",
    kind: "choice",
    label: "If Has Attachments",
    comments: "true: the rule applies only to mail with attachments; false: only to mail without.",
    choices: ["true", "false"],
    choiceLabels: { true: "With attachments (true)", false: "Without attachments (false)" },
  },
  words("exceptIfSenderContains", "exceptions", "senderContains", "Except If Sender Contains", "in the sender"),
  words("exceptIfSubjectContains", "exceptions", "subjectContains", "Except If Subject Contains", "in the subject"),
  words(
    "exceptIfBodyOrSubjectContains",
    "exceptions",
    "bodyOrSubjectContains",
    "Except If Body or Subject Contains",
    "in the body or subject",
  ),
  senders("exceptIfFromAddresses", "exceptions", "fromAddresses", "Except If From", "from"),
  {
    key: "moveToFolder",
    group: "actions",
    name: "moveToFolder",
    kind: "folder",
    label: "Move To Folder",
    comments: "Move the message to this folder: its ID, picked by path, or a well-known name such as archive.",
  },
  {
    key: "copyToFolder",
    group: "actions",
    name: "copyToFolder",
    kind: "folder",
    label: "Copy To Folder",
    comments: "Put a copy of the message in this folder: its ID, picked by path, or a well-known name.",
  },
  flagAction("deleteMessage", "delete", "Delete", "Move the message to Deleted Items."),
  flagAction("markAsRead", "markAsRead", "Mark As Read", "Mark the message read."),
  {
    key: "markImportance",
    group: "actions",
    name: "markImportance",
    kind: "choice",
    label: "Mark Importance",
    comments: "Set the message's importance.",
    choices: IMPORTANCES,
  },
  { key: "assignCategories", group: "actions", name: "assignCategories", kind: "categories", label: "", comments: "" },
  passOn("forwardTo", "Forward To", "Forward the message (as a new message, 'FW:' before its subject)"),
  passOn("forwardAsAttachmentTo", "Forward As Attachment To", "Forward the message attached to a new message"),
  passOn("redirectTo", "Redirect To", "Redirect the message as it came (its sender kept)"),
  flagAction(
    "stopProcessingRules",
    "stopProcessingRules",
    "Stop Processing More Rules",
    "Rules after this one do not run on mail this rule applies to.",
  ),
];

const UNCHANGED = { label: "(unchanged)", value: "" };

/** The input of one field: flags are switches when creating and three-way choices when updating. */
function fieldInput(f: Field, updating: boolean) {
  if (f.kind === "categories")
    return categoriesInput(
      updating
        ? "Categories the rule gives the message; replaces the rule's list (left empty, it stays)."
        : "Categories the rule gives the message (added to the ones it has).",
    );
  const base = { label: f.label, type: "string" as const, required: false, comments: f.comments };
  if (f.kind === "words") return input({ ...base, collection: "valuelist", clean: cleanList(f.key) });
  if (f.kind === "addresses" || f.kind === "recipients") return input({ ...base, collection: "valuelist" });
  if (f.kind === "folder") return input({ ...base, dataSource: "selectMailFolder", clean: cleanId(f.key) });
  if (f.kind === "flag" && !updating) return input({ ...base, type: "boolean", default: "false" });
  const choices = f.kind === "flag" ? ["true", "false"] : f.choices!;
  const model = choices.map((c) => ({ label: f.choiceLabels?.[c] ?? c, value: c }));
  // Switches read as true or false; the Has Attachments choice ("true"/"false") is picked, not typed.
  const clean =
    f.kind === "flag" ? cleanFlag(f.key) : f.name === "hasAttachments" ? undefined : cleanChoice(f.key, choices);
  return input({ ...base, model: updating ? [UNCHANGED, ...model] : model, ...(clean ? { clean } : {}) });
}

/** The inputs of Create Inbox Rule (updating: false) and Update Inbox Rule. */
export function ruleInputs(updating: boolean) {
  return {
    displayName: input({
      label: "Rule Name",
      type: "string",
      required: !updating,
      comments: updating ? "A new name for the rule; left empty, it stays." : "The rule's name, as Outlook lists it.",
    }),
    sequence: input({
      label: "Order",
      type: "string",
      required: false,
      comments:
        "Where the rule runs among the Inbox rules, a whole number from 1 (first). " +
        (updating ? "Left empty, it stays." : "Left empty, the rule runs after the others."),
      placeholder: "1",
      clean: cleanWholeNumber("sequence", 1, 2_147_483_647),
    }),
    isEnabled: updating
      ? input({
          label: "Enabled",
          type: "string",
          required: false,
          model: [UNCHANGED, ...flagModel],
          clean: cleanFlag("isEnabled"),
          comments: "Turn the rule on (true) or off (false); left empty, it stays as it is.",
        })
      : input({ label: "Enabled", type: "boolean", default: "true", required: false, comments: "Turn the rule on." }),
    ...Object.fromEntries(RULE_FIELDS.map((f) => [f.key, fieldInput(f, updating)])),
    ...(updating ? { remove: removeInput } : {}),
    advancedRule: input({
      label: "Advanced Rule (JSON)",
      type: "code",
      language: "json",
      required: false,
      comments:
        'Rarer conditions, exceptions and actions as Graph names them, e.g. {"conditions":{"isMeetingRequest":true}, ' +
        '"exceptions":{"withinSizeRange":{"minimumSize":0,"maximumSize":100}}, "actions":' +
        '{"permanentDelete":true}}. Checked before any request; something set here and in an input of its own ' +
        (updating ? "is refused; null removes a condition or action." : "is refused."),
    }),
  };
}

const flagModel = [
  { label: "true", value: "true" },
  { label: "false", value: "false" },
];

const removeInput = input({
  label: "Remove",
  type: "string",
  collection: "valuelist",
  required: false,
  model: RULE_FIELDS.map((f) => ({ label: fieldLabel(f), value: f.key })),
  comments: "Conditions, exceptions and actions to take off the rule.",
  clean: cleanChoices(
    "remove",
    RULE_FIELDS.map((f) => f.key),
  ),
});

function fieldLabel(f: Field): string {
  return f.kind === "categories" ? "Categories" : f.label;
}

/** A change to a rule: top-level properties, each group's values to set and names to take off, folders to resolve. */
export interface RuleChange {
  displayName?: string;
  sequence?: number;
  isEnabled?: boolean;
  set: Record<GroupName, Group>;
  remove: Record<GroupName, string[]>;
  /** moveToFolder and copyToFolder as typed (null: take the action off), resolved to folder IDs by the catalogue. */
  folders: Record<string, ItemRef | null>;
}

/** One field's value as typed, or undefined when it was left empty (or, creating, a switch left off). */
function readField(f: Field, value: unknown, updating: boolean): unknown {
  switch (f.kind) {
    case "words":
      return nonEmpty(list(f.key, value));
    case "addresses":
    case "recipients":
      return nonEmpty(parseRecipients(f.key, value, false));
    case "categories":
      return nonEmpty(readCategories(f.key, value));
    case "folder":
      return isBlank(value) ? undefined : itemRef(f.key, value);
    case "flag":
      if (!updating) return flag(f.key, value, false) || undefined;
      return isBlank(value) ? undefined : flag(f.key, value, false);
    default: {
      if (isBlank(value)) return undefined;
      const picked = choice(f.key, value, f.choices!, f.choices![0]);
      return f.name === "hasAttachments" ? picked === "true" : picked;
    }
  }
}

const nonEmpty = <T>(items: T[]): T[] | undefined => (items.length ? items : undefined);

function emptyChange(): RuleChange {
  return {
    set: { conditions: {}, exceptions: {}, actions: {} },
    remove: { conditions: [], exceptions: [], actions: [] },
    folders: {},
  };
}

/** The typed fields, the Remove list and Advanced Rule (JSON), as one change; anything given twice is refused. */
function readFields(params: Record<string, unknown>, updating: boolean): RuleChange {
  const change = emptyChange();
  for (const f of RULE_FIELDS) {
    const value = readField(f, params[f.key], updating);
    if (value === undefined) continue;
    if (f.kind === "folder") change.folders[f.name] = value as ItemRef;
    else if (f.kind === "toMe") {
      if (updating) change.remove.conditions.push(...TO_ME.filter((p) => p !== value));
      change.set.conditions[value as string] = true;
    } else change.set[f.group][f.name] = value;
  }
  if (updating) readRemovals(params.remove, change);
  mergeAdvanced(params.advancedRule, change, updating);
  return change;
}

function readRemovals(value: unknown, change: RuleChange): void {
  list("remove", value).forEach((key, i) => {
    const f = RULE_FIELDS.find((x) => x.key.toLowerCase() === key.toLowerCase());
    if (!f) throw new ArgumentError(`remove[${i}]`, `'remove' holds '${key}', which is not one of the rule's inputs.`);
    const names = f.kind === "toMe" ? TO_ME : [f.name];
    const given = f.kind === "folder" ? f.name in change.folders : names.some((n) => n in change.set[f.group]);
    if (given) throw new ArgumentError(`remove[${i}]`, `'remove' takes off ${f.key}, which is also given; give one.`);
    if (f.kind === "folder") change.folders[f.name] = null;
    else change.remove[f.group].push(...names);
  });
}

function mergeAdvanced(value: unknown, change: RuleChange, updating: boolean): void {
  const advanced = readAdvancedRule("advancedRule", value);
  for (const [group, values] of Object.entries(advanced.groups) as [GroupName, Group][])
    for (const [name, v] of Object.entries(values)) {
      const taken = name in change.set[group] || change.remove[group].includes(name);
      if (taken) throw twice(`advancedRule.${group}.${name}`);
      if (v !== null) change.set[group][name] = v;
      else if (updating) change.remove[group].push(name);
    }
  for (const [name, ref] of Object.entries(advanced.folders)) {
    if (name in change.folders) throw twice(`advancedRule.actions.${name}`);
    if (ref || updating) change.folders[name] = ref;
  }
}

const twice = (at: string) =>
  new ArgumentError(at, `'${at}' is also given by an input of its own (or Remove); give it once.`);

/** Create Inbox Rule's rule, checked before any request: a name and at least one action. */
export function readNewRule(params: Record<string, unknown>): RuleChange {
  const change = readFields(params, false);
  change.displayName = requiredText("displayName", params.displayName, "Name the rule.").trim();
  change.sequence = wholeNumber("sequence", params.sequence, 1, 2_147_483_647);
  change.isEnabled = flag("isEnabled", params.isEnabled, true);
  if (!Object.keys(change.set.actions).length && !Object.values(change.folders).some(Boolean))
    throw new PropertyNullError(
      "moveToFolder",
      "Give at least one action: Move To Folder, Copy To Folder, Delete, Mark As Read, Mark Importance, Categories, " +
        "Forward To, Redirect To, Stop Processing More Rules, or one in Advanced Rule (JSON).",
    );
  return change;
}

/** Update Inbox Rule's change, checked before any request: at least one thing to change. */
export function readRuleChange(params: Record<string, unknown>): RuleChange {
  const change = readFields(params, true);
  change.displayName = text("displayName", params.displayName)?.trim();
  change.sequence = wholeNumber("sequence", params.sequence, 1, 2_147_483_647);
  change.isEnabled = isBlank(params.isEnabled) ? undefined : flag("isEnabled", params.isEnabled, true);
  const groups = Object.values(change.set).some((g) => Object.keys(g).length);
  const removals = Object.values(change.remove).some((r) => r.length);
  const top = [change.displayName, change.sequence, change.isEnabled].some((v) => v !== undefined);
  if (!groups && !removals && !top && !Object.keys(change.folders).length)
    throw new PropertyNullError("displayName", "Give at least one thing to change.");
  return change;
}

export const ruleIdInput = input({
  label: "Rule ID",
  type: "string",
  required: true,
  comments: "The ID of an Inbox rule (pick it by name).",
  dataSource: "selectInboxRule",
  clean: cleanId("ruleId"),
});
