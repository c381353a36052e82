import { listAttachments } from "./listAttachments";
import { getAttachment } from "./getAttachment";
import { addAttachment } from "./addAttachment";
import { deleteAttachment } from "./deleteAttachment";
import { listEventAttachments } from "./listEventAttachments";
import { getEventAttachment } from "./getEventAttachment";
import { addEventAttachment } from "./addEventAttachment";
import { deleteEventAttachment } from "./deleteEventAttachment";

/**
 * Attachment actions: list, read with content, add any size, delete.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const attachmentActions = {
  listAttachments,
  getAttachment,
  addAttachment,
  deleteAttachment,
  listEventAttachments,
  getEventAttachment,
  addEventAttachment,
  deleteEventAttachment,
};
