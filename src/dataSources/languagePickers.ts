import { dataSource } from "@prismatic-io/spectral";
import type { LocaleInfo } from "@microsoft/microsoft-graph-types";
import { openMailbox } from "../graph/mailbox";
import * as outlookUser from "../graph/outlookUser";
import { connectionInput, mailboxInput } from "../inputs/common";

/** "English (United States) — en-US". */
export function languageLabel(l: LocaleInfo): string {
  return l.displayName ? `${l.displayName} — ${l.locale}` : String(l.locale);
}

/** A language picker: the locales Outlook supports for the user, by name. */
export const selectLanguage = dataSource({
  display: { label: "Select Language", description: "Pick a language (locale) Outlook supports for the user." },
  dataSourceType: "picklist",
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    const found = (await outlookUser.supportedLanguages(mb)).filter((l) => l.locale);
    found.sort((a, b) => languageLabel(a).localeCompare(languageLabel(b)));
    return { result: found.map((l) => ({ key: l.locale!, label: languageLabel(l) })) };
  },
});
