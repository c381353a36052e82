import { detectMimeType } from "nodemailer/lib/mime-funcs";
import { input } from "@prismatic-io/spectral";
import { AttachmentError, ArgumentError } from "../errors";
import { cleanId } from "./clean";
import { isBlank, isWellFormed } from "./common";
import { MAX_ATTACHMENT_BYTES, type AttachmentContent } from "../graph/upload";

export const attachmentIdInput = input({
  label: "Attachment ID",
  type: "string",
  required: true,
  comments: "The ID of one of the message's attachments (List Attachments gives them).",
  clean: cleanId("attachmentId"),
});

export const attachmentsInput = input({
  label: "Attachments",
  type: "data",
  collection: "keyvaluelist",
  required: false,
  comments:
    "File name as the key (e.g. report.pdf), the file as the value. Any size up to 150 MB each; a name Outlook " +
    "refuses, or a file without data, is refused before any request.",
});

export const dynamicAttachmentsInput = input({
  label: "Dynamic Attachments",
  type: "data",
  required: false,
  comments:
    'An array of {"key": file name, "value": file data} (or its JSON text), typically a reference to a previous ' +
    "step's output. Any size up to 150 MB each.",
  example: '[{"key":"my-attachment.pdf","value":"<BINARY FILE DATA>"}]',
});

interface KeyValue {
  key?: unknown;
  value?: unknown;
}

/** File data in the shapes the platform passes: a Buffer, bytes, {data, contentType}, or text. */
function fileData(property: string, name: string, value: unknown): { content: Buffer; contentType?: string } {
  // Blank text is no file: a step's output that came back empty, or nothing mapped (an empty file is a Buffer).
  if (isBlank(value))
    throw new AttachmentError(
      property,
      `Attachment '${name}' has no file data; map it to a file from a previous step.`,
    );
  if (Buffer.isBuffer(value)) return { content: value };
  if (value instanceof Uint8Array) return { content: Buffer.from(value) };
  if (typeof value === "string") return { content: Buffer.from(value, "utf8"), contentType: "text/plain" };
  if (typeof value === "object" && "data" in (value as object)) {
    const { data, contentType } = value as { data: unknown; contentType?: unknown };
    const inner = fileData(property, name, data);
    return {
      content: inner.content,
      contentType: typeof contentType === "string" && contentType ? contentType : inner.contentType,
    };
  }
  if (
    typeof value === "object" &&
    (value as { type?: unknown }).type === "Buffer" &&
    Array.isArray((value as { data?: unknown }).data)
  ) {
    return { content: Buffer.from((value as { data: number[] }).data) };
  }
  throw new AttachmentError(property, `Attachment '${name}' is not file data (got ${typeof value}); map it to a file.`);
}

function fromPairs(property: string, value: unknown): KeyValue[] {
  if (isBlank(value)) return [];
  let list = value;
  if (Buffer.isBuffer(list)) list = list.toString("utf8");
  if (typeof list === "object" && list !== null && "data" in list && Buffer.isBuffer((list as { data: unknown }).data))
    list = (list as { data: Buffer }).data.toString("utf8");
  if (typeof list === "string") {
    try {
      list = JSON.parse(list);
    } catch {
      throw new ArgumentError(
        property,
        `'${property}' must be an array of {"key": file name, "value": file data}; it is text that is not JSON.`,
      );
    }
  }
  if (!Array.isArray(list))
    throw new ArgumentError(property, `'${property}' must be an array of {"key": file name, "value": file data}.`);
  return list as KeyValue[];
}

/** One attachment from a name and file data, checked; `where` names the inputs at fault. */
export function attachmentFrom(
  nameProperty: string,
  rawName: unknown,
  dataProperty: string,
  value: unknown,
): AttachmentContent {
  const name = typeof rawName === "string" && isWellFormed(rawName) ? rawName.trim() : "";
  if (!name)
    throw new AttachmentError(nameProperty, "The attachment has no file name; give a name such as report.pdf.");
  if (/[\\/:*?"<>|\p{Cc}]/u.test(name))
    throw new AttachmentError(
      nameProperty,
      `The file name '${name}' contains a character Outlook does not allow (\\ / : * ? " < > | or a control ` +
        "character).",
    );
  const { content, contentType } = fileData(dataProperty, name, value);
  if (content.length > MAX_ATTACHMENT_BYTES) {
    throw new AttachmentError(
      dataProperty,
      `Attachment '${name}' is ${content.length} bytes; Outlook takes at most ${MAX_ATTACHMENT_BYTES} bytes (150 ` +
        `MB) per attachment.`,
    );
  }
  const typed =
    contentType && contentType !== "application/octet-stream" && contentType !== "text/plain"
      ? contentType
      : detectMimeType(name);
  return { name, content, contentType: typed || contentType || "application/octet-stream" };
}

/** Attachments from the keyed and the dynamic inputs, checked before any request. */
export function readAttachments(attachments: unknown, dynamic: unknown): AttachmentContent[] {
  const out: AttachmentContent[] = [];
  for (const [property, pairs] of [
    ["attachments", fromPairs("attachments", attachments)],
    ["dynamicAttachments", fromPairs("dynamicAttachments", dynamic)],
  ] as const) {
    pairs.forEach((pair, i) =>
      out.push(attachmentFrom(`${property}[${i}].key`, pair?.key, `${property}[${i}].value`, pair?.value)),
    );
  }
  return out;
}
