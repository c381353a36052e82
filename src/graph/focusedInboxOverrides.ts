import type { EmailAddress, InferenceClassificationOverride } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import type { MailboxRef } from "./mailbox";
import { allPages } from "./paging";
import { graphPath, type GraphPath } from "./path";

/** Focused Inbox overrides (Graph's inferenceClassificationOverride): senders whose mail always goes to one side. */

export type Classification = "focused" | "other";

const overridesOf = (mb: MailboxRef): GraphPath => graphPath`${mb.root}/inferenceClassification/overrides`;
const overridePath = (mb: MailboxRef, override: ItemRef): GraphPath => graphPath`${overridesOf(mb)}/${override}`;

export function list(mb: MailboxRef): Promise<InferenceClassificationOverride[]> {
  return allPages<InferenceClassificationOverride>(mb.graph, { method: "GET", path: overridesOf(mb) });
}

/** Creates an override (Graph updates the sender's existing one instead of adding a second). */
export function create(
  mb: MailboxRef,
  sender: EmailAddress,
  classifyAs: Classification,
): Promise<InferenceClassificationOverride> {
  return mb.graph.call<InferenceClassificationOverride>({
    method: "POST",
    path: overridesOf(mb),
    body: { classifyAs, senderEmailAddress: sender },
  });
}

export function update(
  mb: MailboxRef,
  override: ItemRef,
  classifyAs: Classification,
): Promise<InferenceClassificationOverride> {
  return mb.graph.call<InferenceClassificationOverride>({
    method: "PATCH",
    path: overridePath(mb, override),
    body: { classifyAs },
    notFound: override.input,
  });
}

export async function remove(mb: MailboxRef, override: ItemRef): Promise<void> {
  await mb.graph.call({ method: "DELETE", path: overridePath(mb, override), notFound: override.input });
}
