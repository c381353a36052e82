import { action, input } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { itemId } from "../../graph/paths";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { mailbox, messageIdInput, messagePath } from "../../inputs/mail";

const destination = input({
  label: "Destination Folder ID",
  type: "string",
  required: true,
  comments: "A folder ID or well-known name (inbox, archive, deleteditems, junkemail, ...).",
  dataSource: "selectMailFolder",
});

function moveOrCopy(kind: "move" | "copy") {
  return action({
    display: {
      label: kind === "move" ? "Move Message" : "Copy Message",
      description:
        kind === "move"
          ? "Move a message to another folder. The moved message gets a new ID, which this returns."
          : "Copy a message to a folder.",
    },
    inputs: {
      connection: connectionInput,
      mailbox: mailboxInput,
      messageId: messageIdInput,
      destinationFolderId: destination,
    },
    perform: async (_context, params) => {
      const destinationId = decodeURIComponent(itemId("destinationFolderId", params.destinationFolderId));
      const { graph, path } = mailbox(params);
      const data = await graph.call<Message>({
        method: "POST",
        path: `${messagePath(path, params.messageId)}/${kind}`,
        body: { destinationId },
        notFound: "messageId",
      });
      return { data };
    },
  });
}

export const moveMessage = moveOrCopy("move");
export const copyMessage = moveOrCopy("copy");
