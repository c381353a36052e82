import type { ConvertIdResult } from "@microsoft/microsoft-graph-types";
import type { IdFormat } from "../inputs/exchangeIds";
import type { MailboxRef } from "./mailbox";
import { graphPath } from "./path";

/** Outlook item ids between their formats (Graph's translateExchangeIds on a user). */

/**
 * Translates ids of the mailbox's items from one format to another; each result carries the target id or the reason
 * it has none. Translating changes nothing, so after a lost answer it is simply asked again.
 */
export async function translate(
  mb: MailboxRef,
  ids: string[],
  sourceIdType: IdFormat,
  targetIdType: IdFormat,
): Promise<ConvertIdResult[]> {
  const answer = await mb.graph.call<{ value?: ConvertIdResult[] }>({
    method: "POST",
    path: graphPath`${mb.root}/translateExchangeIds`,
    body: { inputIds: ids, sourceIdType, targetIdType },
    repeatable: true,
  });
  return answer.value ?? [];
}
