import type { AutomaticRepliesSetting, MailboxSettings } from "@microsoft/microsoft-graph-types";
import type { MailboxRef } from "./mailbox";
import { graphPath } from "./path";

/** A mailbox's settings (Graph's mailboxSettings): time zone, language, formats, automatic replies. */

const settingsPath = (mb: MailboxRef) => graphPath`${mb.root}/mailboxSettings`;

export function get(mb: MailboxRef): Promise<MailboxSettings> {
  return mb.graph.call<MailboxSettings>({ method: "GET", path: settingsPath(mb) });
}

/** Changes the settings given; Graph answers with them. */
export function update(mb: MailboxRef, patch: MailboxSettings): Promise<MailboxSettings> {
  return mb.graph.call<MailboxSettings>({ method: "PATCH", path: settingsPath(mb), body: patch });
}

/** The automatic replies (out of office) setting, or null when Graph has none. */
export async function getAutomaticReplies(mb: MailboxRef): Promise<AutomaticRepliesSetting | null> {
  const settings = await mb.graph.call<MailboxSettings>({
    method: "GET",
    path: settingsPath(mb),
    query: { $select: "automaticRepliesSetting" },
  });
  return settings.automaticRepliesSetting ?? null;
}

export async function updateAutomaticReplies(
  mb: MailboxRef,
  setting: AutomaticRepliesSetting,
): Promise<AutomaticRepliesSetting | null> {
  const settings = await update(mb, { automaticRepliesSetting: setting });
  return settings.automaticRepliesSetting ?? null;
}
