/** Attachment actions: list, read with content, add any size, delete. */
export { listAttachments } from "./listAttachments";
export { getAttachment } from "./getAttachment";
export { addAttachment } from "./addAttachment";
export { deleteAttachment } from "./deleteAttachment";
