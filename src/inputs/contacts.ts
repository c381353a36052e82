import { input } from "@prismatic-io/spectral";
import type { Contact, EmailAddress } from "@microsoft/microsoft-graph-types";
import { ArgumentError, PropertyNullError } from "../errors";
import { categoriesInput, readCategories } from "./categories";
import { asText, isBlank, jsonObject, list, text } from "./common";
import { cleanId } from "./clean";
import { calendarDate, instant } from "./times";
import { parseRecipients, recipientFrom } from "./recipients";

/** Inputs and checks of the contact and contact folder actions. */

export const contactIdInput = input({
  label: "Contact ID",
  type: "string",
  required: true,
  comments: "The ID of a contact, in any contact folder (pick it by name).",
  dataSource: "selectContact",
  clean: cleanId("contactId"),
});

export const contactFolderIdInput = (required: boolean, comments: string) =>
  input({
    label: "Contact Folder ID",
    type: "string",
    required,
    comments,
    dataSource: "selectContactFolder",
    clean: cleanId("contactFolderId"),
  });

export const parentContactFolderInput = input({
  label: "Parent Contact Folder ID",
  type: "string",
  required: false,
  comments: "Work under this contact folder; left empty, directly under the default Contacts folder.",
  dataSource: "selectContactFolder",
  clean: cleanId("parentContactFolderId"),
});

/** Outlook keeps at most three email addresses on a contact. */
export const MAX_CONTACT_EMAILS = 3;

const textField = (label: string, comments?: string) =>
  input({ label, type: "string", required: false, ...(comments ? { comments } : {}) });
const listField = (label: string, comments: string) =>
  input({ label, type: "string", collection: "valuelist", required: false, comments });

/** The contact's inputs; when updating, each one left empty stays as it is and a list given replaces the old one. */
export const contactInputs = (updating: boolean) => ({
  givenName: textField("First Name"),
  surname: textField("Last Name"),
  displayName: textField(
    "Display Name",
    updating ? undefined : "How Outlook shows the contact; left empty, Outlook makes it from the first and last names.",
  ),
  emailAddresses: listField(
    "Email Addresses",
    `Up to ${MAX_CONTACT_EMAILS} addresses (Outlook keeps three), each optionally 'Name <address>'.`,
  ),
  mobilePhone: textField("Mobile Phone"),
  businessPhones: listField("Business Phones", "Phone numbers (a list, or text separated by commas)."),
  homePhones: listField("Home Phones", "Phone numbers (a list, or text separated by commas)."),
  companyName: textField("Company"),
  jobTitle: textField("Job Title"),
  department: textField("Department"),
  officeLocation: textField("Office"),
  birthday: textField("Birthday", "The date of birth, yyyy-MM-dd."),
  personalNotes: input({ label: "Notes", type: "text", required: false }),
  categories: categoriesInput(
    updating ? "Replaces the contact's categories; left empty, they stay as they are." : "The contact's categories.",
  ),
  additionalFields: input({
    label: "Additional Fields (JSON)",
    type: "code",
    language: "json",
    required: false,
    comments:
      'Other properties of Graph\'s contact, e.g. {"nickName":"Bo","businessAddress":{"city":"Paris"},' +
      '"imAddresses":["bo@im.contoso.com"]}. A property given here and in an input of its own is refused.',
  }),
});

const TEXT_FIELDS = [
  "givenName",
  "surname",
  "displayName",
  "mobilePhone",
  "companyName",
  "jobTitle",
  "department",
  "officeLocation",
  "personalNotes",
] as const;
const LIST_FIELDS = ["businessPhones", "homePhones"] as const;

/** A contact's email addresses as Graph keeps them ({address, name}), each checked like every address input. */
function emailAddresses(property: string, value: unknown): EmailAddress[] {
  const found = parseRecipients(property, value, false).map((r) => r.emailAddress!);
  if (found.length > MAX_CONTACT_EMAILS)
    throw new ArgumentError(
      property,
      `'${property}' holds ${found.length} addresses; Outlook keeps at most ${MAX_CONTACT_EMAILS} on a contact.`,
    );
  return found;
}

/** The contact from the inputs: when creating, everything given; when updating, only what was given (at least one). */
export function readContact(params: Record<string, unknown>, updating: boolean): Contact {
  const c: Record<string, unknown> = {};
  for (const key of TEXT_FIELDS) {
    const value = text(key, params[key]);
    if (value !== undefined) c[key] = key === "personalNotes" ? value : value.trim();
  }
  for (const key of LIST_FIELDS) {
    const values = list(key, params[key]);
    if (values.length) c[key] = values;
  }
  const emails = emailAddresses("emailAddresses", params.emailAddresses);
  if (emails.length) c.emailAddresses = emails;
  const birthday = calendarDate("birthday", params.birthday);
  if (birthday) c.birthday = `${birthday}T00:00:00Z`;
  const categories = readCategories("categories", params.categories);
  if (categories.length) c.categories = categories;
  Object.assign(c, additionalFields(params.additionalFields, c));
  if (!Object.keys(c).length)
    throw new PropertyNullError(
      "displayName",
      updating ? "Give at least one thing to change." : "Give the contact at least a name or an email address.",
    );
  return c as Contact;
}

type FieldKind = "text" | "texts" | "date" | "address" | "emails" | "email";

/** The properties of Graph's contact a person may write in Additional Fields, with the kind of value each takes. */
const CONTACT_PROPERTIES: Record<string, FieldKind> = {
  ...Object.fromEntries(
    [
      ...TEXT_FIELDS,
      "assistantName",
      "businessHomePage",
      "fileAs",
      "generation",
      "initials",
      "manager",
      "middleName",
      "nickName",
      "profession",
      "spouseName",
      "title",
      "yomiCompanyName",
      "yomiGivenName",
      "yomiSurname",
    ].map((k) => [k, "text"]),
  ),
  ...Object.fromEntries(
    [...LIST_FIELDS, "children", "imAddresses", "categories"].map((k) => [k, "texts" as FieldKind]),
  ),
  birthday: "date",
  businessAddress: "address",
  homeAddress: "address",
  otherAddress: "address",
  emailAddresses: "emails",
};

const ADDRESS_PARTS = ["street", "city", "state", "postalCode", "countryOrRegion"];
const PROPERTY = "additionalFields";

/** Additional Fields (JSON): Graph's contact properties, each name and value checked, none given twice. */
function additionalFields(value: unknown, typed: Record<string, unknown>): Record<string, unknown> {
  if (isBlank(value)) return {};
  const json = jsonObject(PROPERTY, value, '{"nickName":"Bo"}');
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(json)) {
    const at = `${PROPERTY}.${key}`;
    const kind = CONTACT_PROPERTIES[key];
    if (!kind)
      throw new ArgumentError(
        at,
        `'${PROPERTY}' has '${key}', which is not a property of a contact Graph lets you set.`,
      );
    if (key in typed) throw new ArgumentError(at, `'${at}' is also given by an input of its own; give it once.`);
    out[key] = fieldValue(at, kind, v);
  }
  return out;
}

function fieldValue(at: string, kind: FieldKind, v: unknown): unknown {
  const isString = (x: unknown) => typeof x === "string";
  if (kind === "text") {
    if (!isString(v)) throw new ArgumentError(at, `'${at}' must be text.`);
    return asText(at, v);
  }
  if (kind === "texts") {
    if (!Array.isArray(v) || !v.every(isString)) throw new ArgumentError(at, `'${at}' must be a list of text.`);
    return v.map((item, i) => asText(`${at}[${i}]`, item));
  }
  if (kind === "date") {
    if (!isString(v)) throw new ArgumentError(at, `'${at}' must be a date, yyyy-MM-dd, or an ISO 8601 date and time.`);
    if (/^\d{4}-\d{2}-\d{2}$/.test(v.trim())) return `${calendarDate(at, v)}T00:00:00Z`;
    const ms = instant(at, v);
    if (ms === undefined) throw new ArgumentError(at, `'${at}' is empty.`);
    return new Date(ms).toISOString();
  }
  if (kind === "address") return physicalAddress(at, v);
  return jsonEmails(at, v);
}

/** Email addresses in JSON: text ("Name <a@b.com>") or Graph's emailAddress ({"address","name"}). */
function jsonEmails(at: string, v: unknown): EmailAddress[] {
  if (!Array.isArray(v)) throw new ArgumentError(at, `'${at}' must be a list of addresses.`);
  const found = v.flatMap((item, i) => {
    if (typeof item === "string") return emailAddresses(`${at}[${i}]`, item);
    const fields = typeof item === "object" && item !== null ? (item as EmailAddress) : {};
    return [recipientFrom(`${at}[${i}]`, fields.address, fields.name).emailAddress!];
  });
  if (found.length > MAX_CONTACT_EMAILS)
    throw new ArgumentError(
      at,
      `'${at}' holds ${found.length} addresses; Outlook keeps at most ${MAX_CONTACT_EMAILS}.`,
    );
  return found;
}

function physicalAddress(at: string, v: unknown): Record<string, string> {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new ArgumentError(at, `'${at}' must be an address object such as {"city":"Paris"}.`);
  const out: Record<string, string> = {};
  for (const [part, value] of Object.entries(v)) {
    if (!ADDRESS_PARTS.includes(part))
      throw new ArgumentError(`${at}.${part}`, `'${at}' takes ${ADDRESS_PARTS.join(", ")} only.`);
    if (typeof value !== "string") throw new ArgumentError(`${at}.${part}`, `'${at}.${part}' must be text.`);
    out[part] = asText(`${at}.${part}`, value);
  }
  return out;
}

/** Search Contacts' term: a full email (matched exactly, without regard to case), or the start of a name. */
export type ContactSearch = { kind: "email"; address: string } | { kind: "name"; text: string };

/** The longest search term: an email's longest form (RFC 5321), and longer than any name Outlook keeps. */
const MAX_SEARCH = 320;

export function readContactSearch(property: string, value: unknown): ContactSearch {
  const typed = text(property, value)?.trim();
  if (typed === undefined) throw new PropertyNullError(property, "Give a name or an email to look for.");
  if (typed.length > MAX_SEARCH)
    throw new ArgumentError(property, `'${property}' is longer than ${MAX_SEARCH} characters; no name or email is.`);
  if (!typed.includes("@")) return { kind: "name", text: typed };
  const found = parseRecipients(property, typed, true);
  if (found.length > 1) throw new ArgumentError(property, `'${property}' takes one email at a time.`);
  return { kind: "email", address: found[0].emailAddress!.address! };
}

export const contactFolderNameInput = (updating: boolean) =>
  input({
    label: "Display Name",
    type: "string",
    required: true,
    comments: updating ? "The folder's new name." : "The folder's name (unique among its sibling folders).",
  });
