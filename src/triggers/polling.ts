import { input, pollingTrigger } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import * as attachments from "../graph/attachments";
import { syncFolder } from "../graph/delta";
import type { DeltaMark, SyncMode } from "../graph/deltaMark";
import { openMailbox, type MailboxRef } from "../graph/mailbox";
import { folderPath } from "../graph/mailFolders";
import { isOwnEcho, ownFolders, type OwnFolders } from "../graph/ownMail";
import { linkFromGraph } from "../graph/paging";
import { choice, connectionInput, flag, mailboxInput, picklist, text } from "../inputs/common";
import { cleanChoice } from "../inputs/clean";
import { inputText, itemRefOr, type ItemRef } from "../inputs/ids";
import { watchedFolderInput } from "../inputs/mailFolders";
import { newMailInputs, readNewMailOptions, type NewMailOptions } from "../inputs/mailTriggers";
import { publicPayload } from "../webhooks/request";

const CHANGE_TYPES = ["created", "updated", "created,updated"] as const;

interface PollState {
  deltaLink?: string;
  folder?: string;
  /** What has been emitted (bounded), so a fresh round after the link expired emits only what is new. */
  mark?: DeltaMark;
  /** The mailbox's Drafts, Sent Items and Outbox, read once per folder watched (when own mail is skipped). */
  own?: OwnFolders;
}

/** The Select to send: the user's with `field` in it (nothing added to an empty one, which returns every property). */
export function selectWithField(select: string | undefined, field: string): string | undefined {
  if (!select) return select;
  const fields = select.split(",").map((f) => f.trim());
  return fields.includes(field) ? select : `${select},${field}`;
}

/** Skips the mailbox's own drafts and sent copies unless asked (or the folder is one of theirs); adds attachments. */
export async function shapeNewMail(
  mb: MailboxRef,
  messages: Message[],
  options: NewMailOptions,
  own: OwnFolders | undefined,
): Promise<{ messages: Message[]; skippedOwnMail: number }> {
  const kept = own && !own.watchedIsOwn ? messages.filter((m) => !isOwnEcho(m, own.ids)) : messages;
  const skippedOwnMail = messages.length - kept.length;
  if (!options.attachments || !kept.length) return { messages: kept, skippedOwnMail };
  const found = await attachments.ofMessages(
    mb,
    kept.map((m) => m.id!),
    options.attachments.contentLimit,
  );
  return { messages: kept.map((m) => ({ ...m, ...found.get(m.id!) })), skippedOwnMail };
}

/** The folders of own mail, from the state while the folder stays the same, else read (one batch). */
async function ownFor(mb: MailboxRef, ref: ItemRef, state: PollState, folder: string, options: NewMailOptions) {
  if (options.includeOwnMail) return undefined;
  return state.own && state.folder === folder ? state.own : ownFolders(mb, ref);
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
    description:
      "Checks a folder on a schedule and emits each new (or changed) message exactly once, without the mailbox's " +
      "own drafts and sent copies unless asked, with its attachments on request.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: watchedFolderInput("The folder to poll: an ID or a well-known name."),
    changeTypes: input({
      label: "Change Types",
      type: "string",
      model: picklist(CHANGE_TYPES),
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
        "Message properties to emit (receivedDateTime, lastModifiedDateTime and changeKey are always included, and " +
        "isDraft while own drafts are skipped).",
    }),
    emitExisting: input({
      label: "Emit Existing Mail",
      type: "boolean",
      default: "false",
      required: false,
      comments: "On the first poll, emit what is already in the folder too.",
    }),
    ...newMailInputs,
  },
  perform: async (context, payload, params) => {
    const changeType = choice("changeTypes", params.changeTypes, CHANGE_TYPES, "created");
    const emitExisting = flag("emitExisting", params.emitExisting, false);
    const options = readNewMailOptions(params);
    // isDraft tells the mailbox's own drafts apart, while they are skipped.
    const given = text("select", params.select);
    const select = options.includeOwnMail ? given : selectWithField(given, "isDraft");
    const mb = openMailbox(params.connection, params.mailbox);
    const ref = itemRefOr("folderId", params.folderId, "inbox");
    // The state names the folder by its path, so a change of folder or mailbox starts over.
    const folder = String(folderPath(mb, ref));
    const state = (context.polling.getState() ?? {}) as PollState;
    const resume = state.deltaLink && state.folder === folder ? state.deltaLink : undefined;
    const own = await ownFor(mb, ref, state, folder, options);
    const sync = {
      folder: ref,
      query: {
        $select: inputText("select", select),
        changeType: changeType === "created,updated" ? undefined : changeType,
      },
      mode: changeType as SyncMode,
    };
    const round = await syncFolder(mb, sync, resume ? { link: linkFromGraph(resume), mark: state.mark } : {});
    const shaped = await shapeNewMail(mb, resume || emitExisting ? round.changes : [], options, own);
    context.polling.setState({ deltaLink: round.deltaLink, folder, mark: round.mark, own } satisfies PollState);
    if (round.restarted) context.logger.warn(`New Mail (Polling): ${round.restarted}`);
    const restart = round.restarted ? { restarted: true, restartReason: round.restarted } : {};
    const skipped = shaped.skippedOwnMail ? { skippedOwnMail: shaped.skippedOwnMail } : {};
    const messages = shaped.messages;
    // What the flow sees carries no secret: the flows' webhook API keys and the invocation's raw body stay out.
    const seen = publicPayload(payload, messages);
    return { payload: { ...seen, ...restart, ...skipped }, polledNoChanges: messages.length === 0 };
  },
});
