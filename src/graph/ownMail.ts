import type { Message } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import { batch } from "./batch";
import type { MailboxRef } from "./mailbox";
import { folderPath } from "./mailFolders";

/**
 * The mailbox's own echoes: Graph reports the copies a mailbox makes of what it writes and sends (a
 * draft saved in Drafts, each sent message's copy in Sent Items, mail waiting in Outbox) like any
 * other new mail. The new-mail triggers skip them unless asked, or unless the folder chosen is one
 * of those folders.
 */

export const OWN_FOLDERS = ["drafts", "sentitems", "outbox"] as const;

export interface OwnFolders {
  /** The ids of Drafts, Sent Items and Outbox (those the mailbox has). */
  ids: string[];
  /** The folder the trigger watches is one of them: its mail is what was asked for. */
  watchedIsOwn: boolean;
}

/**
 * The ids of the mailbox's Drafts, Sent Items and Outbox, and whether `watched` is one of them: four
 * reads in one JSON batch. A folder the mailbox lacks is left out; the watched folder's own failure
 * (404: it is not there) is thrown, blaming the input that named it.
 */
export async function ownFolders(mb: MailboxRef, watched: ItemRef): Promise<OwnFolders> {
  const names: (string | ItemRef)[] = [...OWN_FOLDERS, watched];
  const results = await batch<{ id?: string }>(
    mb.graph,
    names.map((f) => ({
      method: "GET" as const,
      path: folderPath(mb, f),
      query: { $select: "id" },
      notFound: typeof f === "string" ? undefined : f.input,
    })),
  );
  const watchedResult = results[OWN_FOLDERS.length];
  if (!watchedResult.ok) throw watchedResult.error;
  const own = results.slice(0, OWN_FOLDERS.length).map((r) => {
    if (r.ok) return r.body?.id;
    if (r.status !== 404) throw r.error;
    return undefined;
  });
  const ids = own.filter((id): id is string => typeof id === "string");
  return { ids, watchedIsOwn: ids.includes(String(watchedResult.body?.id)) };
}

/** Whether a message is one of the mailbox's own echoes: a draft, or mail in Drafts, Sent Items or Outbox. */
export function isOwnEcho(message: Pick<Message, "isDraft" | "parentFolderId">, ownIds: readonly string[]): boolean {
  return (
    message.isDraft === true || (typeof message.parentFolderId === "string" && ownIds.includes(message.parentFolderId))
  );
}
