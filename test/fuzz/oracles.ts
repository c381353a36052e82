import type { RequestRecord } from "../../sandbox";
import type { Diff } from "./snapshot";
import { visibleText } from "./secrets";
import type { World } from "./world";

/**
 * How the suite knows a success did exactly what was typed: where the recipients landed, which
 * messages a query returned against what Graph returns for the same value properly encoded, which
 * path the request took, and whether text was garbled into "[object Object]" on the way.
 */

type Output = { data?: unknown } | undefined;
type Recipient = { emailAddress?: { address?: string } };

const lower = (list: (string | undefined)[]) => [...new Set(list.filter(Boolean).map((a) => a!.toLowerCase()))].sort();

function messageField(field: string) {
  return (d: Diff): string[] | undefined => {
    const messages = [...d.created, ...d.changed].filter((c) => c.kind === "message");
    if (!messages.length) return undefined;
    return lower(messages.flatMap((m) => ((m.object[field] as Recipient[]) ?? []).map((r) => r.emailAddress?.address)));
  };
}

function outputList(read: (item: Record<string, unknown>) => string | undefined) {
  return (_d: Diff, out: Output): string[] | undefined => {
    const data = out?.data;
    return Array.isArray(data) ? lower(data.map((x) => read(x as Record<string, unknown>))) : undefined;
  };
}

/** The addresses a rule holds in one of its groups, from the rule an Inbox rule action returned. */
function ruleField(group: string, name: string) {
  return (_d: Diff, out: Output): string[] | undefined => {
    const rule = out?.data as Record<string, Record<string, Recipient[] | undefined> | undefined> | undefined;
    const list = rule?.[group]?.[name];
    return Array.isArray(list) ? lower(list.map((r) => r.emailAddress?.address)) : undefined;
  };
}

type Suggestions = {
  meetingTimeSuggestions?: {
    attendeeAvailability?: { attendee?: { type?: string; emailAddress?: { address?: string } } }[];
    locations?: { locationEmailAddress?: string }[];
  }[];
};

/** Find Meeting Times' answer: the attendees of a type, or the rooms, its suggestions name. */
function suggested(pick: "required" | "optional" | "rooms") {
  return (_d: Diff, out: Output): string[] | undefined => {
    const list = (out?.data as Suggestions | undefined)?.meetingTimeSuggestions;
    if (!Array.isArray(list) || !list.length) return undefined;
    return lower(
      list.flatMap((s) =>
        pick === "rooms"
          ? (s.locations ?? []).map((l) => l.locationEmailAddress)
          : (s.attendeeAvailability ?? [])
              .filter((a) => a.attendee?.type === pick)
              .map((a) => a.attendee?.emailAddress?.address),
      ),
    );
  };
}

/** Where each address input's recipients can be seen after a success, by input key. */
export const RECIPIENT_ORACLES: Record<string, (d: Diff, out: Output) => string[] | undefined> = {
  to: messageField("toRecipients"),
  cc: messageField("ccRecipients"),
  bcc: messageField("bccRecipients"),
  replyTo: messageField("replyTo"),
  attendees: (d, out) => {
    const events = [...d.created, ...d.changed].filter((c) => c.kind === "event");
    if (!events.length) return suggested("required")(d, out);
    return lower(
      events.flatMap((e) => ((e.object.attendees as Recipient[]) ?? []).map((a) => a.emailAddress?.address)),
    );
  },
  optionalAttendees: suggested("optional"),
  rooms: suggested("rooms"),
  recipients: outputList((x) => (x.emailAddress as { address?: string } | undefined)?.address),
  schedules: outputList((x) => x.scheduleId as string | undefined),
  ifFromAddresses: ruleField("conditions", "fromAddresses"),
  ifSentToAddresses: ruleField("conditions", "sentToAddresses"),
  exceptIfFromAddresses: ruleField("exceptions", "fromAddresses"),
  forwardTo: ruleField("actions", "forwardTo"),
  forwardAsAttachmentTo: ruleField("actions", "forwardAsAttachmentTo"),
  redirectTo: ruleField("actions", "redirectTo"),
  emailAddresses: (d) => {
    const contacts = [...d.created, ...d.changed].filter((c) => c.kind === "contact");
    if (!contacts.length) return undefined;
    return lower(
      contacts.flatMap((c) =>
        (((c.object.fields as Record<string, unknown>).emailAddresses as { address?: string }[]) ?? []).map(
          (e) => e.address,
        ),
      ),
    );
  },
  sender: (_d, out) => {
    const address = (out?.data as { senderEmailAddress?: { address?: string } } | undefined)?.senderEmailAddress
      ?.address;
    return address ? lower([address]) : undefined;
  },
};

export function recipientsProblem(key: string, expected: string[], d: Diff, out: Output): string | undefined {
  const seen = RECIPIENT_ORACLES[key]?.(d, out);
  const want = lower(expected);
  if (!seen) return `sent to nobody visible (expected ${want.join(", ") || "no one"})`;
  if (seen.join(" ") === want.join(" ")) return undefined;
  const show = (l: string[]) => (l.length > 4 ? `${l.slice(0, 4).join(", ")} and ${l.length - 4} more` : l.join(", "));
  return `recipients were [${show(seen)}], typed [${show(want)}]`;
}

/** The decoded segments of a request's path. */
export function segments(path: string): string[] {
  return path.split("/").map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
}

/** An id that should have been one segment of the request path, and was not. */
export function pathProblem(value: unknown, requests: RequestRecord[]): string | undefined {
  const id = String(value).trim();
  const graph = requests.filter((r) => r.kind === "graph");
  if (graph.some((r) => segments(r.path).includes(id))) return undefined;
  const paths = graph.map((r) => `${r.method} ${r.path}`).slice(0, 2);
  return `the id is not a segment of the request path (${paths.join("; ") || "no request"})`;
}

/** Requests that carried the token somewhere other than Graph's version root. */
export function tokenOutsideGraph(requests: RequestRecord[]): string | undefined {
  const stray = requests.find((r) => r.authorization && !/^\/v1\.0(\/|$)/.test(r.path));
  return stray ? `the token went to ${stray.method} ${stray.path}${stray.query}` : undefined;
}

/** "[object Object]" in what the action returned or stored, when the typed value did not hold it. */
export function garbleProblem(typed: unknown, d: Diff, out: Output): string | undefined {
  if (visibleText(typed).includes("[object Object]")) return undefined;
  const stored = [...d.created, ...d.changed].map((c) => visibleText({ ...c.object, content: undefined }));
  if (stored.some((t) => t.includes("[object Object]"))) return "stored '[object Object]'";
  if (visibleText(out?.data).includes("[object Object]")) return "returned '[object Object]'";
  return undefined;
}

/** The ids of a listing the action returned (a page with `value`, or an array). */
export function listedIds(out: Output): string[] | undefined {
  const data = out?.data as { value?: unknown } | unknown[] | undefined;
  const items = Array.isArray(data) ? data : Array.isArray(data?.value) ? data.value : undefined;
  return items?.map((i) => String((i as { id?: unknown }).id)).sort();
}

export interface Reference {
  status: number;
  ids?: string[];
}

/** What Graph (the sandbox) answers for this listing path with this query, every value properly encoded. */
export async function reference(world: World, path: string, query: Record<string, string>): Promise<Reference> {
  const answer = await fetch(`${world.sb.url}${path}?${new URLSearchParams(query).toString()}`, {
    headers: { Authorization: `Bearer ${world.appToken}` },
  });
  if (!answer.ok) {
    await answer.arrayBuffer();
    return { status: answer.status };
  }
  const body = (await answer.json()) as { value?: { id: string }[] };
  return { status: answer.status, ids: (body.value ?? []).map((m) => m.id).sort() };
}

/** Text a URL can carry as typed: a lone surrogate has no percent-encoding (URLSearchParams would send U+FFFD). */
const encodable = (text: string) => !/\p{Cs}/u.test(text);

/**
 * The query a correct component sends for a typed filter, search, select or query-parameter list; undefined when no
 * query carries the value as typed (then the component's typed refusal is what is right).
 */
export function referenceQuery(role: string, value: unknown): Record<string, string> | undefined {
  if (role === "pairs") {
    if (!Array.isArray(value) || !value.length) return undefined;
    const ok = value.every(
      (p) => p && typeof p.key === "string" && p.key && typeof p.value === "string" && encodable(p.key + p.value),
    );
    return ok ? Object.fromEntries(value.map((p: { key: string; value: string }) => [p.key, p.value])) : undefined;
  }
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return undefined;
  const text = String(value);
  if (!text.trim() || !encodable(text)) return undefined;
  if (role === "filter") return { $filter: text };
  if (role === "select") return { $select: text };
  const s = text.trim();
  return { $search: /^".*"$/s.test(s) ? s : `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` };
}
