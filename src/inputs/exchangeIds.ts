import { input } from "@prismatic-io/spectral";
import { ArgumentError } from "../errors";
import { asText } from "./common";
import { distinctIds } from "./ids";

/** Translate IDs' inputs: the ids, and the formats Graph's translateExchangeIds converts between. */

export const ID_FORMATS = ["restId", "restImmutableEntryId", "ewsId", "entryId", "immutableEntryId"] as const;
export type IdFormat = (typeof ID_FORMATS)[number];

/** Graph takes at most this many ids in one translateExchangeIds request. */
export const MAX_TRANSLATED_IDS = 1000;

const FORMAT_LABELS: Record<IdFormat, string> = {
  restId: "REST ID (Graph's default)",
  restImmutableEntryId: "REST immutable ID (what this component returns)",
  ewsId: "EWS ID (Exchange Web Services)",
  entryId: "MAPI entry ID (Outlook desktop's EntryID)",
  immutableEntryId: "MAPI immutable entry ID",
};

const formatChoices = ID_FORMATS.map((value) => ({ label: FORMAT_LABELS[value], value }));

export const translateInputs = {
  ids: input({
    label: "IDs",
    type: "string",
    collection: "valuelist",
    required: true,
    comments:
      "The IDs to translate (messages, events or contacts of the one mailbox): a list, or text with the IDs " +
      "separated by commas or new lines; all of the Source ID Type, at most " +
      `${MAX_TRANSLATED_IDS.toLocaleString("en-US")}.`,
  }),
  sourceIdType: input({
    label: "Source ID Type",
    type: "string",
    model: formatChoices,
    default: "restId",
    required: true,
    comments: "The format of the IDs given. IDs a flow stored from older steps are usually REST IDs.",
  }),
  targetIdType: input({
    label: "Target ID Type",
    type: "string",
    model: formatChoices,
    default: "restImmutableEntryId",
    required: true,
    comments:
      "The format to translate to. REST immutable IDs keep naming an item after it moves to another folder, and a " +
      "draft after it is sent.",
  }),
};

/** No Exchange id holds white space or control characters; EWS and entry ids may hold "/" and "+" (base64). */
const NOT_IN_EXCHANGE_IDS = /[\s\p{Cc}\u2028\u2029]/u;

/** One id to translate: it travels in the request body, so only what no id holds is refused. */
export function exchangeId(property: string, value: unknown): { id: string; input: string } {
  const id = asText(property, value).trim();
  if (NOT_IN_EXCHANGE_IDS.test(id) || id.length > 1024)
    throw new ArgumentError(
      property,
      `'${property}' is not an Exchange id: ids hold no spaces or control characters and are at most 1024 characters ` +
        `(got '${id.slice(0, 80)}').`,
    );
  return { id, input: property };
}

/** The ids to translate, checked, a repeated one kept once. */
export function readExchangeIds(property: string, value: unknown): string[] {
  return distinctIds(property, value, MAX_TRANSLATED_IDS, exchangeId).map((x) => x.id);
}
