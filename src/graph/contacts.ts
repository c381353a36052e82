import type { Contact, ContactFolder } from "@microsoft/microsoft-graph-types";
import type { ContactSearch } from "../inputs/contacts";
import type { ItemRef } from "../inputs/ids";
import type { Paging } from "../inputs/paging";
import { confirmation, withOutcome, type Outcome } from "./lostAnswers";
import type { MailboxRef } from "./mailbox";
import { allPages, listPage, MAX_PAGE_SIZE, type Page } from "./paging";
import { graphPath, type GraphPath } from "./path";
import { findStampedIn, newStamp } from "./stamps";

/**
 * Contacts and contact folders (Graph's contact and contactFolder): contacts live in the default Contacts folder
 * (`/contacts`) or in a contact folder under it, and folders nest. A contact is found by its id wherever it is.
 */

const folderPath = (mb: MailboxRef, folder: ItemRef | string): GraphPath =>
  graphPath`${mb.root}/contactFolders/${folder}`;

/** The contacts of a folder, or of the default Contacts folder when none is named. */
const contactsIn = (mb: MailboxRef, folder: ItemRef | undefined): GraphPath =>
  folder ? graphPath`${folderPath(mb, folder)}/contacts` : graphPath`${mb.root}/contacts`;

const contactPath = (mb: MailboxRef, contact: ItemRef): GraphPath => graphPath`${mb.root}/contacts/${contact}`;

/** The folders under a parent: the default Contacts folder's, or a contact folder's children. */
const foldersUnder = (mb: MailboxRef, parent: ItemRef | string | undefined): GraphPath =>
  parent ? graphPath`${folderPath(mb, parent)}/childFolders` : graphPath`${mb.root}/contactFolders`;

/** A value inside an OData string literal: a quote is written twice. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A folder's contacts sorted by display name, one page or all of them. */
export function list(mb: MailboxRef, folder: ItemRef | undefined, paging: Paging): Promise<Page<Contact>> {
  return listPage<Contact>(
    mb.graph,
    { method: "GET", path: contactsIn(mb, folder), query: { $orderby: "displayName" }, notFound: folder?.input },
    paging,
  );
}

/**
 * Contacts of a folder matching a search: an email exactly (Graph filters a contact's addresses only with
 * `emailAddresses/any(a:a/address eq …)`), or a name by the start of its display name, first name or surname.
 */
export function search(
  mb: MailboxRef,
  folder: ItemRef | undefined,
  term: ContactSearch,
  paging: Paging,
): Promise<Page<Contact>> {
  const filter =
    term.kind === "email"
      ? `emailAddresses/any(a:a/address eq ${literal(term.address)})`
      : ["displayName", "givenName", "surname"].map((p) => `startswith(${p},${literal(term.text)})`).join(" or ");
  return listPage<Contact>(
    mb.graph,
    { method: "GET", path: contactsIn(mb, folder), query: { $filter: filter }, notFound: folder?.input },
    paging,
  );
}

export function get(mb: MailboxRef, contact: ItemRef): Promise<Contact> {
  return mb.graph.call<Contact>({ method: "GET", path: contactPath(mb, contact), notFound: contact.input });
}

/**
 * Creates a contact carrying a stamp (the component's extended property), so that after a lost answer the folder is
 * searched for it: found, it is the answer; else the create is sent again.
 */
export async function create(
  mb: MailboxRef,
  folder: ItemRef | undefined,
  contact: Contact,
): Promise<Contact & { outcome?: Outcome }> {
  const stamp = newStamp();
  const { result, outcome } = await mb.graph.callWithOutcome<Contact>({
    method: "POST",
    path: contactsIn(mb, folder),
    body: { ...contact, singleValueExtendedProperties: [stamp.property] },
    notFound: folder?.input,
    confirm: async () => confirmation(await findStampedIn<Contact>(mb.graph, contactsIn(mb, folder), stamp)),
  });
  return withOutcome(result, outcome);
}

export function update(mb: MailboxRef, contact: ItemRef, change: Contact): Promise<Contact> {
  return mb.graph.call<Contact>({
    method: "PATCH",
    path: contactPath(mb, contact),
    body: change,
    notFound: contact.input,
  });
}

export async function remove(mb: MailboxRef, contact: ItemRef): Promise<void> {
  await mb.graph.call({ method: "DELETE", path: contactPath(mb, contact), notFound: contact.input });
}

// Contact folders.

export function listFolders(mb: MailboxRef, parent: ItemRef | undefined, paging: Paging): Promise<Page<ContactFolder>> {
  return listPage<ContactFolder>(
    mb.graph,
    { method: "GET", path: foldersUnder(mb, parent), notFound: parent?.input },
    paging,
  );
}

export type ContactFolderWithPath = ContactFolder & { path: string };

/** Every contact folder at every level, each with its path ("Suppliers/Europe"): one request per folder. */
export async function folderTree(mb: MailboxRef, parent?: string, prefix = ""): Promise<ContactFolderWithPath[]> {
  const children = await allPages<ContactFolder>(mb.graph, {
    method: "GET",
    path: foldersUnder(mb, parent),
    query: { $top: MAX_PAGE_SIZE },
  });
  const out: ContactFolderWithPath[] = [];
  for (const f of children) {
    const path = prefix ? `${prefix}/${f.displayName}` : String(f.displayName);
    out.push({ ...f, path }, ...(await folderTree(mb, f.id!, path)));
  }
  return out;
}

/**
 * Creates a contact folder. After a lost answer the parent is searched for a folder of that name (Graph refuses a
 * second one with 409 ErrorFolderExists): found, it is the answer; else the create is sent again.
 */
export async function createFolder(
  mb: MailboxRef,
  parent: ItemRef | undefined,
  displayName: string,
): Promise<ContactFolder & { outcome?: Outcome }> {
  const { result, outcome } = await mb.graph.callWithOutcome<ContactFolder>({
    method: "POST",
    path: foldersUnder(mb, parent),
    body: { displayName },
    notFound: parent?.input,
    confirm: async () => {
      const siblings = await allPages<ContactFolder>(mb.graph, { method: "GET", path: foldersUnder(mb, parent) });
      const found = siblings.find((f) => f.displayName?.toLowerCase() === displayName.toLowerCase());
      return confirmation(found);
    },
  });
  return withOutcome(result, outcome);
}

export function renameFolder(mb: MailboxRef, folder: ItemRef, displayName: string): Promise<ContactFolder> {
  return mb.graph.call<ContactFolder>({
    method: "PATCH",
    path: folderPath(mb, folder),
    body: { displayName },
    notFound: folder.input,
  });
}

/** Deletes a contact folder with the contacts and folders in it. */
export async function removeFolder(mb: MailboxRef, folder: ItemRef): Promise<void> {
  await mb.graph.call({ method: "DELETE", path: folderPath(mb, folder), notFound: folder.input });
}

/** Every contact of the default Contacts folder and of every contact folder, for the contact picker. */
export async function everyContact(mb: MailboxRef): Promise<(Contact & { folderPath?: string })[]> {
  const select = { $top: MAX_PAGE_SIZE, $select: "displayName,emailAddresses" };
  const own = await allPages<Contact>(mb.graph, { method: "GET", path: contactsIn(mb, undefined), query: select });
  const out: (Contact & { folderPath?: string })[] = [...own];
  for (const folder of await folderTree(mb)) {
    const path = graphPath`${folderPath(mb, folder.id!)}/contacts`;
    const inFolder = await allPages<Contact>(mb.graph, { method: "GET", path, query: select });
    out.push(...inFolder.map((c) => ({ ...c, folderPath: folder.path })));
  }
  return out;
}
