import { action, input } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as messages from "../../graph/messages";
import { connectionInput, mailboxInput, text } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";
import { messageIdInput } from "../../inputs/messages";

/** Characters no file system takes in a name (Windows' set, the strictest), and control characters. */
const NOT_IN_FILE_NAMES = /[\\/:*?"<>|]+/g;

/** A file name from the subject: unsafe characters replaced, at most 100 characters, ".eml" added. */
export function emlFileName(subject: string | null | undefined): string {
  const printable = [...(subject ?? "")].map((c) => (c.charCodeAt(0) < 32 || c === "\u007f" ? "_" : c)).join("");
  const base = printable.replace(NOT_IN_FILE_NAMES, "_").replace(/\s+/g, " ").trim().slice(0, 100).trim();
  return `${base.replace(/^\.+/, "") || "message"}.eml`;
}

export const getMessageAsEml = action({
  display: {
    label: "Get Message as EML",
    description:
      "Get a message as an .eml file (its full MIME content, RFC 822, attachments included) for later steps: " +
      "save it, attach it, or hand it to another system. Returns the file ({ data, contentType: message/rfc822 }), " +
      "a file name and the message's size in bytes.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    fileName: input({
      label: "File Name",
      type: "string",
      required: false,
      example: "invoice-request.eml",
      comments: "The name to give the file. Defaults to the message's subject with .eml added (message.eml if none).",
    }),
  },
  perform: async (_context, params) => {
    const chosenName = text("fileName", params.fileName);
    const mb = openMailbox(params.connection, params.mailbox);
    const { message, mime } = await messages.mimeOf(
      mb,
      itemRef("messageId", params.messageId),
      "id,subject,internetMessageId",
    );
    return {
      data: {
        messageId: message.id,
        internetMessageId: message.internetMessageId ?? null,
        subject: message.subject ?? null,
        fileName: chosenName ?? emlFileName(message.subject),
        size: mime.length,
        file: { data: mime, contentType: "message/rfc822" },
      },
    };
  },
});
