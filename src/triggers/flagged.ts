import { createHash } from "node:crypto";
import { input, pollingTrigger } from "@prismatic-io/spectral";
import type { Message } from "@microsoft/microsoft-graph-types";
import { isSyncReset, messageDelta, type DeltaResult } from "../graph/delta";
import { openMailbox, type MailboxRef } from "../graph/mailbox";
import { folderPath } from "../graph/mailFolders";
import { linkFromGraph } from "../graph/paging";
import { connectionInput, flag, mailboxInput, text } from "../inputs/common";
import { inputText, itemRefOr, type ItemRef } from "../inputs/ids";
import { watchedFolderInput } from "../inputs/mailFolders";
import { publicPayload } from "../webhooks/request";
import { selectWithField } from "./polling";

/**
 * Mail whose flag becomes "flagged", by polling Graph's delta query on a folder. The state holds the
 * delta link and a print of each message known to be flagged now: a change that shows a message
 * flagged and not in the prints is a flagging (emitted, printed); one that shows it unflagged or
 * gone drops its print, so flagging it again is emitted again. When the delta link expires, a fresh
 * round lists the whole folder and is compared with the prints, so flaggings in between are emitted
 * once and none twice. The state is saved only once a poll has read every page.
 */

/** Messages remembered as flagged (about 16 characters each); beyond this the longest-known are forgotten. */
export const MAX_FLAGGED_PRINTS = 5000;

interface FlaggedState {
  deltaLink?: string;
  folder?: string;
  /** Prints of the ids of messages flagged now, oldest first. */
  flagged?: string[];
}

const print = (id: string) => createHash("sha256").update(id).digest("base64url").slice(0, 16);
const isFlagged = (m: Message) => m.flag?.flagStatus === "flagged";

/** A full round on the folder: every message in it now, and the link for the next poll. */
function fullRound(mb: MailboxRef, folder: ItemRef, select: string | undefined): Promise<DeltaResult> {
  return messageDelta(mb, { folder, query: { $select: inputText("select", select) } });
}

/** The prints after a full round (exactly the messages flagged now) and the flaggings not printed before. */
function compareFull(round: DeltaResult, known: Set<string>) {
  const flagged = round.changes.filter(isFlagged);
  const emitted = flagged.filter((m) => !known.has(print(m.id!)));
  const kept = new Set(flagged.map((m) => print(m.id!)));
  return { emitted, prints: [...known].filter((p) => kept.has(p)).concat(emitted.map((m) => print(m.id!))) };
}

/** The prints after a round of changes, and the flaggings among them, in the order Graph gave them. */
function applyChanges(round: DeltaResult, known: Set<string>) {
  const emitted: Message[] = [];
  for (const id of round.removed) known.delete(print(id));
  for (const m of round.changes) {
    const p = print(m.id!);
    if (!isFlagged(m)) known.delete(p);
    else if (!known.has(p)) {
      known.add(p);
      emitted.push(m);
    }
  }
  return { emitted, prints: [...known] };
}

/** One poll: the first (prints taken), one from the link, or a fresh full round after Graph expired the link. */
async function poll(mb: MailboxRef, folder: ItemRef, select: string | undefined, state: FlaggedState, first: boolean) {
  const known = new Set(state.flagged ?? []);
  if (first) {
    const round = await fullRound(mb, folder, select);
    return { round, ...compareFull(round, new Set()), restarted: undefined };
  }
  try {
    const round = await messageDelta(mb, { link: linkFromGraph(state.deltaLink!) });
    return { round, ...applyChanges(round, known), restarted: undefined };
  } catch (e) {
    if (!isSyncReset(e)) throw e;
    const round = await fullRound(mb, folder, select);
    const why = "Graph no longer had this folder's sync state (the delta link expired): the folder was read afresh.";
    return { round, ...compareFull(round, known), restarted: why };
  }
}

export const flaggedMailPolling = pollingTrigger({
  display: {
    label: "Flagged Mail (Polling)",
    description:
      "Checks a folder on a schedule and emits each message once when its flag becomes 'flagged' (flagging it " +
      "again after clearing the flag emits it again). Mail that arrives or is moved in already flagged counts as " +
      "flagged then. Needs Mail.Read.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: watchedFolderInput("The folder to watch (an ID or a well-known name such as inbox)."),
    select: input({
      label: "Select",
      type: "string",
      default: "subject,from,receivedDateTime,flag,importance,bodyPreview",
      required: false,
      comments: "Message properties to emit (flag is always included); every property when empty.",
    }),
    emitExisting: input({
      label: "Emit Existing Flagged Mail",
      type: "boolean",
      default: "false",
      required: false,
      comments: "On the first poll, emit the messages already flagged too (otherwise they are only remembered).",
    }),
  },
  perform: async (context, payload, params) => {
    const emitExisting = flag("emitExisting", params.emitExisting, false);
    const select = selectWithField(text("select", params.select), "flag");
    const mb = openMailbox(params.connection, params.mailbox);
    const ref = itemRefOr("folderId", params.folderId, "inbox");
    const folder = String(folderPath(mb, ref));
    const state = (context.polling.getState() ?? {}) as FlaggedState;
    const first = !state.deltaLink || state.folder !== folder;
    const result = await poll(mb, ref, select, first ? {} : state, first);
    const flagged = result.prints.slice(-MAX_FLAGGED_PRINTS);
    context.polling.setState({ deltaLink: result.round.deltaLink, folder, flagged } satisfies FlaggedState);
    const messages = first && !emitExisting ? [] : result.emitted;
    if (result.restarted) context.logger.warn(`Flagged Mail (Polling): ${result.restarted}`);
    const restart = result.restarted ? { restarted: true, restartReason: result.restarted } : {};
    // What the flow sees carries no secret: the flows' webhook API keys and the invocation's raw body stay out.
    const seen = publicPayload(payload, messages);
    return { payload: { ...seen, ...restart }, polledNoChanges: messages.length === 0 };
  },
});
