import { action, input } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { PropertyNullError } from "../../errors";
import { choice, connectionInput, flag, mailboxInput, text } from "../../inputs/common";
import { IMPORTANCES } from "../../inputs/compose";
import { mailbox, messageIdInput, messagePath } from "../../inputs/mail";

const FLAGS = ["notFlagged", "flagged", "complete"] as const;
const CLASSES = ["focused", "other"] as const;
const picklist = (values: readonly string[]) => values.map((v) => ({ label: v, value: v }));

export const updateMessage = action({
  display: {
    label: "Update Message",
    description:
      "Mark a message read or unread, categorize, flag, change its importance, or move it between Focused and Other.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    messageId: messageIdInput,
    isRead: input({
      label: "Is Read",
      type: "string",
      model: [
        { label: "(unchanged)", value: "" },
        { label: "read", value: "true" },
        { label: "unread", value: "false" },
      ],
      required: false,
    }),
    categories: input({
      label: "Categories",
      type: "string",
      collection: "valuelist",
      required: false,
      comments: "Replaces the message's categories.",
    }),
    importance: input({ label: "Importance", type: "string", model: picklist(IMPORTANCES), required: false }),
    flagStatus: input({ label: "Flag", type: "string", model: picklist(FLAGS), required: false }),
    inferenceClassification: input({
      label: "Focused Inbox",
      type: "string",
      model: picklist(CLASSES),
      required: false,
      comments: "focused or other.",
    }),
  },
  perform: async (_context, params) => {
    const patch: Message = {};
    if (text(params.isRead) !== undefined) patch.isRead = flag("isRead", params.isRead, false);
    if (Array.isArray(params.categories) && params.categories.length)
      patch.categories = params.categories.map(String).filter((c) => c.trim());
    if (text(params.importance) !== undefined)
      patch.importance = choice("importance", params.importance, IMPORTANCES, "normal");
    if (text(params.flagStatus) !== undefined)
      patch.flag = { flagStatus: choice("flagStatus", params.flagStatus, FLAGS, "notFlagged") };
    if (text(params.inferenceClassification) !== undefined)
      patch.inferenceClassification = choice(
        "inferenceClassification",
        params.inferenceClassification,
        CLASSES,
        "focused",
      );
    if (!Object.keys(patch).length)
      throw new PropertyNullError(
        "isRead",
        "Give at least one of Is Read, Categories, Importance, Flag or Focused Inbox to change.",
      );
    const { graph, path } = mailbox(params);
    const data = await graph.call<Message>({
      method: "PATCH",
      path: messagePath(path, params.messageId),
      body: patch,
      notFound: "messageId",
    });
    return { data };
  },
});
