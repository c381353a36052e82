import { action, input } from "@prismatic-io/spectral";
import type { FileAttachment } from "@microsoft/microsoft-graph-types";
import { itemId } from "../../graph/paths";
import { INLINE_LIMIT_BYTES, addInlineAttachment, uploadLargeAttachment } from "../../graph/upload";
import { attachmentFrom } from "../../inputs/attachments";
import { connectionInput, flag, mailboxInput, text } from "../../inputs/common";
import { attachmentIdInput, mailbox, messageIdInput, messagePath } from "../../inputs/mail";

const attachmentPath = (mailboxPath: string, params: { messageId: unknown; attachmentId: unknown }) =>
  `${messagePath(mailboxPath, params.messageId)}/attachments/${itemId("attachmentId", params.attachmentId)}`;

export const listAttachments = action({
  display: {
    label: "List Attachments",
    description: "List a message's attachments (names, types, sizes; content on request).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    includeContent: input({
      label: "Include Content",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Return each attachment's content (base64) too.",
    }),
  },
  perform: async (_context, params) => {
    const includeContent = flag("includeContent", params.includeContent, false);
    const { graph, path } = mailbox(params);
    const page = await graph.call<{ value: FileAttachment[] }>({
      method: "GET",
      path: `${messagePath(path, params.messageId)}/attachments`,
      query: includeContent ? undefined : { $select: "id,name,contentType,size,isInline,lastModifiedDateTime" },
      notFound: "messageId",
    });
    return { data: page.value };
  },
});

export const getAttachment = action({
  display: {
    label: "Get Attachment",
    description: "Get an attachment with its content, as file data for later steps.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    attachmentId: attachmentIdInput,
  },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    const item = attachmentPath(path, params);
    const meta = await graph.call<FileAttachment>({
      method: "GET",
      path: item,
      query: { $select: "id,name,contentType,size,isInline,contentId,lastModifiedDateTime" },
      notFound: "attachmentId",
    });
    // The raw bytes, not contentBytes: large attachments would otherwise travel base64 in JSON.
    const content = await graph.call<Buffer>({
      method: "GET",
      path: `${item}/$value`,
      responseType: "bytes",
      notFound: "attachmentId",
    });
    return { data: { ...meta, file: { data: content, contentType: meta.contentType ?? "application/octet-stream" } } };
  },
});

export const addAttachment = action({
  display: {
    label: "Add Attachment",
    description:
      "Add a file of any size up to 150 MB to a message (usually a draft): in one request under 3 MB, through an upload session above.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    fileName: input({ label: "File Name", type: "string", required: true, example: "report.pdf" }),
    file: input({ label: "File", type: "data", required: true }),
    isInline: input({
      label: "Inline",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Show the attachment in the body (reference it with cid:Content ID).",
    }),
    contentId: input({ label: "Content ID", type: "string", required: false }),
  },
  perform: async (_context, params) => {
    const attachment = attachmentFrom("fileName", params.fileName, "file", params.file);
    attachment.isInline = flag("isInline", params.isInline, false);
    attachment.contentId = text(params.contentId);
    const { graph, path } = mailbox(params);
    const item = messagePath(path, params.messageId);
    const large = attachment.content.length >= INLINE_LIMIT_BYTES;
    if (large) await uploadLargeAttachment(graph, item, attachment);
    else await addInlineAttachment(graph, item, attachment);
    return {
      data: {
        name: attachment.name,
        contentType: attachment.contentType,
        size: attachment.content.length,
        method: large ? "uploadSession" : "inline",
      },
    };
  },
});

export const deleteAttachment = action({
  display: { label: "Delete Attachment", description: "Remove an attachment from a message." },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    attachmentId: attachmentIdInput,
  },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    await graph.call({ method: "DELETE", path: attachmentPath(path, params), notFound: "attachmentId" });
    return { data: { deleted: true, attachmentId: params.attachmentId } };
  },
});
