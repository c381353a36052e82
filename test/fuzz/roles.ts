/**
 * What an input is for, read from its definition alone (type, collection, model, key, label,
 * comments), so an input added later gets the right hostile values and oracles without any edit
 * here. Inputs that name a live object are the ones the baseline resolves with a fixture (`ids`).
 */

export interface InputDef {
  key: string;
  label?: string;
  type?: string;
  required?: boolean;
  default?: unknown;
  example?: unknown;
  model?: { label: string; value: string }[];
  collection?: string;
  comments?: string;
  dataSource?: string;
  templateValue?: string;
}

export type Role =
  | "connection"
  | "connectionField"
  | "mailbox"
  | "id"
  | "folderId"
  | "boolean"
  | "pairs"
  | "data"
  | "json"
  | "filter"
  | "search"
  | "select"
  | "addresses"
  | "enum"
  | "enumList"
  | "timezone"
  | "datetime"
  | "integer"
  | "graphPath"
  | "httpsUrl"
  | "deltaLink"
  | "list"
  | "text";

const DATE_KEY = /(At|Start|End|Since|Date|DateTime)$|^expiration$/;
const DATE_COMMENT = /ISO 8601|yyyy-MM-dd/;
const INTEGER_KEY = /(Limit|Skip|Interval|Minutes\w*|Count|Month|DayOfMonth|Retries|timeout|DelayMS)$/i;
const INTEGER_COMMENT = /whole number|\(\d+ to \d+\)|milliseconds|Items to skip/i;

function textRole(input: InputDef): Role {
  const { key, label = "", comments = "" } = input;
  if (key === "filter" || key === "search" || key === "select") return key;
  if (/address/i.test(comments)) return "addresses";
  if (input.model?.length) return input.collection === "valuelist" ? "enumList" : "enum";
  if (/time ?zone/i.test(`${key} ${label}`)) return "timezone";
  if (INTEGER_KEY.test(key) || INTEGER_COMMENT.test(comments) || /^\d+$/.test(String(input.default ?? "")))
    return "integer";
  if (DATE_KEY.test(key) || DATE_COMMENT.test(comments)) return "datetime";
  if (/\bLink$/i.test(label)) return "deltaLink";
  if (/\bURL$/.test(label)) return /path/i.test(comments) ? "graphPath" : "httpsUrl";
  if (input.collection === "valuelist") return "list";
  return "text";
}

/** The role of an action's or trigger's input; `ids` maps the input keys that name live objects to their role. */
export function roleOf(input: InputDef, ids: ReadonlyMap<string, Role>): Role {
  if (input.type === "connection") return "connection";
  if (input.key === "mailbox") return "mailbox";
  const id = ids.get(input.key);
  if (id) return id;
  if (input.type === "boolean") return "boolean";
  if (input.collection === "keyvaluelist") return "pairs";
  if (input.type === "data") return "data";
  if (input.type === "code") return "json";
  return textRole(input);
}

/** Whether the input has a default a user would see filled in (so an empty value falls back to it). */
export function hasDefault(input: InputDef): boolean {
  return input.default !== undefined && input.default !== null && String(input.default) !== "";
}
