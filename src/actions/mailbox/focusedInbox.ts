import { action, input } from "@prismatic-io/spectral";
import type { InferenceClassificationOverride } from "@microsoft/microsoft-graph-types";
import { itemId } from "../../graph/paths";
import { choice, connectionInput, mailboxInput } from "../../inputs/common";
import { mailbox } from "../../inputs/mail";
import { parseRecipients } from "../../inputs/recipients";

const CLASSES = ["focused", "other"] as const;
const classifyAs = input({
  label: "Classify As",
  type: "string",
  model: CLASSES.map((v) => ({ label: v, value: v })),
  required: true,
});
const overrideIdInput = input({ label: "Override ID", type: "string", required: true });
const overrides = (path: string) => `${path}/inferenceClassification/overrides`;

export const listFocusedInboxOverrides = action({
  display: {
    label: "List Focused Inbox Overrides",
    description: "List the senders whose mail always goes to Focused or to Other.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    return { data: await graph.all<InferenceClassificationOverride>({ method: "GET", path: overrides(path) }) };
  },
});

export const createFocusedInboxOverride = action({
  display: {
    label: "Create Focused Inbox Override",
    description: "Always send a sender's mail to Focused or to Other (an existing override for the sender is updated).",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    sender: input({
      label: "Sender",
      type: "string",
      required: true,
      comments: "The sender's address, optionally 'Name <address>'.",
    }),
    classifyAs,
  },
  perform: async (_context, params) => {
    const [sender] = parseRecipients("sender", params.sender, true);
    const as = choice("classifyAs", params.classifyAs, CLASSES, "focused");
    const { graph, path } = mailbox(params);
    const data = await graph.call<InferenceClassificationOverride>({
      method: "POST",
      path: overrides(path),
      body: { classifyAs: as, senderEmailAddress: sender.emailAddress },
    });
    return { data };
  },
});

export const updateFocusedInboxOverride = action({
  display: { label: "Update Focused Inbox Override", description: "Change where a sender's mail goes." },
  inputs: { connection: connectionInput, mailbox: mailboxInput, overrideId: overrideIdInput, classifyAs },
  perform: async (_context, params) => {
    const as = choice("classifyAs", params.classifyAs, CLASSES, "focused");
    const { graph, path } = mailbox(params);
    const data = await graph.call<InferenceClassificationOverride>({
      method: "PATCH",
      path: `${overrides(path)}/${itemId("overrideId", params.overrideId)}`,
      body: { classifyAs: as },
      notFound: "overrideId",
    });
    return { data };
  },
});

export const deleteFocusedInboxOverride = action({
  display: { label: "Delete Focused Inbox Override", description: "Stop overriding where a sender's mail goes." },
  inputs: { connection: connectionInput, mailbox: mailboxInput, overrideId: overrideIdInput },
  perform: async (_context, params) => {
    const { graph, path } = mailbox(params);
    await graph.call({
      method: "DELETE",
      path: `${overrides(path)}/${itemId("overrideId", params.overrideId)}`,
      notFound: "overrideId",
    });
    return { data: { deleted: true, overrideId: params.overrideId } };
  },
});
