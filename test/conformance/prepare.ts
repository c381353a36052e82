import { USERS } from "../../sandbox";
import type { Example } from "../../tools/graph-examples/types";
import { addressFor, type Preparer } from "./fixtures";
import * as make from "./resources";

/**
 * Real values for an example's placeholders (see tools/graph-examples/placeholders.ts), created
 * in the sandbox as needed, and at least one item in any collection the example lists, so that a
 * documented item has something to be compared with.
 */

export type Values = Map<string, string>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Placeholders the example uses, in the order they must be created (an attachment comes with its parent). */
export function placeholdersOf(example: Example): string[] {
  const text = [example.url, JSON.stringify(example.body ?? ""), JSON.stringify(example.headers ?? {})].join(" ");
  const names = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]));
  const order = ["mailFolder", "destinationFolder", "message", "event", "attachment"];
  return [...names].sort((a, b) => rank(order, a) - rank(order, b));
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

function staticValue(p: Preparer, name: string): string | undefined {
  const address = /^address(\d+)$/.exec(name);
  if (address) return addressFor(Number(address[1]));
  const { start, end } = p.window();
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
  const values: Record<string, () => string> = {
    graph: () => p.env.graph,
    user: () => USERS.adele.id,
    // Graph refuses a second subscription to the same resource and URL: each gets its own path.
    notificationUrl: () => `${p.env.notificationUrl}/${p.env.next()}`,
    lifecycleNotificationUrl: () => `${p.env.notificationUrl}/lifecycle/${p.env.next()}`,
    expiry: () => new Date(Date.now() + 3600 * 1000).toISOString(),
    start: () => new Date(start).toISOString(),
    end: () => new Date(end).toISOString(),
    dateTime: () => tomorrow,
    localDateTime: () => tomorrow.slice(0, 19),
    timeZone: () => "UTC",
  };
  return values[name]?.();
}

export function attachmentKind(example: Example): make.AttachmentKind {
  const hint = `${example.responseType ?? ""} ${example.name}`.toLowerCase();
  if (hint.includes("reference")) return "reference";
  if (hint.includes("contact")) return "contact";
  if (hint.includes("event_attachment")) return "event";
  if (hint.includes("item") || hint.includes("message_attachment")) return "message";
  return "file";
}

/** The attachment an example reads ({attachment} in its URL) or lists; none for one that adds its own. */
function attachmentNeeded(example: Example): make.AttachmentKind | undefined {
  if (/\{attachment\}/.test(example.url)) return attachmentKind(example);
  return example.method === "GET" && /\/attachments$/i.test(example.url.replace(/\?.*$/, "")) ? "file" : undefined;
}

async function message(p: Preparer, values: Values): Promise<string> {
  const url = p.example.url;
  const kind = attachmentNeeded(p.example);
  // Drafts for what only a draft allows: sending, adding attachments, changing the subject or body.
  const draft = kind || /\/(send|attachments)\b|createUploadSession/i.test(url) || p.example.method === "PATCH";
  if (!draft) return make.receivedMessage(p);
  const id = await make.draftMessage(p);
  if (kind) values.set("attachment", await make.addAttachment(p, `/me/messages/${id}`, kind));
  return id;
}

async function event(p: Preparer, values: Values): Promise<string> {
  const url = p.example.url;
  let id: string;
  if (/\/(accept|decline|tentativelyAccept)$/i.test(url)) id = await make.invitation(p);
  else if (/\/instances/i.test(url))
    id = await make.ownEvent(p, { start: p.window().start + 3600000, recurrenceDays: 5 });
  else id = await make.ownEvent(p);
  const kind = attachmentNeeded(p.example);
  if (kind) values.set("attachment", await make.addAttachment(p, `/me/events/${id}`, kind));
  return id;
}

async function mailFolder(p: Preparer): Promise<string> {
  if (p.example.responseType === "mailSearchFolder") return make.searchFolder(p);
  const id = await make.mailFolder(p);
  if (/\{mailFolder\}\/childFolders/i.test(p.example.url)) await make.mailFolder(p, id);
  if (/\{mailFolder\}\/messages/i.test(p.example.url)) await make.messagesIn(p, id, 3);
  return id;
}

async function contactFolder(p: Preparer): Promise<string> {
  const id = await make.contactFolder(p);
  if (/\{contactFolder\}\/childFolders/i.test(p.example.url)) await make.contactFolder(p, id);
  if (/\{contactFolder\}\/contacts/i.test(p.example.url)) await make.contact(p, id);
  return id;
}

const CREATORS: Record<string, (p: Preparer, values: Values) => Promise<string>> = {
  message,
  event,
  mailFolder,
  contactFolder,
  destinationFolder: (p) => make.mailFolder(p),
  calendar: (p) => make.calendar(p),
  contact: (p) => make.contact(p),
  messageRule: (p) => make.messageRule(p),
  override: (p) => make.override(p),
  category: (p) => make.category(p),
  subscription: (p) => make.subscription(p),
  place: (p) =>
    make.place(p, p.example.responseType === "roomList" || /roomlist/i.test(p.example.url) ? "roomList" : "room"),
};

/** Resolves every placeholder the example uses; throws when the sandbox refuses a preparation step. */
export async function resolvePlaceholders(p: Preparer, values: Values): Promise<void> {
  for (const name of placeholdersOf(p.example)) {
    if (values.has(name)) continue;
    const known = staticValue(p, name);
    if (known !== undefined) values.set(name, known);
    else if (CREATORS[name]) values.set(name, await CREATORS[name](p, values));
  }
}
