import type { Recipient } from "@microsoft/microsoft-graph-types";
import { ArgumentError } from "../errors";
import { asText, isBlank, jsonObject, wholeNumber } from "./common";
import { itemRef, type ItemRef } from "./ids";
import { parseRecipients, recipientFrom } from "./recipients";

/**
 * The Advanced Rule (JSON) input of the Inbox rule actions: any of Graph's messageRule properties a person writes by
 * hand, for the conditions, exceptions and actions the other inputs do not offer. Every name and value is checked
 * against Graph's messageRulePredicates and messageRuleActions before any request, and addresses as every address
 * input checks them; a folder is named by ID or well-known name, as the folder inputs take it.
 */

export type Group = Record<string, unknown>;
export type GroupName = "conditions" | "exceptions" | "actions";
export const GROUPS: readonly GroupName[] = ["conditions", "exceptions", "actions"];

type ValueKind = "strings" | "recipients" | "boolean" | "importance" | "sensitivity" | "actionFlag" | "size" | "folder";

const BOOLEAN_PREDICATES = [
  "hasAttachments",
  "isApprovalRequest",
  "isAutomaticForward",
  "isAutomaticReply",
  "isEncrypted",
  "isMeetingRequest",
  "isMeetingResponse",
  "isNonDeliveryReport",
  "isPermissionControlled",
  "isReadReceipt",
  "isSigned",
  "isVoicemail",
  "notSentToMe",
  "sentCcMe",
  "sentOnlyToMe",
  "sentToMe",
  "sentToOrCcMe",
] as const;

/** Graph's messageRulePredicates: what conditions and exceptions test, and the kind of value each takes. */
export const PREDICATE_KINDS: Record<string, ValueKind> = {
  bodyContains: "strings",
  bodyOrSubjectContains: "strings",
  categories: "strings",
  fromAddresses: "recipients",
  headerContains: "strings",
  importance: "importance",
  messageActionFlag: "actionFlag",
  recipientContains: "strings",
  senderContains: "strings",
  sensitivity: "sensitivity",
  sentToAddresses: "recipients",
  subjectContains: "strings",
  withinSizeRange: "size",
  ...Object.fromEntries(BOOLEAN_PREDICATES.map((p) => [p, "boolean" as const])),
};

/** Graph's messageRuleActions, and the kind of value each takes. */
export const ACTION_KINDS: Record<string, ValueKind> = {
  assignCategories: "strings",
  copyToFolder: "folder",
  delete: "boolean",
  forwardAsAttachmentTo: "recipients",
  forwardTo: "recipients",
  markAsRead: "boolean",
  markImportance: "importance",
  moveToFolder: "folder",
  permanentDelete: "boolean",
  redirectTo: "recipients",
  stopProcessingRules: "boolean",
};

const ENUMS: Partial<Record<ValueKind, readonly string[]>> = {
  importance: ["low", "normal", "high"],
  sensitivity: ["normal", "personal", "private", "confidential"],
  actionFlag: [
    "any",
    "call",
    "doNotForward",
    "followUp",
    "fyi",
    "forward",
    "noResponseNecessary",
    "read",
    "reply",
    "replyToAll",
    "review",
  ],
};

/** What the JSON asks for: each group's values (null: remove it), and folders to resolve (null: remove). */
export interface AdvancedRule {
  groups: Record<GroupName, Group>;
  folders: Record<string, ItemRef | null>;
}
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The JSON object typed (text or an object), checked; an empty input asks for nothing. */
export function readAdvancedRule(property: string, value: unknown): AdvancedRule {
  const out: AdvancedRule = { groups: { conditions: {}, exceptions: {}, actions: {} }, folders: {} };
  if (isBlank(value)) return out;
  const json = jsonObject(property, value, '{"conditions":{...}}');
  for (const [key, v] of Object.entries(json)) {
    const at = `${property}.${key}`;
    if (!GROUPS.includes(key as GroupName))
      throw new ArgumentError(
        at,
        `'${property}' has '${key}': it takes conditions, exceptions and actions (the rule's name, order and state ` +
          "have inputs of their own).",
      );
    readGroup(at, key as GroupName, v, out);
  }
  return out;
}

function readGroup(at: string, group: GroupName, value: unknown, out: AdvancedRule): void {
  if (value === null) return;
  if (!isObject(value)) throw new ArgumentError(at, `'${at}' must be an object.`);
  const kinds = group === "actions" ? ACTION_KINDS : PREDICATE_KINDS;
  const type = group === "actions" ? "messageRuleActions" : "messageRulePredicates";
  for (const [name, v] of Object.entries(value)) {
    const where = `${at}.${name}`;
    const kind = kinds[name];
    if (!kind)
      throw new ArgumentError(
        where,
        `'${at}' has '${name}', which Graph's ${type} has not; use one of ${Object.keys(kinds).join(", ")}.`,
      );
    if (kind === "folder") out.folders[name] = v === null ? null : itemRef(where, v);
    else out.groups[group][name] = v === null ? null : readValue(where, kind, v);
  }
}

function readValue(at: string, kind: ValueKind, v: unknown): unknown {
  if (kind === "strings") return strings(at, v);
  if (kind === "recipients") return recipients(at, v);
  if (kind === "boolean") return typedBoolean(at, v);
  if (kind === "size") return sizeRange(at, v);
  const allowed = ENUMS[kind]!;
  const found = allowed.find((a) => a.toLowerCase() === typedText(at, v).toLowerCase());
  if (!found) throw new ArgumentError(at, `'${at}' must be one of ${allowed.join(", ")}.`);
  return found;
}

function typedText(at: string, v: unknown): string {
  if (typeof v !== "string") throw new ArgumentError(at, `'${at}' must be text.`);
  const s = asText(at, v).trim();
  if (!s) throw new ArgumentError(at, `'${at}' is empty.`);
  return s;
}

function typedBoolean(at: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new ArgumentError(at, `'${at}' must be true or false.`);
  return v;
}

function strings(at: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.length) throw new ArgumentError(at, `'${at}' must be a list of text, such as ["a"].`);
  return v.map((item, i) => typedText(`${at}[${i}]`, item));
}

/** Addresses as text ("Name <a@b.com>") or as Graph's recipients ({"emailAddress":{"address","name"}}). */
function recipients(at: string, v: unknown): Recipient[] {
  if (!Array.isArray(v) || !v.length)
    throw new ArgumentError(at, `'${at}' must be a list of addresses, such as ["a@contoso.com"].`);
  return v.flatMap((item, i) => {
    const where = `${at}[${i}]`;
    if (typeof item === "string") return parseRecipients(where, item, true);
    const address = isObject(item) && isObject(item.emailAddress) ? item.emailAddress : undefined;
    if (!address) throw new ArgumentError(where, `'${where}' must be an address or {"emailAddress":{"address"}}.`);
    return [recipientFrom(where, address.address, address.name)];
  });
}

function sizeRange(at: string, v: unknown): { minimumSize?: number; maximumSize?: number } {
  if (!isObject(v)) throw new ArgumentError(at, `'${at}' must be {"minimumSize": KB, "maximumSize": KB}.`);
  const out: { minimumSize?: number; maximumSize?: number } = {};
  for (const [k, n] of Object.entries(v)) {
    if (k !== "minimumSize" && k !== "maximumSize")
      throw new ArgumentError(`${at}.${k}`, `'${at}' takes minimumSize and maximumSize (in KB) only.`);
    if (typeof n !== "number") throw new ArgumentError(`${at}.${k}`, `'${at}.${k}' must be a number of KB.`);
    out[k] = wholeNumber(`${at}.${k}`, n, 0, 2_147_483_647);
  }
  if ((out.minimumSize ?? 0) > (out.maximumSize ?? Infinity))
    throw new ArgumentError(at, `'${at}' has a minimumSize above its maximumSize.`);
  return out;
}
