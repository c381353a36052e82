import { USERS } from "../../sandbox";
import type { InputDef, Role } from "./roles";

/**
 * The hostile values, and what a correct component does with each, by the role of the input it is
 * given to:
 * - "accept": a valid value; the action must do exactly what was typed;
 * - "either": a typed error naming the input, or a success the oracles confirm;
 * - "reject": a typed error naming the input (Graph may be asked first, e.g. for an unknown id);
 * - "rejectLocal": a typed error naming the input before any Graph request (the value alone shows it is wrong).
 * Values marked `pinned` are the known failures from the issue: they run in every subset.
 */

export type Verdict = "accept" | "either" | "reject" | "rejectLocal";
export type Kind = "absent" | "object" | "array" | "number" | "boolean" | "string";

export interface Hostile {
  name: string;
  make: () => unknown;
  kind: Kind;
  /** Verdicts that differ from the kind's defaults, by role. */
  verdicts?: Partial<Record<Role, Verdict>>;
  /** Only given to inputs of these roles. */
  only?: Role[];
  /** A known failure: always run, in the CI subset too (for these roles, or every role it applies to). */
  pinned?: boolean | Role[];
  /** Run on the signed-in user's (delegated) connection instead of the app-only one. */
  delegated?: boolean;
  /** For address inputs: the addresses a correct component sends to when it accepts the value. */
  recipients?: string[];
  /** For filter and search: the query fixture subjects a correct result holds. */
  matches?: (subject: string) => boolean;
  /** Other inputs set with it (when the action has them), to reach the code path the value is about. */
  alongside?: Record<string, unknown>;
}

const ALEX = USERS.alex.upn;
const MEGAN = USERS.megan.upn;

const STRING_DEFAULTS: Record<Role, Verdict> = {
  connection: "rejectLocal",
  connectionField: "either",
  mailbox: "rejectLocal",
  id: "reject",
  folderId: "reject",
  boolean: "rejectLocal",
  pairs: "either",
  data: "either",
  json: "either",
  filter: "either",
  search: "either",
  select: "either",
  addresses: "reject",
  enum: "rejectLocal",
  enumList: "rejectLocal",
  timezone: "rejectLocal",
  datetime: "rejectLocal",
  integer: "rejectLocal",
  graphPath: "either",
  httpsUrl: "rejectLocal",
  deltaLink: "rejectLocal",
  list: "either",
  text: "either",
};

/** Roles whose inputs take structured values (objects, lists, file data) as well as text. */
const STRUCTURED: Role[] = ["connectionField", "pairs", "data", "json", "list", "enumList"];
/** Roles whose values have a format the component checks itself: a wrong type is refused before any request. */
const FORMATTED: Role[] = [
  "connection",
  "mailbox",
  "addresses",
  "timezone",
  "datetime",
  "graphPath",
  "httpsUrl",
  "deltaLink",
  "boolean",
  "enum",
];

/** The verdict for a value given to an input, from the value's kind and the input's role. */
export function verdictFor(h: Hostile, role: Role, input: InputDef, withDefault: boolean): Verdict {
  const specific = h.verdicts?.[role] ?? (role === "folderId" ? h.verdicts?.id : undefined);
  if (specific) return specific;
  switch (h.kind) {
    case "absent":
      return input.required && !withDefault ? "rejectLocal" : "either";
  }
  // A connection the target may do without (a plain webhook's) is not used when nothing needs it.
  if (role === "connection" && !input.required) return "either";
  switch (h.kind) {
    case "object":
      return role === "connection" ? "rejectLocal" : STRUCTURED.includes(role) ? "either" : "rejectLocal";
    case "array":
      return "either";
    case "number":
      return role === "integer" ? "either" : FORMATTED.includes(role) ? "rejectLocal" : "either";
    case "boolean":
      if (role === "boolean") return "accept";
      return role === "integer" || (FORMATTED.includes(role) && role !== "enum") ? "rejectLocal" : "either";
    case "string":
      return STRING_DEFAULTS[role];
  }
}

const s = (name: string, value: string, extra: Partial<Hostile> = {}): Hostile => ({
  name,
  make: () => value,
  kind: "string",
  ...extra,
});
const v = (name: string, kind: Kind, make: () => unknown, extra: Partial<Hostile> = {}): Hostile => ({
  name,
  make,
  kind,
  ...extra,
});

/** A value that reaches another object's path ("..", "/", "\" ...): no id, mailbox or path may hold it. */
const pathy = (extra: Partial<Record<Role, Verdict>> = {}): Partial<Record<Role, Verdict>> => ({
  id: "rejectLocal",
  folderId: "rejectLocal",
  mailbox: "rejectLocal",
  ...extra,
});

const GENERIC: Hostile[] = [
  v("null", "absent", () => null),
  v("undefined", "absent", () => undefined),
  v("empty", "absent", () => ""),
  v("spaces", "absent", () => "   "),
  v("tab and newline", "absent", () => "\t\n"),
  v("object", "object", () => ({ a: 1 }), { pinned: ["text", "connection"] }),
  v("empty object", "object", () => ({})),
  v("nested object", "object", () => ({ a: { b: { c: [1, { d: 2 }] } } })),
  v("object with a toString key", "object", () => JSON.parse('{"toString":"x"}')),
  v("object with a __proto__ key", "object", () => JSON.parse('{"__proto__":{"polluted":true}}')),
  v("object with a constructor key", "object", () => JSON.parse('{"constructor":"x","valueOf":"1"}')),
  v("empty array", "array", () => []),
  v("array of text", "array", () => ["x", "y"]),
  v("array holding null", "array", () => [null]),
  v("array holding an object", "array", () => [{ a: 1 }]),
  v("nested array", "array", () => [[]]),
  v("zero", "number", () => 0),
  v("negative number", "number", () => -1),
  v("number", "number", () => 42, { pinned: ["connection"] }),
  v("fraction", "number", () => 1.5),
  v("NaN", "number", () => NaN),
  v("Infinity", "number", () => Infinity),
  v("huge number", "number", () => 1e308),
  v("true", "boolean", () => true),
  v("false", "boolean", () => false),
  s("100 KB of text", "x".repeat(100 * 1024), { verdicts: { id: "reject" } }),
  s("control characters", "a\u0000b\u0007c\u001b[31md\u007f"),
  s("CR LF", "a\r\nb"),
  s("header injection", "x\r\nX-Injected: 1", { verdicts: { id: "rejectLocal" } }),
  s("unicode", "ünïcødé 漢字 🙂"),
  s("right-to-left override", "\u202egnp.exe"),
  s("byte order mark", "\uFEFFvalue"),
  s("lone surrogate", "a\uD800b"),
  s("JSON injection", '"},"x":{"a":"'),
  s("JSON object as text", '{"$ne":null}'),
  s("OData injection", "' or 1 eq 1"),
  s("OData injection in a value", "x' or subject ne 'y"),
  s("query option injection", "$top=1"),
  s("query injection", "&$top=1"),
  s("ampersand", "&"),
  s("hash", "#", { verdicts: pathy() }),
  s("plus", "+"),
  s("percent", "%"),
  s("apostrophe", "'"),
  s("percent-encoded NUL", "%00"),
  s("bad percent-encoding", "%zz"),
  s("dot", ".", { verdicts: pathy(), pinned: ["id", "folderId"] }),
  s("dot dot", "..", { verdicts: pathy(), pinned: ["id", "folderId"] }),
  s("slash", "/", { verdicts: pathy() }),
  s("encoded slash", "%2F"),
  s("backslash", "\\", { verdicts: pathy() }),
  s("question mark", "?", { verdicts: pathy() }),
  s("$value", "$value"),
  s("climbing path", "../x", { verdicts: pathy({ graphPath: "rejectLocal" }) }),
  s("path through a parent", "a/../b", { verdicts: pathy() }),
  s("encoded dot dot", "%2e%2e"),
  s("encoded dot dot slash", "..%2f", { verdicts: pathy() }),
  s("well-known folder then a climb", "inbox/../drafts", { verdicts: pathy() }),
  s("markup", "<script>alert(1)</script>"),
  s("template", "${7*7}{{7*7}}"),
  s("[object Object] as text", "[object Object]", { pinned: true, only: ["timezone"] }),
  s("the word null", "null"),
  s("the word undefined", "undefined"),
  s("the word true", "true", { verdicts: { boolean: "accept" } }),
  s("the word false", "false", { verdicts: { boolean: "accept" } }),
];

const ADDRESSES: Hostile[] = [
  s("valid address", ALEX, { only: ["addresses"], verdicts: { addresses: "accept" }, recipients: [ALEX] }),
  s("CR LF Bcc injection", "alexw@contoso.onmicrosoft.com\r\nBcc: x@y.com", { only: ["addresses"], pinned: true }),
  ...[" ", "\t", "\n"].map((sep, i) =>
    s(`two addresses separated by ${["a space", "a tab", "a newline"][i]}`, `${ALEX}${sep}${MEGAN}`, {
      only: ["addresses"],
      verdicts: { addresses: "either" },
      recipients: [ALEX, MEGAN],
      pinned: true,
    }),
  ),
  s("display name that is an address", `x@evil.example <${ALEX}>`, {
    only: ["addresses"],
    verdicts: { addresses: "either" },
    recipients: [ALEX],
  }),
  s("quoted display name that is an address", `"x@evil.example" <${ALEX}>`, {
    only: ["addresses"],
    verdicts: { addresses: "either" },
    recipients: [ALEX],
  }),
  s("group syntax", "undisclosed-recipients:;", {
    only: ["addresses"],
    verdicts: { addresses: "either" },
    recipients: [],
  }),
  s("quoted comma in a display name", `"Wilber, Alex" <${ALEX}>`, {
    only: ["addresses"],
    verdicts: { addresses: "accept" },
    recipients: [ALEX],
  }),
  s("semicolon-separated", `${ALEX};${MEGAN}`, {
    only: ["addresses"],
    verdicts: { addresses: "either" },
    recipients: [ALEX, MEGAN],
  }),
  s("empty entry between commas", `${ALEX}, , ${MEGAN}`, {
    only: ["addresses"],
    verdicts: { addresses: "either" },
    recipients: [ALEX, MEGAN],
  }),
  s("CR LF in a display name", `"Eve\r\nBcc: x@y.com" <${ALEX}>`, {
    only: ["addresses"],
    verdicts: { addresses: "either" },
    recipients: [ALEX],
  }),
  s("no domain dot", "alex@contoso", { only: ["addresses"] }),
  s("two at signs", "alex@@contoso.com", { only: ["addresses"] }),
  s("only brackets", "<>", { only: ["addresses"] }),
  s("comment syntax", `alex(comment)@contoso.com`, { only: ["addresses"], verdicts: { addresses: "either" } }),
  s("unicode address", "üser@exämple.com", {
    only: ["addresses"],
    verdicts: { addresses: "either" },
    recipients: ["üser@exämple.com"],
  }),
  v("150 addresses", "string", () => Array.from({ length: 150 }, (_, i) => `user${i}@fabrikam.com`).join(", "), {
    only: ["addresses"],
    verdicts: { addresses: "either" },
    recipients: Array.from({ length: 150 }, (_, i) => `user${i}@fabrikam.com`),
  }),
];

const IDS: Hostile[] = [
  s("well-known folder name", "inbox", { only: ["id", "folderId"], verdicts: { folderId: "either" } }),
  s("well-known folder name in capitals", "Inbox", { only: ["id", "folderId"], verdicts: { folderId: "either" } }),
  s("unknown id", "AAMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgBGAAADnonexistent", {
    only: ["id", "folderId"],
    pinned: ["id", "folderId"],
  }),
  s("OData key syntax", "('inbox')", { only: ["id", "folderId"] }),
];

const MAILBOXES: Hostile[] = [
  s("mailbox in capitals", USERS.adele.upn.toUpperCase(), { only: ["mailbox"], verdicts: { mailbox: "accept" } }),
  s("mailbox by object id", USERS.adele.id, { only: ["mailbox"], verdicts: { mailbox: "accept" } }),
  s("user without a mailbox", USERS.isaiah.upn, { only: ["mailbox"], verdicts: { mailbox: "either" } }),
  s("unknown user", "nobody@contoso.onmicrosoft.com", { only: ["mailbox"], verdicts: { mailbox: "reject" } }),
  s("mailbox with a path", `${USERS.adele.upn}/messages`, { only: ["mailbox"] }),
  s("encoded path in a mailbox", `${USERS.adele.upn}%2Fmessages`, { only: ["mailbox"] }),
  s("mailbox the signed-in user may not use", MEGAN, {
    only: ["mailbox"],
    verdicts: { mailbox: "reject" },
    delegated: true,
    pinned: true,
  }),
];

const TIMEZONES: Hostile[] = [
  s("unknown zone", "Mars/Olympus_Mons", { only: ["timezone"], pinned: true }),
  s("Windows zone", "Pacific Standard Time", { only: ["timezone"], verdicts: { timezone: "accept" } }),
  s("IANA zone", "America/Los_Angeles", { only: ["timezone"], verdicts: { timezone: "accept" } }),
  s("zone in lower case", "pacific standard time", { only: ["timezone"], verdicts: { timezone: "either" } }),
  s("offset instead of a zone", "+05:00", { only: ["timezone"] }),
  s("zone with a path", "../../etc/UTC", { only: ["timezone"] }),
];

const DATES: Hostile[] = [
  s("February 30th", "2026-02-30T10:00:00", { only: ["datetime"] }),
  s("month 13", "2026-13-01T10:00:00", { only: ["datetime"] }),
  s("hour 25", "2026-11-22T25:00:00", { only: ["datetime"] }),
  s("year zero", "0000-00-00T00:00:00", { only: ["datetime"] }),
  s("day-first date", "22/11/2026 10:00", { only: ["datetime"] }),
  s("a word", "tomorrow", { only: ["datetime"] }),
  s("with an offset", "2026-11-22T10:00:00+05:00", { only: ["datetime"], verdicts: { datetime: "either" } }),
  s("a date only", "2026-11-22", { only: ["datetime"], verdicts: { datetime: "either" } }),
  s("far future", "9999-12-31T23:59:59", { only: ["datetime"], verdicts: { datetime: "either" } }),
];

const INTEGERS: Hostile[] = [
  s("negative", "-1", { only: ["integer"] }),
  s("decimal", "1.5", { only: ["integer"] }),
  s("exponent", "1e3", { only: ["integer"] }),
  s("hexadecimal", "0x10", { only: ["integer"] }),
  s("Arabic-Indic digits", "\u0663", { only: ["integer"] }),
  s("beyond 2^64", "99999999999999999999", { only: ["integer"] }),
  s("padded number", " 7 ", { only: ["integer"], verdicts: { integer: "either" } }),
];

const QUERIES: Hostile[] = [
  ...(
    [
      ["subject eq 'Q&A'", "Q&A"],
      ["subject eq 'Ticket #42'", "Ticket #42"],
      ["subject eq 'C++ review'", "C++ review"],
      ["subject eq '100% done'", "100% done"],
      ["subject eq 'it''s done'", "it's done"],
      ["subject eq 'a+b=c'", "a+b=c"],
    ] as const
  ).map(([filter, subject]) =>
    s(`filter for '${subject}'`, filter, {
      only: ["filter"],
      verdicts: { filter: "accept" },
      matches: (x) => x === subject,
      pinned: true,
    }),
  ),
  s("search for C++", "C++", {
    only: ["search"],
    verdicts: { search: "accept" },
    matches: (x) => x.includes("C++"),
    pinned: true,
  }),
  s("search for #42", "#42", { only: ["search"], verdicts: { search: "accept" }, matches: (x) => x.includes("#42") }),
  s("select with an injected option", "subject&$top=1", { only: ["select"], pinned: true }),
  s("select", "subject,from", { only: ["select"], verdicts: { select: "accept" } }),
];

const PATHS: Hostile[] = [
  s("encoded climb out of the version", "/%2e%2e/%2e%2e/fuzz-outside", { only: ["graphPath"], pinned: true }),
  s("encoded dots and a backslash", "/me/%2e%2e\\%2e%2e\\fuzz-outside", { only: ["graphPath"], pinned: true }),
  s("backslash climb", "/users\\..\\..\\fuzz-outside", { only: ["graphPath"] }),
  s("climb to the identity platform", "/../common/oauth2/v2.0/token", { only: ["graphPath"] }),
  s("absolute URL", "https://127.0.0.1:1/steal", { only: ["graphPath"] }),
  s("a failing path read as text", `/users/${USERS.adele.upn}/messages/AAMk-nonexistent/$value`, {
    only: ["graphPath"],
    verdicts: { graphPath: "reject" },
    alongside: { responseType: "text" },
    pinned: true,
  }),
  s("a failing path read as bytes", `/users/${USERS.adele.upn}/messages/AAMk-nonexistent/$value`, {
    only: ["graphPath"],
    verdicts: { graphPath: "reject" },
    alongside: { responseType: "binary" },
  }),
];

const PAIRS: Hostile[] = [
  v("filter pair needing encoding", "array", () => [{ key: "$filter", value: "subject eq 'Q&A'" }], {
    only: ["pairs"],
    matches: (x) => x === "Q&A",
    pinned: true,
  }),
  v("search pair needing encoding", "array", () => [{ key: "$search", value: '"C++"' }], {
    only: ["pairs"],
    matches: (x) => x.includes("C++"),
  }),
  v("pair with an object value", "array", () => [{ key: "a", value: { b: 1 } }], { only: ["pairs"] }),
  v("pair without a key", "array", () => [{ value: "x" }], { only: ["pairs"] }),
  v("pair with a CR LF key", "array", () => [{ key: "a\r\nb", value: "x" }], { only: ["pairs"] }),
];

const URLS: Hostile[] = [
  s("plain http", "http://127.0.0.1/hook", { only: ["httpsUrl"] }),
  s("javascript URL", "javascript:alert(1)", { only: ["httpsUrl"] }),
  s("delta link elsewhere", "https://127.0.0.1:1/v1.0/me/messages/delta?$deltatoken=x", { only: ["deltaLink"] }),
];

/** Values made from the input's own definition: its choices in other cases, an unknown choice. */
export function derivedValues(input: InputDef): Hostile[] {
  const choices = (input.model ?? []).map((m) => m.value).filter(Boolean);
  if (!choices.length) return [];
  return [
    s(`choice in capitals (${choices[0].toUpperCase()})`, choices[0].toUpperCase(), {
      only: ["enum", "enumList"],
      verdicts: { enum: "either", enumList: "either" },
    }),
    s("a choice that does not exist", "fuzzUnknownChoice", { only: ["enum", "enumList"] }),
    v("every choice as a list", "array", () => choices, { only: ["enumList"], verdicts: { enumList: "accept" } }),
  ];
}

export const CATALOGUE: Hostile[] = [
  ...GENERIC,
  ...ADDRESSES,
  ...IDS,
  ...MAILBOXES,
  ...TIMEZONES,
  ...DATES,
  ...INTEGERS,
  ...QUERIES,
  ...PATHS,
  ...PAIRS,
  ...URLS,
];

/** The values given to an input of this role. */
export function valuesFor(input: InputDef, role: Role): Hostile[] {
  return [...CATALOGUE, ...derivedValues(input)].filter((h) => !h.only || h.only.includes(role));
}
