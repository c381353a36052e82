import { action, input } from "@prismatic-io/spectral";
import { ArgumentError } from "../../errors";
import { syncFolder } from "../../graph/delta";
import { decodeMark, encodeMark, type DeltaMark, type SyncMode } from "../../graph/deltaMark";
import { openMailbox } from "../../graph/mailbox";
import { userLink } from "../../graph/paging";
import { connectionInput, mailboxInput, picklist, text } from "../../inputs/common";
import { cleanChoice } from "../../inputs/clean";
import { itemRef } from "../../inputs/ids";
import { folderIdInput } from "../../inputs/mailFolders";
import { readSyncOptions, SYNC_CHANGE_TYPES } from "../../inputs/messages";

/**
 * Incremental sync of a folder (Graph's delta query): the first run returns what is there, a
 * Delta Link and a Watermark; give both back next time to get only what changed since, removals
 * included. The action keeps no state, so the Watermark (a bounded, opaque summary of what runs
 * have returned so far) travels with the Delta Link: when Graph has expired the link (410
 * SyncStateNotFound), a fresh round starts with the same folder and options, and only what the
 * Watermark does not cover is returned, with `restarted: true` and the reason.
 */
export const syncMessages = action({
  display: {
    label: "Sync Folder Messages",
    description:
      "Get what changed in a folder since the last sync (created, updated and removed messages), with Graph's delta " +
      "query and every page followed, and the state to resume from: give deltaLink and watermark back next time, " +
      "with the same folder and options.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: folderIdInput,
    deltaLink: input({
      label: "Delta Link",
      type: "string",
      required: false,
      comments:
        "The deltaLink a previous run returned. Empty for a first, full sync. It must point at the connection's " +
        "Graph host.",
    }),
    watermark: input({
      label: "Watermark",
      type: "string",
      required: false,
      comments:
        "The watermark the previous run returned, given back with its Delta Link: if Graph has expired the link, " +
        "the fresh sync returns only what earlier runs have not. Opaque and bounded: at most 1,000 prints of about " +
        "30 characters.",
    }),
    select: input({
      label: "Select",
      type: "string",
      required: false,
      comments:
        "Comma-separated properties to return (the first sync sets them; give the same each time, as a fresh sync " +
        "after an expired link uses them again). receivedDateTime, lastModifiedDateTime and changeKey are always " +
        "included.",
    }),
    changeType: input({
      label: "Change Type",
      type: "string",
      model: picklist(SYNC_CHANGE_TYPES),
      default: "all",
      required: false,
      comments: "Which changes to return: all, or only created, updated or deleted messages.",
      clean: cleanChoice("changeType", SYNC_CHANGE_TYPES),
    }),
    receivedSince: input({
      label: "Received Since",
      type: "string",
      required: false,
      placeholder: "2026-11-01T00:00:00Z",
      comments: "First sync only: messages received at or after this ISO 8601 time.",
    }),
  },
  perform: async (_context, params) => {
    const query = readSyncOptions(params);
    const mark = readWatermark(params.watermark);
    const mb = openMailbox(params.connection, params.mailbox);
    const link = text("deltaLink", params.deltaLink)?.trim();
    const options = { folder: itemRef("folderId", params.folderId), query, mode: modeOf(query.changeType) };
    // A link goes back only to the connection's own Graph host, with the token.
    const from = link ? { link: userLink(mb.graph, link, "deltaLink", "$deltatoken"), mark } : { mark };
    const { mark: next, restarted, ...result } = await syncFolder(mb, options, from);
    return {
      data: {
        ...result,
        watermark: encodeMark(next),
        ...(restarted ? { restarted: true, restartReason: restarted } : {}),
      },
    };
  },
});

function modeOf(changeType: string | undefined): SyncMode {
  return changeType === "created" || changeType === "updated" || changeType === "deleted"
    ? changeType
    : "created,updated";
}

function readWatermark(value: unknown): DeltaMark | undefined {
  const given = text("watermark", value);
  if (given === undefined) return undefined;
  const mark = decodeMark(given);
  if (!mark) throw new ArgumentError("watermark", "'watermark' must be the watermark a previous sync returned.");
  return mark;
}
