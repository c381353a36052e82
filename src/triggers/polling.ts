import { input, pollingTrigger } from "@prismatic-io/spectral";
import { syncFolder } from "../graph/delta";
import type { DeltaMark, SyncMode } from "../graph/deltaMark";
import { openMailbox } from "../graph/mailbox";
import { folderPath } from "../graph/mailFolders";
import { linkFromGraph } from "../graph/paging";
import { choice, connectionInput, flag, mailboxInput, text } from "../inputs/common";
import { cleanChoice, cleanId } from "../inputs/clean";
import { inputText, itemRefOr } from "../inputs/ids";
import { publicPayload } from "../webhooks/request";

const CHANGE_TYPES = ["created", "updated", "created,updated"] as const;

interface PollState {
  deltaLink?: string;
  folder?: string;
  /** What has been emitted (bounded), so a fresh round after the link expired emits only what is new. */
  mark?: DeltaMark;
}

/**
 * New (or changed) mail in a folder, by polling Graph's delta query. The delta link and a bounded
 * watermark are the state, saved once a poll has fetched every page: a poll that fails part-way
 * emits nothing and the next one starts from the same link, so each change is emitted exactly
 * once across runs, restarts and failures. When Graph expires the link (410 SyncStateNotFound),
 * a fresh round starts and emits only what the watermark shows was not emitted yet; the payload
 * says so (`restarted`, `restartReason`).
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
      comments: "The folder to poll: an ID or a well-known name.",
      dataSource: "selectMailFolder",
      clean: cleanId("folderId"),
    }),
    changeTypes: input({
      label: "Change Types",
      type: "string",
      model: CHANGE_TYPES.map((v) => ({ label: v, value: v })),
      default: "created",
      required: false,
      comments: "Emit new messages, changed ones, or both.",
      clean: cleanChoice("changeTypes", CHANGE_TYPES),
    }),
    select: input({
      label: "Select",
      type: "string",
      default: "subject,from,receivedDateTime,isRead,hasAttachments,bodyPreview",
      required: false,
      comments:
        "Message properties to emit (receivedDateTime, lastModifiedDateTime and changeKey are always included).",
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
    const options = {
      folder: ref,
      query: {
        $select: inputText("select", text("select", params.select)),
        changeType: changeType === "created,updated" ? undefined : changeType,
      },
      mode: changeType as SyncMode,
    };
    const round = await syncFolder(mb, options, resume ? { link: linkFromGraph(resume), mark: state.mark } : {});
    context.polling.setState({ deltaLink: round.deltaLink, folder, mark: round.mark } satisfies PollState);
    const messages = resume || emitExisting ? round.changes : [];
    if (round.restarted) context.logger.warn(`New Mail (Polling): ${round.restarted}`);
    const restart = round.restarted ? { restarted: true, restartReason: round.restarted } : {};
    // What the flow sees carries no secret: the flows' webhook API keys and the invocation's raw body stay out.
    const seen = publicPayload(payload, messages);
    return { payload: { ...seen, ...restart }, polledNoChanges: messages.length === 0 };
  },
});
