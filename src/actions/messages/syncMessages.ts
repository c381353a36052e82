import { action, input } from "@prismatic-io/spectral";
import { ArgumentError } from "../../errors";
import { deltaRound } from "../../graph/delta";
import { choice, connectionInput, mailboxInput, text } from "../../inputs/common";
import { folderIdInput, folderPath, mailbox } from "../../inputs/mail";

const CHANGE_TYPES = ["all", "created", "updated", "deleted"] as const;

/**
 * Incremental sync of a folder (Graph's delta query): the first run returns what is there and a
 * Delta Link; give that link back next time to get only what changed since, removals included.
 */
export const syncMessages = action({
  display: {
    label: "Sync Folder Messages",
    description:
      "Get what changed in a folder since the last sync (created, updated and removed messages), and the state to resume from.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    folderId: folderIdInput,
    deltaLink: input({
      label: "Delta Link",
      type: "string",
      required: false,
      comments: "The deltaLink a previous run returned. Empty for a first, full sync.",
    }),
    select: input({
      label: "Select",
      type: "string",
      required: false,
      comments: "Comma-separated properties to return (first sync only; later runs keep them).",
    }),
    changeType: input({
      label: "Change Type",
      type: "string",
      model: CHANGE_TYPES.map((v) => ({ label: v, value: v })),
      default: "all",
      required: false,
    }),
    receivedSince: input({
      label: "Received Since",
      type: "string",
      required: false,
      comments: "First sync only: messages received at or after this ISO 8601 time.",
    }),
  },
  perform: async (_context, params) => {
    const changeType = choice("changeType", params.changeType, CHANGE_TYPES, "all");
    const since = text(params.receivedSince);
    if (since !== undefined && (Number.isNaN(Date.parse(since)) || !/^\d{4}-\d\d-\d\dT/.test(since))) {
      throw new ArgumentError(
        "receivedSince",
        `'receivedSince' must be an ISO 8601 date and time, e.g. 2026-11-01T00:00:00Z (got '${since}').`,
      );
    }
    const { graph, path } = mailbox(params);
    const link = text(params.deltaLink);
    if (link) {
      let url: URL;
      try {
        url = new URL(link);
      } catch {
        throw new ArgumentError("deltaLink", "'deltaLink' must be the full URL a previous sync returned.");
      }
      // The token goes only to the connection's Graph host.
      if (url.origin !== new URL(graph.conn.graphBaseUrl).origin || !url.searchParams.has("$deltatoken")) {
        throw new ArgumentError(
          "deltaLink",
          `'deltaLink' must be a delta link from ${graph.conn.graphBaseUrl} (it carries a $deltatoken).`,
        );
      }
    }
    const data = link
      ? await deltaRound(graph, { deltaLink: link })
      : await deltaRound(
          graph,
          {
            folderPath: folderPath(path, params.folderId),
            query: {
              $select: text(params.select),
              changeType: changeType === "all" ? undefined : changeType,
              $filter: since ? `receivedDateTime ge ${new Date(since).toISOString()}` : undefined,
            },
          },
          "folderId",
        );
    return { data };
  },
});
