/**
 * Which reference pages hold the examples of the resources the sandbox serves or is about to
 * serve, and the resource each page reports under. Beta pages are never read; examples in
 * languages other than HTTP are never read either (they are includes, not blocks, in the pages).
 */

export const API_DIR = "api-reference/v1.0/api";
export const CONCEPTS_DIR = "concepts";

/** API reference pages (file name patterns) and their resource, first match wins. */
const API_PAGES: [RegExp, string][] = [
  [/^attachment-|^(message|event)-(list|post)-attachments\.md$/, "attachment"],
  [
    /^user-sendmail\.md$|^message-(reply|replyall|forward|send|createreply|createreplyall|createforward)\.md$/,
    "mail action",
  ],
  [/^message-(copy|delete|delta|get|move|update)\.md$|^(user|mailfolder)-(list|post)-messages\.md$/, "message"],
  [/^mailfolder-(list|post)-messagerules\.md$|^messagerule-/, "messageRule"],
  [/^mailfolder-|^user-(list|post)-mailfolders\.md$/, "mailFolder"],
  [/^calendar-getschedule\.md$|^user-findmeetingtimes\.md$|^user-reminderview\.md$/, "schedule"],
  [/^calendar-list-calendarview\.md$|^user-list-calendarview\.md$/, "calendarView"],
  [/^event-|^calendar-(list|post)-events\.md$|^user-(list|post)-events\.md$/, "event"],
  [/^calendar-(delete|get|update)\.md$|^user-(list|post)-calendars\.md$/, "calendar"],
  [/^user-(get|update)-mailboxsettings\.md$/, "mailboxSettings"],
  [/^outlookuser-supported(languages|timezones)\.md$/, "outlookUser"],
  [/^outlookuser-(list|post)-mastercategories\.md$|^outlookcategory-/, "outlookCategory"],
  [/^inferenceclassification/, "inferenceClassification"],
  [/^user-getmailtips\.md$/, "mailTips"],
  [/^contactfolder-|^user-(list|post)-contactfolders\.md$/, "contactFolder"],
  [/^contact-|^user-(list|post)-contacts\.md$/, "contact"],
  [/^place-/, "place"],
  [/^subscription-(delete|get|list|post-subscriptions|update|reauthorize)\.md$/, "subscription"],
  [/^user-translateexchangeids\.md$/, "translateExchangeIds"],
  [/^user-(get|list)\.md$/, "user"],
];

/**
 * Concept pages that document these resources' protocols with request examples of their own
 * (JSON batching, delta query, large attachments, immutable ids, MIME, free/busy, meeting times).
 * Only their examples whose path is in the served surface count (see `inServedSurface`).
 */
const CONCEPT_PAGES: Record<string, string> = {
  "json-batching.md": "batch",
  "delta-query-messages.md": "message",
  "delta-query-events.md": "calendarView",
  "outlook-large-attachments.md": "attachment",
  "outlook-immutable-id.md": "translateExchangeIds",
  "outlook-get-mime-message.md": "message",
  "outlook-get-free-busy-schedule.md": "schedule",
  "findmeetingtimes-example.md": "schedule",
};

/** The resource an in-scope page reports under, or undefined for a page out of scope. */
export function resourceOfPage(path: string): string | undefined {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash);
  const file = path.slice(slash + 1);
  if (dir === API_DIR) return API_PAGES.find(([pattern]) => pattern.test(file))?.[1];
  if (dir === CONCEPTS_DIR) return CONCEPT_PAGES[file];
  return undefined;
}

/** Paths a concept page's example must address to count: a mailbox, users, subscriptions, places, $batch. */
export function inServedSurface(placeholderUrl: string): boolean {
  return /^\{graph\}\/(me\b|users\b|subscriptions\b|places\b|\$batch\b)/i.test(placeholderUrl);
}
