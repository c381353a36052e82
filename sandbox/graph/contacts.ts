import { GraphError, badRequest, notFound, sendEmpty, sendJson } from "../http";
import { changeKey, itemId } from "../ids";
import type { RouteContext, Router } from "../router";
import { graphSchema } from "../schema";
import type { ContactFolder, Mailbox, StoredContact } from "../store";
import { mailboxOf, odataContext, pageSizeOf, readJson, sendEntity } from "./common";
import { answerDelta, queryValue, roundOf, type DeltaSource } from "./deltaRounds";
import { applyQuery, nextPageLink, parseSelect, selectProperties } from "./odata";
import { checkIfMatch } from "./preconditions";

/**
 * Contacts and contact folders, as Outlook keeps them: contacts in the default Contacts folder
 * (`/contacts`) or in a contact folder under it (`/contactFolders/{id}/contacts`), folders nested
 * in folders, ETags on contacts, and delta rounds for contacts of a folder and for contact folders.
 */

const CONTACT = "microsoft.graph.contact";
const CONTACT_FOLDER = "microsoft.graph.contactFolder";
/** Properties the server keeps: a body may carry them, and they are ignored (as Exchange does). */
const SERVER_OWNED = new Set(["id", "createdDateTime", "lastModifiedDateTime", "changeKey", "parentFolderId"]);

const contactsOf = (ctx: RouteContext, access: "read" | "write") => mailboxOf(ctx, access, "contacts");

/** Every contact property Graph declares, unset: null, an empty list, or an empty address. */
function blankContact(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of graphSchema().propertiesOf(CONTACT)) {
    if (SERVER_OWNED.has(name)) continue;
    if (type.collection) out[name] = [];
    else if (type.name === "microsoft.graph.physicalAddress") out[name] = {};
    else out[name] = null;
  }
  return out;
}

/** Extended properties a contact carries: tested by $filter, shown only when expanded (as on messages). */
const EXTENDED = ["singleValueExtendedProperties", "multiValueExtendedProperties"];

export function contactJson(c: StoredContact): Record<string, unknown> {
  const own = Object.fromEntries(Object.entries(c.fields).filter(([k]) => !EXTENDED.includes(k)));
  const fields = { ...blankContact(), ...own };
  const given = [fields.givenName, fields.surname].filter((v) => typeof v === "string" && v).join(" ");
  return {
    "@odata.etag": `W/"${c.changeKey}"`,
    id: c.id,
    createdDateTime: c.createdDateTime,
    lastModifiedDateTime: c.lastModifiedDateTime,
    changeKey: c.changeKey,
    parentFolderId: c.folderId,
    ...fields,
    displayName: fields.displayName ?? given,
    fileAs: fields.fileAs ?? "",
    initials: fields.initials ?? null,
  };
}

function folderJson(f: ContactFolder): Record<string, unknown> {
  return { id: f.id, displayName: f.displayName, parentFolderId: f.parentFolderId };
}

/** The folder a path names ({contactFolder-id}, or a child under it), or the default Contacts folder. */
function scopedFolder(ctx: RouteContext, mb: Mailbox): string {
  const key = ctx.params["childFolder-id"] ?? ctx.params["contactFolder-id"];
  if (key === undefined) return mb.defaultContactFolderId;
  if (!mb.contactFolders.has(key)) throw notFound();
  return key;
}

/** A contact by id; under a contact folder's path it must be in that folder (under /contacts, in any). */
function findContact(ctx: RouteContext, mb: Mailbox): StoredContact {
  const c = mb.contacts.get(ctx.params["contact-id"]);
  if (!c) throw notFound();
  if (ctx.params["contactFolder-id"] !== undefined && c.folderId !== scopedFolder(ctx, mb)) throw notFound();
  return c;
}

function writableFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !SERVER_OWNED.has(k) && !k.startsWith("@odata")));
}

/**
 * Graph's one filter on a contact's addresses: `emailAddresses/any(a:a/address eq '…')`. No other operator, function
 * or sub-property may be tested inside that lambda (Graph's contact listing documents the limit), and `all` is refused.
 */
export function checkAddressFilter(filter: string | undefined): void {
  if (!filter) return;
  const lambda = /emailAddresses\s*\/\s*(any|all)\s*\(/gi;
  for (let m = lambda.exec(filter); m; m = lambda.exec(filter)) {
    const body = lambdaBody(filter, m.index + m[0].length);
    const allowed = /^\s*([A-Za-z_]\w*)\s*:\s*\1\s*\/\s*address\s+eq\s+'(?:[^']|'')*'\s*$/i;
    if (m[1].toLowerCase() !== "any" || body === undefined || !allowed.test(body))
      throw new GraphError(400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");
  }
}

/** The text of a lambda from just after its "(" to its matching ")", quotes respected; undefined when unclosed. */
function lambdaBody(filter: string, start: number): string | undefined {
  let depth = 1;
  let quoted = false;
  for (let i = start; i < filter.length; i++) {
    const c = filter[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")" && --depth === 0) return filter.slice(start, i);
  }
  return undefined;
}

function contactPath(ctx: RouteContext): string {
  return `users('${encodeURIComponent(ctx.params["user-id"])}')/contacts`;
}

function listContacts(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "read");
  const folderId = scopedFolder(ctx, mailbox);
  checkAddressFilter(queryValue(ctx, "filter"));
  // $filter may test extended properties (a stamp the caller set); answers carry them only when expanded.
  const items = [...mailbox.contacts.values()]
    .filter((c) => c.folderId === folderId)
    .map((c) => ({ ...contactJson(c), singleValueExtendedProperties: c.fields.singleValueExtendedProperties ?? [] }));
  const found = applyQuery(items, ctx.query, {
    typeName: CONTACT,
    defaultTop: pageSizeOf(ctx, 10),
    maxTop: 1000,
    defaultOrder: [{ path: ["displayName"], desc: false }],
  });
  const result = { ...found, items: found.items.map(({ singleValueExtendedProperties: _tested, ...shown }) => shown) };
  const page: Record<string, unknown> = { "@odata.context": odataContext(ctx, contactPath(ctx)) };
  if (/^true$/i.test(queryValue(ctx, "count") ?? "")) page["@odata.count"] = result.total;
  page.value = result.items;
  if (result.nextSkip !== undefined) page["@odata.nextLink"] = nextPageLink(ctx, result.nextSkip);
  sendJson(ctx.res, 200, page);
}

function createContact(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "write");
  const folderId = scopedFolder(ctx, mailbox);
  const fields = writableFields(readJson(ctx, CONTACT));
  const now = ctx.clock.iso();
  const seq = ctx.store.nextSeq(mailbox);
  const contact: StoredContact = {
    id: itemId(),
    folderId,
    changeKey: changeKey(),
    createdDateTime: now,
    lastModifiedDateTime: now,
    fields,
    seq,
    createdSeq: seq,
  };
  mailbox.contacts.set(contact.id, contact);
  sendEntity(ctx, 201, `${contactPath(ctx)}/$entity`, contactJson(contact));
}

function getContact(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "read");
  const select = parseSelect(ctx.query, CONTACT);
  sendEntity(ctx, 200, `${contactPath(ctx)}/$entity`, selectProperties(contactJson(findContact(ctx, mailbox)), select));
}

function updateContact(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "write");
  const c = findContact(ctx, mailbox);
  checkIfMatch(ctx, c.changeKey);
  const { singleValueExtendedProperties: properties, ...fields } = writableFields(readJson(ctx, CONTACT));
  Object.assign(c.fields, fields);
  // Extended properties given in a PATCH are set or replaced one by one (by id); the others stay.
  if (Array.isArray(properties)) {
    const byId = new Map(
      (c.fields.singleValueExtendedProperties as { id: string }[] | undefined)?.map((p) => [p.id, p]),
    );
    for (const p of properties as { id: string }[]) byId.set(p.id, p);
    c.fields.singleValueExtendedProperties = [...byId.values()];
  }
  c.changeKey = changeKey();
  c.lastModifiedDateTime = ctx.clock.iso();
  c.seq = ctx.store.nextSeq(mailbox);
  sendEntity(ctx, 200, `${contactPath(ctx)}/$entity`, contactJson(c));
}

function deleteContact(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "write");
  const c = findContact(ctx, mailbox);
  checkIfMatch(ctx, c.changeKey);
  mailbox.contacts.delete(c.id);
  mailbox.removals.push({ kind: "contact", id: c.id, scope: c.folderId, seq: ctx.store.nextSeq(mailbox) });
  sendEmpty(ctx.res, 204);
}

function contactDelta(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "read");
  const folderId = scopedFolder(ctx, mailbox);
  const select = parseSelect(ctx.query, CONTACT);
  const source: DeltaSource = {
    scope: `${mailbox.userId}|contacts|${folderId}`,
    odataType: "#microsoft.graph.contact",
    context: "Collection(contact)",
    items: () =>
      [...mailbox.contacts.values()]
        .filter((c) => c.folderId === folderId)
        .map((c) => ({ id: c.id, seq: c.seq, json: contactJson(c) })),
    removed: () => mailbox.removals.filter((r) => r.kind === "contact" && r.scope === folderId),
  };
  answerDelta(
    ctx,
    mailbox,
    source,
    roundOf(ctx, mailbox, source.scope, select ? { select: select.join(",") } : undefined),
  );
}

// ------------------------------------------------------------------------------------------------
// Contact folders.

const foldersPath = (ctx: RouteContext) => `users('${encodeURIComponent(ctx.params["user-id"])}')/contactFolders`;

function listFolders(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "read");
  const parent = scopedFolder(ctx, mailbox);
  const items = [...mailbox.contactFolders.values()].filter((f) => f.parentFolderId === parent).map(folderJson);
  const result = applyQuery(items, ctx.query, {
    typeName: CONTACT_FOLDER,
    defaultTop: pageSizeOf(ctx, 10),
    maxTop: 1000,
  });
  const page: Record<string, unknown> = { "@odata.context": odataContext(ctx, foldersPath(ctx)), value: result.items };
  if (result.nextSkip !== undefined) page["@odata.nextLink"] = nextPageLink(ctx, result.nextSkip);
  sendJson(ctx.res, 200, page);
}

function createFolder(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "write");
  const parent = scopedFolder(ctx, mailbox);
  const body = readJson(ctx, CONTACT_FOLDER);
  const name = typeof body.displayName === "string" ? body.displayName.trim() : "";
  if (!name) throw badRequest("A contact folder needs a displayName.", "ErrorInvalidRequest");
  const taken = [...mailbox.contactFolders.values()].some(
    (f) => f.parentFolderId === parent && f.displayName.toLowerCase() === name.toLowerCase(),
  );
  if (taken) throw new GraphError(409, "ErrorFolderExists", "A folder with the specified name already exists.");
  const seq = ctx.store.nextSeq(mailbox);
  const folder: ContactFolder = { id: itemId(), displayName: name, parentFolderId: parent, seq, createdSeq: seq };
  mailbox.contactFolders.set(folder.id, folder);
  sendEntity(ctx, 201, `${foldersPath(ctx)}/$entity`, folderJson(folder));
}

function oneFolder(ctx: RouteContext, mb: Mailbox): ContactFolder {
  const f = mb.contactFolders.get(scopedFolder(ctx, mb));
  if (!f) throw notFound();
  return f;
}

function updateFolder(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "write");
  const folder = oneFolder(ctx, mailbox);
  const body = readJson(ctx, CONTACT_FOLDER);
  if (typeof body.displayName === "string" && body.displayName.trim()) folder.displayName = body.displayName.trim();
  folder.seq = ctx.store.nextSeq(mailbox);
  sendEntity(ctx, 200, `${foldersPath(ctx)}/$entity`, folderJson(folder));
}

function deleteFolder(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "write");
  const folder = oneFolder(ctx, mailbox);
  const remove = (f: ContactFolder) => {
    for (const child of [...mailbox.contactFolders.values()].filter((c) => c.parentFolderId === f.id)) remove(child);
    for (const c of [...mailbox.contacts.values()].filter((x) => x.folderId === f.id)) mailbox.contacts.delete(c.id);
    mailbox.contactFolders.delete(f.id);
    mailbox.removals.push({ kind: "contactFolder", id: f.id, scope: "", seq: ctx.store.nextSeq(mailbox) });
  };
  remove(folder);
  sendEmpty(ctx.res, 204);
}

function folderDelta(ctx: RouteContext): void {
  const { mailbox } = contactsOf(ctx, "read");
  const source: DeltaSource = {
    scope: `${mailbox.userId}|contactFolders`,
    odataType: "#microsoft.graph.contactFolder",
    context: "Collection(contactFolder)",
    items: () => [...mailbox.contactFolders.values()].map((f) => ({ id: f.id, seq: f.seq, json: folderJson(f) })),
    removed: () => mailbox.removals.filter((r) => r.kind === "contactFolder"),
  };
  answerDelta(ctx, mailbox, source, roundOf(ctx, mailbox, source.scope));
}

export function registerContactRoutes(router: Router): void {
  const folders = "/users/{user-id}/contactFolders";
  const folder = `${folders}/{contactFolder-id}`;
  for (const base of [
    "/users/{user-id}/contacts",
    `${folder}/contacts`,
    `${folder}/childFolders/{childFolder-id}/contacts`,
  ]) {
    router.add("graph", "GET", base, listContacts);
    router.add("graph", "POST", base, createContact);
    router.add("graph", "GET", `${base}/delta`, contactDelta);
    router.add("graph", "GET", `${base}/{contact-id}`, getContact);
    router.add("graph", "PATCH", `${base}/{contact-id}`, updateContact);
    router.add("graph", "DELETE", `${base}/{contact-id}`, deleteContact);
  }
  router.add("graph", "GET", folders, listFolders);
  router.add("graph", "POST", folders, createFolder);
  router.add("graph", "GET", `${folders}/delta`, folderDelta);
  for (const one of [folder, `${folder}/childFolders/{childFolder-id}`]) {
    router.add("graph", "GET", one, (ctx) => {
      const { mailbox } = contactsOf(ctx, "read");
      sendEntity(ctx, 200, `${foldersPath(ctx)}/$entity`, folderJson(oneFolder(ctx, mailbox)));
    });
    router.add("graph", "PATCH", one, updateFolder);
    router.add("graph", "DELETE", one, deleteFolder);
    router.add("graph", "GET", `${one}/childFolders`, listFolders);
    router.add("graph", "POST", `${one}/childFolders`, createFolder);
  }
}
