import { input, pollingTrigger } from "@prismatic-io/spectral";
import { messageDelta } from "../graph/delta";
import { openMailbox } from "../graph/mailbox";
import { folderPath } from "../graph/mailFolders";
import { linkFromGraph } from "../graph/paging";
import { choice, connectionInput, flag, mailboxInput, text } from "../inputs/common";
import { inputText, itemRefOr } from "../inputs/ids";

const CHANGE_TYPES = ["created", "updated", "created,updated"] as const;

interface PollState {
  deltaLink?: string;
  folder?: string;
}

/**
 * New (or changed) mail in a folder, by polling Graph's delta query. The delta link is the only
 * state, saved once a poll has fetched every page: a poll that fails part-way emits nothing and
 * the next one starts from the same link, so each change is emitted exactly once across runs,
 * restarts and failures.
 */
export const mailPolling = pollingTrigger({
  display: {
    label: "New Mail (Polling)",
    description: "Checks a folder on a schedule and emits each new (or changed) message exactly once.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: input({
      label: "Folder ID",
      type: "string",
      default: "inbox",
      required: false,
      dataSource: "selectMailFolder",
    }),
    changeTypes: input({
      label: "Change Types",
      type: "string",
      model: CHANGE_TYPES.map((v) => ({ label: v, value: v })),
      default: "created",
      required: false,
    }),
    select: input({
      label: "Select",
      type: "string",
      default: "subject,from,receivedDateTime,isRead,hasAttachments,bodyPreview",
      required: false,
      comments: "Message properties to emit.",
    }),
    emitExisting: input({
      label: "Emit Existing Mail",
      type: "boolean",
      default: "false",
      required: false,
      comments: "On the first poll, emit what is already in the folder too.",
    }),
  },
  perform: async (context, payload, params) => {
    const changeType = choice("changeTypes", params.changeTypes, CHANGE_TYPES, "created");
    const emitExisting = flag("emitExisting", params.emitExisting, false);
    const mb = openMailbox(params.connection, params.mailbox);
    const ref = itemRefOr("folderId", params.folderId, "inbox");
    // The state names the folder by its path, so a change of folder or mailbox starts over.
    const folder = String(folderPath(mb, ref));
    const state = (context.polling.getState() ?? {}) as PollState;
    const resume = state.deltaLink && state.folder === folder ? state.deltaLink : undefined;
    const query = {
      $select: inputText("select", text("select", params.select)),
      changeType: changeType === "created,updated" ? undefined : changeType,
    };
    const round = await messageDelta(mb, resume ? { link: linkFromGraph(resume) } : { folder: ref, query });
    context.polling.setState({ deltaLink: round.deltaLink, folder } satisfies PollState);
    const messages = resume || emitExisting ? round.changes : [];
    return { payload: { ...payload, body: { data: messages } }, polledNoChanges: messages.length === 0 };
  },
});
