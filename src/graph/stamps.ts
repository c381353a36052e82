import { randomUUID } from "node:crypto";
import type { Message } from "@microsoft/microsoft-graph-types";
import { GraphServiceError } from "../errors";
import type { Graph } from "./client";
import type { MailboxRef } from "./mailbox";
import { folderPath } from "./mailFolders";
import { confirmation, lookFor, type Confirmation } from "./lostAnswers";
import { graphPath, type GraphPath } from "./path";

/**
 * Stamps: a unique id set on a message the component sends or creates, as a single-value extended
 * property in the component's own property set, so that after a lost answer the message can be
 * looked up ($filter on the property) in Sent Items or Drafts; and a draft's fate (sent drafts leave
 * Drafts) for drafts that carry no stamp.
 */

/** The component's named property (its own GUID namespace): one value per send or create. */
export const STAMP_PROPERTY = "String {c5a2e8d4-1f3b-4a6c-9e7d-2b8f0a4c6e13} Name OutlookConnectorStamp";

export interface Stamp {
  value: string;
  /** The property to put in the message's singleValueExtendedProperties. */
  property: { id: string; value: string };
}

export function newStamp(): Stamp {
  const value = randomUUID();
  return { value, property: { id: STAMP_PROPERTY, value } };
}

/** The message with the stamp added to its extended properties (the caller's own properties kept). */
export function stamped<M extends Message>(message: M, stamp: Stamp): M {
  const existing = (message.singleValueExtendedProperties ?? []).filter((p) => p.id !== STAMP_PROPERTY);
  return { ...message, singleValueExtendedProperties: [...existing, stamp.property] };
}

/** The item (message, contact) carrying the stamp in a collection, or undefined; `select` trims what is read. */
export async function findStampedIn<T>(
  graph: Graph,
  collection: GraphPath,
  stamp: Stamp,
  select?: string,
): Promise<T | undefined> {
  const page = await graph.call<{ value: T[] }>({
    method: "GET",
    path: collection,
    query: {
      $filter: `singleValueExtendedProperties/Any(ep: ep/id eq '${STAMP_PROPERTY}' and ep/value eq '${stamp.value}')`,
      $select: select,
      $top: 1,
    },
  });
  return page.value[0];
}

/** The message carrying the stamp in a folder (well-known name or id), or undefined; `select` trims what is read. */
export function findStamped(
  mb: MailboxRef,
  folder: string,
  stamp: Stamp,
  select?: string,
): Promise<Message | undefined> {
  return findStampedIn<Message>(mb.graph, graphPath`${folderPath(mb, folder)}/messages`, stamp, select);
}

/**
 * A lookup for `confirm`: the stamped message in the folder. A sent message's copy may reach Sent
 * Items a little after Graph answered, so `filedLater` keeps looking for the settle time; a created
 * draft exists as soon as it is created, so one look tells.
 */
export function confirmStamped(
  mb: MailboxRef,
  folder: string,
  stamp: Stamp,
  filedLater: boolean,
): () => Promise<Confirmation> {
  return async () => {
    const look = () => findStamped(mb, folder, stamp);
    const found = filedLater ? await lookFor(look) : await look();
    return confirmation(found);
  };
}

/**
 * A lookup for `confirm` after sending a draft: sent when Graph no longer finds it (it left Drafts
 * under a new id) or finds it no longer a draft (immutable ids keep the id); still a draft once the
 * settle time has passed means it was not sent.
 */
export function confirmDraftSent(mb: MailboxRef, draft: GraphPath): () => Promise<Confirmation> {
  return async () => {
    const sent = await lookFor(async () => {
      try {
        const found = await mb.graph.call<Message>({ method: "GET", path: draft, query: { $select: "isDraft" } });
        return found.isDraft === false ? true : undefined;
      } catch (e) {
        if (e instanceof GraphServiceError && e.status === 404) return true;
        throw e;
      }
    });
    return { tookEffect: Boolean(sent) };
  };
}
